package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.provider.Instance;
import java.nio.file.Files;
import java.time.Clock;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A launch killed between the provider starting the instance and the record saying so: the
 * next launch records that instance (babysit then watches it) and starts no second one. It
 * used to return it as "adopted" without a record, and babysit refused the run as never
 * launched while it trained unwatched (found by bench chaos --only kill9).
 */
class KilledDuringLaunchTest {
  @TempDir Path tmp;
  private LocalRunFixture run;
  private Instance started;

  @AfterEach
  void destroy() throws Exception {
    if (started != null) {
      run.factory.provider(run.spec).destroy(started);
    }
  }

  @Test
  void theLiveInstanceIsRecordedAndNoSecondOneStarts() throws Exception {
    run = new LocalRunFixture(tmp, "halfway", LocalRunFixture.trainerCommand(10), "{}",
        LocalRunFixture.demoPolicy());
    RunLauncher launcher = new RunLauncher(run.factory, Clock.systemUTC());
    // What the killed launch did: the provider acted, nothing was recorded.
    started = run.factory.provider(run.spec).launch(launcher.freshRequest(run.spec,
        run.factory.policy(run.spec), run.repo));
    assertThat(run.factory.store().load("halfway")).isEmpty();

    RunLauncher.Result again = launcher.launch(run.spec, run.specFile, run.repo);

    assertThat(again.alreadyRunning()).isTrue();
    assertThat(again.instance().id()).isEqualTo(started.id());
    RunRecord record = run.factory.store().load("halfway").orElseThrow();
    assertThat(record.instance).isNotNull();
    assertThat(record.instance.id()).isEqualTo(started.id());
    assertThat(record.phase).isEqualTo("running");
    assertThat(Files.readString(run.factory.logbookFile(run.spec)))
        .contains("- " + started.id());
    // and a launch after that is the plain adoption, still one instance
    assertThat(launcher.launch(run.spec, run.specFile, run.repo).instance().id())
        .isEqualTo(started.id());
  }
}
