package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.logs.DataPositions;
import java.time.Instant;

/**
 * Seed 004: "repeated same-step or same-window failures suggest a deterministic bug. Escalate
 * instead of blindly relaunching." A relaunch after a failure within
 * {@code hero.same_step_window} steps of an earlier failure that was relaunched (within the
 * retry window) goes to the DRI, whatever the signature's budget says: budgets count
 * signatures, not where the run keeps falling over. Where the log shows a data position
 * (consumed samples or tokens, the epoch), a failure within that many steps' worth of data of
 * an earlier one counts too, even at another step: a batch size changed in between (the OOM
 * ladder's rung) moves the steps, not the sample that breaks the run.
 */
public final class SameStepCheck implements PolicyCheck {
  @Override
  public String name() {
    return "same-step";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (!(action instanceof Action.Relaunch relaunch)
        || state.failedAtStep() == null && state.failedAtPosition() == null
        || dev.babysitter.agent.playbook.OomLadder.SIGNATURE.equals(relaunch.signature())) {
      return Decision.allow(); // an OOM ladder rung changes the config: not a blind relaunch
    }
    Long step = state.failedAtStep();
    DataPositions.Position at = state.failedAtPosition();
    long window = policy.hero().sameStepWindow();
    Instant since = now.minus(policy.retries().window());
    for (GuardState.RelaunchMark mark : state.relaunches()) {
      if (mark.at().isBefore(since)) {
        continue;
      }
      if (step != null && mark.step() != null && Math.abs(mark.step() - step) <= window) {
        return new Decision.Escalate(name(), "the run failed again at step " + step
            + ", within " + window + " steps of the failure at step " + mark.step() + " ("
            + mark.signature() + "): a repeated same-step failure suggests a deterministic "
            + "bug, not bad luck; no blind relaunch", null);
      }
      if (at != null && at.near(mark.position(), window)) {
        return new Decision.Escalate(name(), "the run failed again at " + at.describe()
            + ", within " + DataPositions.amount(
            at.window(mark.position(), window)) + " " + at.unit()
            + " (" + window + " steps' worth) of the failure at " + mark.position().describe()
            + " (" + mark.signature() + "): the same data again suggests a deterministic bug "
            + "(a bad sample, or the data pipeline), not bad luck; no blind relaunch", null);
      }
    }
    return Decision.allow();
  }
}
