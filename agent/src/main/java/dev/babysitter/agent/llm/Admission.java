package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;

/**
 * The hand-over between {@link GuardedToolExecutor} and the tool method it guards: the executor
 * grants exactly the action the guard allowed, and the tool method may only carry out that
 * action. A tool method reached any other way finds no grant and refuses (fail closed). One per
 * tools object; tools run one at a time (no concurrent tool execution is configured).
 */
final class Admission {
  private Action granted;
  private Decision decision;

  void grant(Action action, Decision allowed) {
    this.granted = action;
    this.decision = allowed;
  }

  /** The guard's decision for {@code action}, or null when the guard did not allow it. */
  Decision take(Action action) {
    Decision d = action.equals(granted) ? decision : null;
    granted = null;
    decision = null;
    return d;
  }
}
