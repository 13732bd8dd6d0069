package dev.babysitter.agent.watch;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Train loss by step, for the resume-mismatch check: {@code lineage} is what earlier attempts
 * logged, {@code attempt} what the current one has. Bounded to the newest {@link #KEEP} steps
 * each, and kept in the run record so a restarted babysitter compares against the same points.
 *
 * @param attemptNo the attempt {@code attempt} belongs to
 * @param mismatch the verdict once found, kept until the next attempt
 * @param settled whether the after-warmup comparison has been made for this attempt
 */
public record LossLineage(int attemptNo, NavigableMap<Long, Double> lineage,
    NavigableMap<Long, Double> attempt, String mismatch, boolean settled) {
  static final int KEEP = 400;

  public LossLineage {
    lineage = bounded(lineage);
    attempt = bounded(attempt);
  }

  public static LossLineage empty(int attemptNo) {
    return new LossLineage(attemptNo, null, null, null, false);
  }

  /**
   * A new attempt: everything logged so far becomes the reference, the newest attempt's value
   * winning where two attempts logged the same step.
   */
  public LossLineage next(int attemptNo) {
    TreeMap<Long, Double> merged = new TreeMap<>(lineage);
    merged.putAll(attempt);
    return new LossLineage(attemptNo, merged, null, null, false);
  }

  public LossLineage withPoints(Map<Long, Double> points) {
    if (points.isEmpty()) {
      return this;
    }
    TreeMap<Long, Double> more = new TreeMap<>(attempt);
    more.putAll(points);
    return new LossLineage(attemptNo, lineage, more, mismatch, settled);
  }

  LossLineage verdict(String found, boolean nowSettled) {
    return new LossLineage(attemptNo, lineage, attempt, found, nowSettled);
  }

  private static NavigableMap<Long, Double> bounded(Map<Long, Double> points) {
    TreeMap<Long, Double> copy = new TreeMap<>(points == null ? Map.of() : points);
    while (copy.size() > KEEP) {
      copy.pollFirstEntry();
    }
    return Collections.unmodifiableNavigableMap(copy);
  }
}
