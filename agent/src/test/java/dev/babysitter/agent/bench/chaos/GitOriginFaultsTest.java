package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logbook's origin unreachable, rejecting and diverged for a while: every entry reaches it
 * once healed, in order, and the other writer's commits are never overwritten.
 */
class GitOriginFaultsTest {
  @Test
  void anOriginThatFailsLosesNoEntry(@TempDir Path dir) throws Exception {
    ChaosResult r = new GitOriginFaults().run(new ChaosSettings(1, true, dir));

    assertThat(Long.parseLong(r.figures().get("push_problems_reported")))
        .as("the faults were felt: " + r.line()).isPositive();
    assertThat(Long.parseLong(r.figures().get("diverging_pushes"))).isPositive();
    assertThat(Long.parseLong(r.figures().get("rejected_pushes"))).isPositive();
    assertThat(r.figures()).containsEntry("lost", "0").containsEntry("reordered", "0");
    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
  }
}
