package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.run.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A babysitter killed between recording a step and finishing it (issue 15): the record says what
 * was intended, and the next babysitter completes it instead of forgetting it or doing it twice.
 */
class KilledBetweenStepsTest {
  @TempDir Path tmp;
  private LocalRunFixture run;
  private RunRecord record;

  @AfterEach
  void destroy() throws Exception {
    if (record != null && record.instance != null) {
      run.factory.provider(run.spec).destroy(record.instance);
    }
  }

  private void launch(String command) throws Exception {
    run = new LocalRunFixture(tmp, "killed", command, "{}", LocalRunFixture.demoPolicy());
    record = new RunLauncher(run.factory, Clock.systemUTC()).launch(run.spec, run.specFile,
        run.repo).record();
  }

  private String babysit(Duration limit) throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    RunFactory fresh = new RunFactory(run.factory.workspace(), Clock.systemUTC(), run.repo);
    new BabysitLoop(fresh, Clock.systemUTC(), new PrintStream(screen, true,
        StandardCharsets.UTF_8)).run(List.of(run.spec), limit);
    record = fresh.store().load("killed").orElseThrow();
    return screen.toString(StandardCharsets.UTF_8);
  }

  private void waitFor(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(file)) {
      assertThat(System.nanoTime()).as("%s appears", file).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void sealedButKilledBeforeTheFinalSealWasWrittenIsFinishedByTheNextBabysitter()
      throws Exception {
    String ckpt = "{output_root}/checkpoints/step-60";
    launch("\"mkdir -p " + ckpt + " && echo '{}' > " + ckpt + "/metadata.json\"");
    waitFor(Path.of(record.instance.home(), "DONE"));
    // What handle(Seal) saved before the kill: sealed, phase done, the seal not yet written.
    record.sealed = true;
    record.sealPending = true;
    record.phase = "done";
    record.outcome = "done";
    run.factory.store().save(record);
    assertThat(record.finished()).isFalse();

    String screen = babysit(Duration.ofSeconds(60));

    assertThat(screen).doesNotContain("nothing to babysit");
    assertThat(record.sealPending).isFalse();
    assertThat(record.phase).isEqualTo("torn_down");
    String logbook = Files.readString(run.factory.logbookFile(run.spec));
    assertThat(logbook.split("done as planned", -1)).hasSize(2); // the Final Seal, once
  }

  @Test
  void aRelaunchRecordedButNeverSentIsSentOnceAndNotChargedAgain() throws Exception {
    // Fails once, then finishes: the relaunch is what gets it to DONE.
    String ckpt = "{output_root}/checkpoints/step-60";
    launch("\"if [ -e {output_root}/failed-once ]; then mkdir -p " + ckpt + " && echo '{}' > "
        + ckpt + "/metadata.json; else mkdir -p {output_root} && touch {output_root}/failed-once"
        + " && exit 3; fi\"");
    waitFor(Path.of(record.instance.home(), "trainer.rc"));
    // What handle(Relaunch) saved before the kill: charged and recorded, control/relaunch unsent.
    record.relaunchAttempt = 1;
    record.relaunches.add(new GuardState.RelaunchMark(Instant.now(), "other_error"));
    record.relaunchRequest = "";
    record.relaunchSentAt = null;
    run.factory.store().save(record);

    babysit(Duration.ofSeconds(90));

    assertThat(record.outcome).isEqualTo("done");
    assertThat(record.relaunches).hasSize(1);
    assertThat(Files.readString(run.factory.logbookFile(run.spec))).contains("relaunch re-sent");
  }
}
