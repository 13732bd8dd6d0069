package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/**
 * A person's hold from the run's mailbox ("don't relaunch before I look"): while it is set,
 * anything that restarts, stops or replaces the run goes to the DRI. First in the chain, so the
 * playbook and both agents respect it alike.
 */
public final class HoldCheck implements PolicyCheck {
  @Override
  public String name() {
    return "person-hold";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (state.hold() == null) {
      return Decision.allow();
    }
    boolean held = action instanceof Action.Relaunch || action instanceof Action.DestroyInstance
        || action instanceof Action.KillTrainer || action instanceof Action.SwitchInstance
        || action instanceof Action.LaunchInstance || action instanceof Action.DeleteCheckpoint;
    if (held) {
      return new Decision.Escalate(name(), "the run is on hold (\"" + state.hold()
          + "\"): " + action.name() + " waits until they release it", null);
    }
    return Decision.allow();
  }
}
