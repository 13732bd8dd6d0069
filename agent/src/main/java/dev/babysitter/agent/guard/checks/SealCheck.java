package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/** Benign-looking success with a missing final checkpoint must not be sealed. */
public final class SealCheck implements PolicyCheck {
  @Override
  public String name() {
    return "seal-verified";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (action instanceof Action.Seal seal && !seal.finalCheckpointComplete()) {
      return new Decision.Deny(name(), "final checkpoint " + seal.finalCheckpoint()
          + " is missing or incomplete");
    }
    return Decision.allow();
  }
}
