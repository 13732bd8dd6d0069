package dev.babysitter.agent.guard;

import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/** One small rule of the guard. Returns {@link Decision.Allow} when it has no objection. */
public interface PolicyCheck {

  /** The rule's name, as it appears in denials and in the logbook. */
  String name();

  Decision check(Action action, GuardState state, Policy policy, Instant now);
}
