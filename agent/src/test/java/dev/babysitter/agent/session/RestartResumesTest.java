package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A babysitter killed and restarted mid-run resumes with its retry counts intact: with a budget
 * of one NCCL relaunch, the second NCCL crash must escalate even though every check was made
 * by a freshly started babysitter.
 */
class RestartResumesTest {

  @Test
  void retryBudgetSurvivesRestarts(@TempDir Path dir) throws Exception {
    String policy = LocalRunFixture.demoPolicy().replace("    nccl: 2", "    nccl: 1");
    LocalRunFixture run = new LocalRunFixture(dir, "restart", LocalRunFixture.trainerCommand(10),
        "{TRAINER_FAULTS: \"crash@15:once,crash@35:once\"}", policy);
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(launched.refusal()).isNull();

    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    int babysitters = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    RunRecord record;
    do {
      // A new factory, store and loop each time: nothing survives but what is on disk.
      RunFactory fresh = new RunFactory(run.factory.workspace(), Clock.systemUTC(), run.repo);
      new BabysitLoop(fresh, Clock.systemUTC(), new PrintStream(screen, true,
          StandardCharsets.UTF_8)).run(List.of(run.spec), Duration.ofSeconds(2));
      babysitters++;
      record = fresh.store().load("restart").orElseThrow();
    } while (!record.finished() && !"parked".equals(record.phase)
        && System.nanoTime() < deadline);

    assertThat(babysitters).isGreaterThan(3);
    assertThat(record.relaunches).extracting(m -> m.signature()).containsExactly("nccl");
    assertThat(record.outcome).isEqualTo("escalated");
    assertThat(record.phase).as("no GPU held while the DRI decides").isEqualTo("parked");
    assertThat(record.escalations.values()).extracting(RunRecord.Escalation::rule)
        .containsExactly("retry-budget");
  }
}
