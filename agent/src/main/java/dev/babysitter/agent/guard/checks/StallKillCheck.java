package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/** A stalled trainer is killed once per attempt; a second stall goes to the DRI. */
public final class StallKillCheck implements PolicyCheck {
  @Override
  public String name() {
    return "stall-kill-once";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (action instanceof Action.KillTrainer kill && kill.reason().startsWith("stall")
        && state.stallKillsThisAttempt() >= policy.stallKillsPerAttempt()) {
      return new Decision.Escalate(name(), "already killed " + state.stallKillsThisAttempt()
          + " stalled trainer(s) in attempt " + state.attempt(), null);
    }
    return Decision.allow();
  }
}
