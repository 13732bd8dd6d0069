package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.checkpoint.Checkpoint;
import java.time.Instant;
import java.util.Optional;

/**
 * Resume only from the newest complete checkpoint (marker present), by numeric step, never
 * from a rejected lineage, and never silently from scratch while a complete one exists. An older
 * one needs the DRI, who for a never-relaunch signature approves it with the relaunch itself.
 */
public final class CompleteCheckpointCheck implements PolicyCheck {
  @Override
  public String name() {
    return "complete-checkpoint";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (!(action instanceof Action.Relaunch relaunch)) {
      return Decision.allow();
    }
    Optional<Checkpoint> newest = state.checkpoints().newestComplete(state.rejectedCheckpoints());
    String from = relaunch.fromCheckpoint();
    if (from == null) {
      return newest.<Decision>map(c -> new Decision.Deny(name(), "would restart from scratch "
          + "while complete checkpoint " + c.path() + " exists")).orElse(Decision.allow());
    }
    if (state.rejectedCheckpoints().contains(from)) {
      return new Decision.Deny(name(), from + " belongs to a rejected lineage");
    }
    Optional<Checkpoint> chosen = state.checkpoints().byPath(from);
    if (chosen.isEmpty()) {
      return new Decision.Deny(name(), from + " is not in the checkpoint listing");
    }
    if (!chosen.get().complete()) {
      return new Decision.Deny(name(), from + " is incomplete (no complete marker)");
    }
    // A never-relaunch signature (NaN: the newest checkpoints may carry it) already needs the
    // DRI, whose one approval names this source: no second escalation for the same decision.
    if (newest.isPresent() && newest.get().step() > chosen.get().step()
        && !policy.neverRelaunch().contains(relaunch.signature())) {
      return new Decision.Escalate(name(), from + " is older than the newest complete "
          + newest.get().path() + ": rolling back needs the DRI", null);
    }
    return Decision.allow();
  }
}
