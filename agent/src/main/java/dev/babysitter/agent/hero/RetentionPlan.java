package dev.babysitter.agent.hero;

import dev.babysitter.tools.checkpoint.Checkpoint;
import java.util.List;
import java.util.Map;

/**
 * What retention would do: each kept checkpoint with why, the deletion candidates (listed to
 * the DRI first, deleted only through the guard), and how many complete checkpoints would be
 * left, so that a collapsing rollback window is said before anything is deleted.
 */
public record RetentionPlan(Map<String, List<String>> kept, List<Checkpoint> candidates,
    int completeRemaining) {
  /** Fewer than this many complete checkpoints left is a rollback window collapsing. */
  public static final int MIN_ROLLBACK = 2;

  public RetentionPlan {
    kept = Map.copyOf(kept);
    candidates = List.copyOf(candidates);
  }

  public boolean windowCollapsing() {
    return completeRemaining < MIN_ROLLBACK;
  }

  /** One line per candidate, for the logbook. */
  public String describeCandidates() {
    StringBuilder b = new StringBuilder();
    for (Checkpoint c : candidates) {
      b.append(b.length() == 0 ? "" : "; ").append(c.path()).append(" (step ").append(c.step())
          .append(c.complete() ? "" : ", incomplete").append(')');
    }
    return b.toString();
  }
}
