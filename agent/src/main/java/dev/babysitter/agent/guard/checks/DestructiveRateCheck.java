package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.time.Instant;

/** At most one destructive action per run per interval: a runaway loop cannot cascade. */
public final class DestructiveRateCheck implements PolicyCheck {
  @Override
  public String name() {
    return "destructive-rate";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (!action.destructive() || state.lastDestructiveAt() == null) {
      return Decision.allow();
    }
    Duration since = Duration.between(state.lastDestructiveAt(), now);
    if (since.compareTo(policy.destructiveMinInterval()) < 0) {
      return new Decision.Deny(name(), "last destructive action was " + since.toSeconds()
          + "s ago; the minimum interval is " + policy.destructiveMinInterval().toSeconds() + "s");
    }
    return Decision.allow();
  }
}
