package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/**
 * Spend caps: $/h at launch; a run's own cap ({@code limits.max_cost_usd}) above the policy's
 * total needs the DRI at launch; no relaunch once the run's cap (else the policy's) is reached.
 */
public final class SpendCheck implements PolicyCheck {
  @Override
  public String name() {
    return "spend-cap";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    Policy.SpendRules spend = policy.spend();
    if (action instanceof Action.LaunchInstance launch
        && launch.dollarsPerHour() > spend.maxDollarsPerHour()) {
      return new Decision.Escalate(name(), String.format("$%.2f/h is above the cap of $%.2f/h",
          launch.dollarsPerHour(), spend.maxDollarsPerHour()), null);
    }
    if (action instanceof Action.LaunchInstance && state.runCapUsd() != null
        && state.runCapUsd() > spend.maxTotalUsd()) {
      // The policy's total is the most a spec may set for itself without the DRI.
      return new Decision.Escalate(name(), String.format("the spec's limits.max_cost_usd $%.2f "
          + "is above the $%.2f a run may set without the DRI's approval (spend.max_total_usd)",
          state.runCapUsd(), spend.maxTotalUsd()), null);
    }
    double cap = state.spendCapUsd(spend.maxTotalUsd());
    if ((action instanceof Action.Relaunch || action instanceof Action.LaunchInstance)
        && state.costSoFarUsd() >= cap) {
      return new Decision.Escalate(name(), String.format("cost so far $%.2f has reached the "
          + "%s cap of $%.2f", state.costSoFarUsd(), state.runCapUsd() != null ? "run's"
          : "policy's", cap), null);
    }
    return Decision.allow();
  }
}
