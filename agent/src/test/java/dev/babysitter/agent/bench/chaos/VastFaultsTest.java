package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vast's API failing in every documented way (and after it acted) across launch, park,
 * reconcile, a host switch and destroy: never a second instance for a run, an orphan, a lost
 * instance or an old instance left alive by a switch.
 */
class VastFaultsTest {
  @Test
  void faultsNeverDuplicateOrphanOrLoseAnInstance(@TempDir Path dir) throws Exception {
    ChaosResult r = new VastFaults().run(new ChaosSettings(1, true, dir));

    assertThat(r.trials()).as(r.line()).isEqualTo(60);
    assertThat(Long.parseLong(r.figures().get("cycles"))).isPositive();
    assertThat(Long.parseLong(r.figures().get("failed_steps"))).as("faults were felt")
        .isPositive();
    assertThat(Long.parseLong(r.figures().get("switches"))).as("switch cycles ran")
        .isPositive();
    assertThat(r.figures()).containsEntry("duplicate_creates", "0")
        .containsEntry("switch_old_alive", "0")
        .containsEntry("orphans", "0").containsEntry("lost", "0");
    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
  }
}
