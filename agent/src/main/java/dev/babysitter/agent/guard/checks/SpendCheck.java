package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/** Spend caps: $/h at launch, and no relaunch once the total cost cap is reached. */
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
    if ((action instanceof Action.Relaunch || action instanceof Action.LaunchInstance)
        && state.costSoFarUsd() >= spend.maxTotalUsd()) {
      return new Decision.Escalate(name(), String.format("cost so far $%.2f has reached the "
          + "cap of $%.2f", state.costSoFarUsd(), spend.maxTotalUsd()), null);
    }
    return Decision.allow();
  }
}
