package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/**
 * Destroying an instance (or switching away from it) while its newest checkpoint exists only on
 * the instance's own disk loses that checkpoint: the DRI decides. The provider says what is
 * synced; unknown counts as not synced.
 */
public final class SyncedCheckpointCheck implements PolicyCheck {
  @Override
  public String name() {
    return "synced-before-destroy";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (!policy.escalate().unsyncedDestroy() || state.newestCheckpointSynced()
        || !(action instanceof Action.DestroyInstance || action instanceof Action.SwitchInstance)) {
      return Decision.allow();
    }
    String newest = state.checkpoints() == null ? "the newest checkpoint"
        : state.checkpoints().newestComplete(state.rejectedCheckpoints())
            .map(c -> c.path()).orElse("the newest checkpoint");
    return new Decision.Escalate(name(), newest + " is not yet synced to durable storage: "
        + action.name() + " would lose it", null);
  }
}
