package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A logbook that cannot reach its origin is said on the babysitter's screen, once. */
class UnpushedLogbookTest {
  @TempDir Path dir;

  @Test
  void aRejectedPushIsSaidOnceNotSwallowed() throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, "unpushed", LocalRunFixture.trainerCommand(10),
        "{}", LocalRunFixture.demoPolicy());
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    try {
      // Another writer holds the origin's branch (a fresh lock, never taken for stale).
      Path lock = dir.resolve("origin.git/refs/heads/main.lock");
      Files.writeString(lock, "0000000000000000000000000000000000000000\n");
      ByteArrayOutputStream screen = new ByteArrayOutputStream();
      new BabysitLoop(run.factory, Clock.systemUTC(), new PrintStream(screen, true,
          StandardCharsets.UTF_8)).run(List.of(run.spec), Duration.ofSeconds(8));
      String out = screen.toString(StandardCharsets.UTF_8);
      assertThat(out).contains("unpushed: logbook not pushed (");
      assertThat(out.split("logbook not pushed", -1)).as(out).hasSize(2);
    } finally {
      run.factory.provider(run.spec).destroy(launched.record().instance);
    }
  }
}
