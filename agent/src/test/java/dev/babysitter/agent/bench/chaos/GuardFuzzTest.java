package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.guard.PolicyGuard;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardFuzzTest {
  private static final Path POLICIES = TestPaths.repoRoot().resolve("policies");

  @Test
  void theRealGuardAllowsNothingThePoliciesForbid(@TempDir Path dir) throws Exception {
    ChaosResult r = new GuardFuzz(POLICIES, PolicyGuard::new)
        .run(new ChaosSettings(3, true, dir));

    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
    assertThat(Long.parseLong(r.figures().get("policies"))).isGreaterThanOrEqualTo(3);
    // The fuzz is not vacuous: the guard let relaunches through for the oracle to check.
    assertThat(Long.parseLong(r.figures().get("allowed_relaunches"))).isPositive();
  }

  @Test
  void theOracleCatchesAGuardWithoutChecks(@TempDir Path dir) throws Exception {
    ChaosResult r = new GuardFuzz(POLICIES, (p, c) -> new PolicyGuard(p, c, List.of()))
        .run(new ChaosSettings(3, true, dir));

    for (String rule : List.of("budget", "never_relaunch", "unsynced_destroy", "hold",
        "dri_escalation", "spend", "destructive_rate", "stall_kill", "seal")) {
      assertThat(Long.parseLong(r.figures().get(rule))).as(rule).isPositive();
    }
  }
}
