package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/**
 * The policy's blanket rules ({@code escalate.destructive}, {@code escalate.relaunch}): on a
 * hero run nothing destructive and no relaunch happens without the DRI, however routine.
 */
public final class StrictEscalationCheck implements PolicyCheck {
  @Override
  public String name() {
    return "strict-escalation";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    Policy.EscalationRules rules = policy.escalate();
    if (rules.destructive() && action.destructive()) {
      return new Decision.Escalate(name(), "policy " + policy.name() + " sends every "
          + "destructive action to the DRI", null);
    }
    if (rules.relaunch() && action instanceof Action.Relaunch) {
      return new Decision.Escalate(name(), "policy " + policy.name() + " sends every relaunch "
          + "to the DRI", null);
    }
    return Decision.allow();
  }
}
