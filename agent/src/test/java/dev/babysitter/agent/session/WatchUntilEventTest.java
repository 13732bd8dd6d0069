package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.cli.ExitCodes;
import dev.babysitter.agent.cli.Main;
import dev.babysitter.agent.run.RunRecord;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code babysitter watch RUN --until-event} returns the documented exit codes. */
class WatchUntilEventTest {

  private static int watch(LocalRunFixture run, String name) {
    return Main.commandLine().execute("watch", "--state",
        run.factory.workspace().root().toString(), name, "--until-event", "--timeout", "90s");
  }

  @Test
  void crashExits11AndDoneExits0(@TempDir Path dir) throws Exception {
    LocalRunFixture crashing = new LocalRunFixture(dir.resolve("a"), "crashing",
        LocalRunFixture.trainerCommand(10), "{TRAINER_FAULTS: \"crash@8\"}",
        LocalRunFixture.demoPolicy());
    LocalRunFixture healthy = new LocalRunFixture(dir.resolve("b"), "healthy",
        LocalRunFixture.trainerCommand(10), "{}", LocalRunFixture.demoPolicy());
    RunLauncher.Result a = new RunLauncher(crashing.factory, Clock.systemUTC())
        .launch(crashing.spec, crashing.specFile, crashing.repo);
    RunLauncher.Result b = new RunLauncher(healthy.factory, Clock.systemUTC())
        .launch(healthy.spec, healthy.specFile, healthy.repo);
    try {
      assertThat(watch(crashing, "crashing")).isEqualTo(ExitCodes.WATCH_CRASH);
      assertThat(watch(healthy, "healthy")).isEqualTo(ExitCodes.WATCH_DONE);
      RunRecord record = crashing.factory.store().load("crashing").orElseThrow();
      assertThat(record.relaunches).as("watch only observes").isEmpty();
    } finally {
      crashing.factory.provider(crashing.spec).destroy(a.instance());
      healthy.factory.provider(healthy.spec).destroy(b.instance());
    }
  }
}
