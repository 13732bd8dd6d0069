package dev.babysitter.agent.guard.checks;

import static dev.babysitter.agent.guard.GuardStates.DIR;
import static dev.babysitter.agent.guard.GuardStates.NOW;
import static dev.babysitter.agent.guard.GuardStates.STEP_10;
import static dev.babysitter.agent.guard.GuardStates.STEP_11;
import static dev.babysitter.agent.guard.GuardStates.STEP_9;
import static dev.babysitter.agent.guard.GuardStates.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Listing: step-9 and step-10 complete, step-11 without its marker. */
class CompleteCheckpointCheckTest {
  private static final Policy POLICY = Policies.defaults();
  private final CompleteCheckpointCheck check = new CompleteCheckpointCheck();

  private Decision from(String path, GuardStates s) {
    return check.check(new Action.Relaunch(path, "nccl", Map.of()), s.build(), POLICY, NOW);
  }

  @Test
  void newestCompleteIsAllowed() {
    assertThat(from(STEP_10, state()).allowed()).isTrue();
  }

  @Test
  void incompleteIsDenied() {
    Decision d = from(STEP_11, state());

    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.rule()).isEqualTo("complete-checkpoint");
    assertThat(d.reason()).contains("incomplete");
  }

  @Test
  void rejectedLineageIsDenied() {
    Decision d = from(STEP_10, state().rejected(STEP_10));

    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.reason()).contains("rejected");
  }

  @Test
  void withTheNewestRejectedTheNextOneBackIsTheNewest() {
    assertThat(from(STEP_9, state().rejected(STEP_10)).allowed()).isTrue();
  }

  @Test
  void aPathNotInTheListingIsDenied() {
    Decision d = from(DIR + "/step-99", state());

    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.reason()).contains("not in the checkpoint listing");
  }

  @Test
  void olderThanTheNewestCompleteEscalates() {
    // numeric order: step-10 is newer than step-9 although "step-9" > "step-10" as text
    Decision d = from(STEP_9, state());

    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("complete-checkpoint");
    assertThat(d.reason()).contains(STEP_10);
  }

  @Test
  void aNeverRelaunchSignaturesRollbackIsPartOfTheOneDecisionTheDriApproves() {
    // never-relaunch escalates the relaunch itself; its approval names this source
    Decision d = check.check(new Action.Relaunch(STEP_9, "nan_loss", Map.of()), state().build(),
        POLICY, NOW);

    assertThat(d.allowed()).isTrue();
  }

  @Test
  void fromScratchIsDeniedWhileACompleteOneExists() {
    Decision d = from(null, state());

    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.reason()).contains("scratch").contains(STEP_10);
  }

  @Test
  void fromScratchIsAllowedWhenNoCompleteOneExists() {
    assertThat(from(null, state().catalog(GuardStates.emptyCatalog())).allowed()).isTrue();
    CheckpointCatalog onlyIncomplete = CheckpointCatalog.of(DIR, "step-{n}",
        List.of(new CheckpointCatalog.Entry("step-5", false, NOW)));
    assertThat(from(null, state().catalog(onlyIncomplete)).allowed()).isTrue();
  }

  @Test
  void fromScratchIsAllowedWhenEveryCompleteOneIsRejected() {
    assertThat(from(null, state().rejected(STEP_9).rejected(STEP_10)).allowed()).isTrue();
  }

  @Test
  void otherActionsPass() {
    assertThat(check.check(new Action.DeleteCheckpoint(STEP_11), state().build(), POLICY, NOW)
        .allowed()).isTrue();
  }
}
