package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/** Deleting a checkpoint always needs the DRI: it can destroy the only rollback source. */
public final class DeleteCheckpointCheck implements PolicyCheck {
  @Override
  public String name() {
    return "delete-checkpoint";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (action instanceof Action.DeleteCheckpoint delete) {
      return new Decision.Escalate(name(), "deleting " + delete.path() + " needs the DRI", null);
    }
    return Decision.allow();
  }
}
