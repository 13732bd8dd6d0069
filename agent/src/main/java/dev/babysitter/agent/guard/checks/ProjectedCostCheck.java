package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/**
 * Spend ahead of time: a relaunch (or launch) that would carry the run past the total cap at
 * the current rate and ETA needs the DRI, before the money is spent rather than after. Without
 * an ETA there is nothing to project, so it stands aside (the total cap still holds).
 */
public final class ProjectedCostCheck implements PolicyCheck {
  @Override
  public String name() {
    return "projected-cost";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (!(action instanceof Action.Relaunch || action instanceof Action.LaunchInstance)
        || state.eta() == null) {
      return Decision.allow();
    }
    double rate = action instanceof Action.LaunchInstance launch && launch.dollarsPerHour() > 0
        ? launch.dollarsPerHour() : state.dollarsPerHour();
    double hours = state.eta().toMillis() / 3_600_000.0;
    double projected = state.costSoFarUsd() + rate * hours;
    double cap = state.spendCapUsd(policy.spend().maxTotalUsd());
    if (projected > cap) {
      return new Decision.Escalate(name(), String.format("projected cost $%.2f ($%.2f so far + "
          + "$%.2f/h x %.1f h to the final step) exceeds the cap of $%.2f",
          projected, state.costSoFarUsd(), rate, hours, cap), null);
    }
    return Decision.allow();
  }
}
