package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/** NaN/Inf loss, model or data bugs, resume mismatch: relaunching burns money; ask the DRI. */
public final class NeverRelaunchCheck implements PolicyCheck {
  @Override
  public String name() {
    return "never-relaunch";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (action instanceof Action.Relaunch relaunch
        && policy.neverRelaunch().contains(relaunch.signature())) {
      return new Decision.Escalate(name(), relaunch.signature()
          + " is on the never-relaunch list: a rerun would repeat it; the DRI decides", null);
    }
    return Decision.allow();
  }
}
