package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/**
 * Seed 004: "repeated same-step or same-window failures suggest a deterministic bug. Escalate
 * instead of blindly relaunching." A relaunch after a failure within
 * {@code hero.same_step_window} steps of an earlier failure that was relaunched (within the
 * retry window) goes to the DRI, whatever the signature's budget says: budgets count
 * signatures, not where the run keeps falling over.
 */
public final class SameStepCheck implements PolicyCheck {
  @Override
  public String name() {
    return "same-step";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (!(action instanceof Action.Relaunch relaunch) || state.failedAtStep() == null
        || dev.babysitter.agent.playbook.OomLadder.SIGNATURE.equals(relaunch.signature())) {
      return Decision.allow(); // an OOM ladder rung changes the config: not a blind relaunch
    }
    long step = state.failedAtStep();
    long window = policy.hero().sameStepWindow();
    Instant since = now.minus(policy.retries().window());
    for (GuardState.RelaunchMark mark : state.relaunches()) {
      if (mark.step() != null && !mark.at().isBefore(since)
          && Math.abs(mark.step() - step) <= window) {
        return new Decision.Escalate(name(), "the run failed again at step " + step
            + ", within " + window + " steps of the failure at step " + mark.step() + " ("
            + mark.signature() + "): a repeated same-step failure suggests a deterministic "
            + "bug, not bad luck; no blind relaunch", null);
      }
    }
    return Decision.allow();
  }
}
