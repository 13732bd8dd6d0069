package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.Decision;

/**
 * A tool that ran but refused: {@link GuardedToolExecutor} turns it into an error tool result
 * (not a "tool failed" crash), so the model reads it as an answer it must act on.
 * {@code decision}: the guard decision behind it, recorded like the executor's own; or null.
 */
final class ToolRefusal extends RuntimeException {
  private final transient Decision decision;

  ToolRefusal(String message, Decision decision) {
    super(message);
    this.decision = decision;
  }

  Decision decision() {
    return decision;
  }
}
