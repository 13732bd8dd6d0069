package dev.babysitter.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that needs the DRI twice, for different reasons (a repeated OOM, then a NaN), through
 * the product's controller. Before the fix, the first approval (never spent: the parked
 * instance restarted the trainer by itself) started every later park again on its own, the NaN
 * onset outlived the lineage that cured it, and the finished run was escalated, parked and
 * restarted once a day: 2,400 GPU-hours held after the final step in one benchmark run.
 */
class OursWaitsForTheRightAnswerTest {
  private static RunPlan plan() {
    return new RunPlan(23, 2, 5.0, 120_000, 5_000, Duration.ofMinutes(2), 20_000,
        Duration.ofMinutes(1), List.of(
            new RunPlan.Fault(FaultKind.OOM, 6_000, 1, Duration.ZERO, false),
            new RunPlan.Fault(FaultKind.NAN, 60_000, 1, Duration.ZERO, false)),
        List.of(), List.of(Duration.ofMinutes(2)), List.of(Duration.ofMinutes(10)),
        List.of(Duration.ofMinutes(80), Duration.ofMinutes(20), Duration.ofHours(2)),
        Duration.ofMinutes(5), List.of(false));
  }

  @Test
  void eachParkWaitsForItsOwnAnswerAndTheFinishedRunIsSealed(@TempDir Path dir) {
    SimRunner runner = new SimRunner(Policies.defaults(), new TokenEstimate(1400), 2.5, dir);
    OursRun run = runner.oursRun(plan());

    run.run(SimRunner.horizon(plan()));

    SimInstance instance = run.instance();
    assertThat(instance.doneAt()).as("finished").isNotNull();
    assertThat(instance.destroyed()).as("torn down after the seal").isTrue();
    assertThat(instance.idleDoneS()).as("GPU-seconds held after the final step")
        .isLessThan(Duration.ofMinutes(15).toSeconds());
    // One escalation for the repeated OOM, one for the NaN: no page without a new question.
    assertThat(run.pages).isBetween(2, 3);
    assertThat(Duration.between(SimRunner.EPOCH, instance.doneAt()))
        .isLessThan(plan().nominal().plus(Duration.ofHours(12)));
  }
}
