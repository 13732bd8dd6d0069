package dev.babysitter.agent.guard.checks;

import static dev.babysitter.agent.guard.GuardStates.NOW;
import static dev.babysitter.agent.guard.GuardStates.STEP_10;
import static dev.babysitter.agent.guard.GuardStates.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Default policy: nccl 3, cuda_oom 1, early_exit 0, default 1, total 6, window 24h. */
class RetryBudgetCheckTest {
  private static final Policy POLICY = Policies.defaults();
  private final RetryBudgetCheck check = new RetryBudgetCheck();

  private Decision relaunch(String signature, GuardStates s) {
    return check.check(new Action.Relaunch(STEP_10, signature, Map.of()), s.build(), POLICY, NOW);
  }

  @Test
  void withinThePerSignatureBudgetIsAllowed() {
    assertThat(relaunch("nccl", state()).allowed()).isTrue();
    assertThat(relaunch("nccl", state().relaunched("nccl", 2, Duration.ofHours(1))).allowed())
        .isTrue();
  }

  @Test
  void spentPerSignatureBudgetEscalates() {
    Decision d = relaunch("nccl", state().relaunched("nccl", 3, Duration.ofHours(1)));

    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("retry-budget");
    assertThat(d.reason()).contains("nccl").contains("3/3");
  }

  @Test
  void unlistedSignatureGetsTheDefaultBudget() {
    assertThat(relaunch("weird_thing", state()).allowed()).isTrue();
    assertThat(relaunch("weird_thing", state().relaunched("weird_thing", Duration.ofMinutes(5))))
        .isInstanceOf(Decision.Escalate.class);
  }

  @Test
  void zeroBudgetSignatureIsNeverRelaunchedAutomatically() {
    assertThat(relaunch("early_exit", state())).isInstanceOf(Decision.Escalate.class);
  }

  @Test
  void otherSignaturesDoNotSpendThisOnesBudget() {
    GuardStates s = state().relaunched("cuda_oom", Duration.ofHours(1))
        .relaunched("hang", 2, Duration.ofHours(1));

    assertThat(relaunch("nccl", s).allowed()).isTrue();
  }

  @Test
  void relaunchesOutsideTheWindowDoNotCount() {
    GuardStates s = state().relaunched("nccl", 3, Duration.ofHours(25));

    assertThat(relaunch("nccl", s).allowed()).isTrue();
  }

  @Test
  void onlyTheRelaunchesInsideTheWindowCount() {
    GuardStates s = state().relaunched("nccl", 2, Duration.ofHours(30))
        .relaunched("nccl", 2, Duration.ofHours(2));

    assertThat(relaunch("nccl", s).allowed()).isTrue();
    assertThat(relaunch("nccl", s.relaunched("nccl", Duration.ofMinutes(1))))
        .isInstanceOf(Decision.Escalate.class);
  }

  @Test
  void spentTotalBudgetEscalatesEvenWhenTheSignatureHasBudgetLeft() {
    GuardStates s = state().relaunched("preemption_sigterm", 4, Duration.ofHours(3))
        .relaunched("network_hub", 2, Duration.ofHours(3));

    Decision d = relaunch("nccl", s);

    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("retry-budget");
    assertThat(d.reason()).contains("total").contains("6/6");
  }

  @Test
  void totalBudgetIsWindowAwareToo() {
    GuardStates s = state().relaunched("preemption_sigterm", 4, Duration.ofDays(2))
        .relaunched("network_hub", 2, Duration.ofDays(2));

    assertThat(relaunch("nccl", s).allowed()).isTrue();
  }

  @Test
  void otherActionsAreNotBudgeted() {
    GuardStates s = state().relaunched("nccl", 10, Duration.ofHours(1));

    assertThat(check.check(new Action.KillTrainer("stall: x"), s.build(), POLICY, NOW).allowed())
        .isTrue();
  }
}
