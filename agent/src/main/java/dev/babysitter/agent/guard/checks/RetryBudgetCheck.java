package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;
import java.util.Map;

/** Per-signature and total relaunch budgets within the policy's window. */
public final class RetryBudgetCheck implements PolicyCheck {
  /** The signature an instance switch is counted under (the controller's relaunch mark). */
  public static final String HOST_SWITCH = "host_switch";

  @Override
  public String name() {
    return "retry-budget";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    String signature;
    if (action instanceof Action.Relaunch relaunch) {
      signature = relaunch.signature();
    } else if (action instanceof Action.SwitchInstance move) {
      signature = move.budget(); // host_switch, or the preemption it answers; and the total's
    } else {
      return Decision.allow();
    }
    Policy.RetryRules rules = policy.retries();
    Map<String, Long> counts = state.relaunchesBySignature(now.minus(rules.window()));
    long same = counts.getOrDefault(signature, 0L);
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    int budget = rules.budgetFor(signature);
    if (same >= budget) {
      return new Decision.Escalate(name(), "budget for " + signature + " spent ("
          + same + "/" + budget + " within " + dev.babysitter.agent.run.Durations.format(rules.window())
          + "): a repeated failure "
          + "suggests a deterministic cause", null);
    }
    if (total >= rules.total()) {
      return new Decision.Escalate(name(), "total relaunch budget spent (" + total + "/"
          + rules.total() + " within " + dev.babysitter.agent.run.Durations.format(rules.window())
          + ")", null);
    }
    return new Decision.Allow(name(), signature + " " + (same + 1) + "/" + budget
        + ", total " + (total + 1) + "/" + rules.total());
  }
}
