package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A healthy real run whose babysitter's clock steps back an hour mid-run ends done, with no
 * relaunch: the lease it wrote in its own (wrong) time once expired at once on the instance,
 * and the dead-man switch killed the trainer.
 */
class ClockStepsTest {
  @Test
  void aClockSteppedBackAnHourKillsNothing(@TempDir Path dir) throws Exception {
    ChaosResult r = new ClockSteps(TestPaths.repoRoot()).run(new ChaosSettings(1, true, dir));

    assertThat(r.figures()).containsEntry("lease_kills", "0").containsEntry("relaunches", "0")
        .containsEntry("not_done", "0");
    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
  }
}
