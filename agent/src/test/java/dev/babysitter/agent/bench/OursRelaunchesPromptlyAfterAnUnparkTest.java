package dev.babysitter.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parked run the DRI approves: its stopped instance starts again and bills its GPUs from that
 * moment, so the approved relaunch follows within the shortest check interval, not an alert
 * interval later (bench sim paid three idle minutes at every resume before).
 */
class OursRelaunchesPromptlyAfterAnUnparkTest {
  private static final Duration RESTART = Duration.ofMinutes(2);

  private static RunPlan plan() {
    return new RunPlan(8, 4, 5.0, 60_000, 5_000, Duration.ofMinutes(2), 25_000,
        Duration.ofMinutes(1), List.of(
            new RunPlan.Fault(FaultKind.NAN, 23_000, 1.0, Duration.ZERO, false)),
        List.of(), List.of(RESTART), List.of(Duration.ofMinutes(10)),
        List.of(Duration.ofHours(2)), Duration.ofMinutes(5), List.of(false));
  }

  @Test
  void theStartedInstanceIdlesNoLongerThanItsRestartAndOneShortCheck(@TempDir Path dir) {
    SimRunner runner = new SimRunner(Policies.defaults(), new TokenEstimate(1400), 2.5, dir);
    OursRun run = runner.oursRun(plan());

    run.run(SimRunner.horizon(plan()));

    SimInstance instance = run.instance();
    assertThat(run.provider().unparksRefused()).as("started again, not moved").isZero();
    assertThat(instance.parkedS()).as("parked for the DRI's two hours")
        .isGreaterThan(Duration.ofMinutes(110).toSeconds());
    assertThat(instance.doneAt()).as("finished on the same instance").isNotNull();
    // Idle with the GPUs billed: the NaN's detection and park (seconds), the restart after the
    // resume, and the wait for the next check in between: at most min_interval (30 s).
    assertThat(instance.idleFaultS())
        .isLessThan(RESTART.toSeconds() + Duration.ofSeconds(30 + 15).toSeconds());
  }
}
