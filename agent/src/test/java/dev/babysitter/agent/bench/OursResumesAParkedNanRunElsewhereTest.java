package dev.babysitter.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NaN run parked for the DRI whose stopped instance cannot be started again (its GPUs were
 * rented meanwhile), through the product's controller. Before, it stayed parked for good: a new
 * instance would have resumed from the newest checkpoint, which is after the onset. Now the new
 * instance's first attempt resumes from the source the park recorded, before the onset.
 */
class OursResumesAParkedNanRunElsewhereTest {
  private static final long ONSET = 23_000;

  private static RunPlan plan() {
    return new RunPlan(7, 4, 5.0, 60_000, 5_000, Duration.ofMinutes(2), 25_000,
        Duration.ofMinutes(1), List.of(
            new RunPlan.Fault(FaultKind.NAN, ONSET, 1.0, Duration.ZERO, false)),
        List.of(), List.of(Duration.ofMinutes(2)), List.of(Duration.ofMinutes(10)),
        List.of(Duration.ofHours(2)), Duration.ofMinutes(5), List.of(true));
  }

  @Test
  void theNewInstanceResumesFromBeforeTheOnsetAndTheRunFinishes(@TempDir Path dir) {
    SimRunner runner = new SimRunner(Policies.defaults(), new TokenEstimate(1400), 2.5, dir);
    OursRun run = runner.oursRun(plan());

    run.run(SimRunner.horizon(plan()));

    SimInstance instance = run.instance();
    assertThat(run.provider().unparksRefused()).as("the stopped instance's GPUs were taken")
        .isEqualTo(1);
    assertThat(instance.doneAt()).as("finished on the new instance").isNotNull();
    assertThat(run.pages).as("one page: the NaN").isEqualTo(1);
    // Resumed from step 20,000 (the newest complete checkpoint before the onset at 23,000):
    // the progress lost is the 3,000 steps since, not everything since the newest checkpoint.
    assertThat(instance.lostS()).isLessThan((ONSET - 20_000 + 5_000) / 5.0);
  }
}
