package dev.babysitter.agent.guard.checks;

import static dev.babysitter.agent.guard.GuardStates.NOW;
import static dev.babysitter.agent.guard.GuardStates.STEP_10;
import static dev.babysitter.agent.guard.GuardStates.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NeverRelaunchCheckTest {
  private static final Policy POLICY = Policies.defaults();
  private final NeverRelaunchCheck check = new NeverRelaunchCheck();

  @ParameterizedTest
  @ValueSource(strings = {"nan_loss", "checkpoint_corrupt", "resume_loss_mismatch", "code_bug"})
  void listedSignaturesEscalate(String signature) {
    Decision d = check.check(new Action.Relaunch(STEP_10, signature, Map.of()), state().build(),
        POLICY, NOW);

    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("never-relaunch");
    assertThat(d.reason()).contains(signature);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nccl", "cuda_oom", "hang", "other_error"})
  void otherSignaturesPass(String signature) {
    assertThat(check.check(new Action.Relaunch(STEP_10, signature, Map.of()), state().build(),
        POLICY, NOW).allowed()).isTrue();
  }
}
