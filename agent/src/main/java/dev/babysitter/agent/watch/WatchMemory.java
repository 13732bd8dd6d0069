package dev.babysitter.agent.watch;

import java.time.Instant;
import java.util.List;

/**
 * What the watcher remembers between checks of one run. Kept in the run record on disk, so a
 * restarted babysitter continues the same stall count and baseline.
 */
public record WatchMemory(int attempt, int checks, int healthyInRow, Long lastStep,
    Instant lastStepAt, Instant lastCheckAt, int unchangedChecks, Baseline baseline,
    int slowChecks, int idleChecks, List<Double> losses, Double stepsPerSecond,
    Baseline previous, LossLineage lineage) {

  public WatchMemory {
    losses = List.copyOf(losses);
    lineage = lineage == null ? LossLineage.empty(attempt) : lineage; // records from before it
  }

  public WatchMemory(int attempt, int checks, int healthyInRow, Long lastStep,
      Instant lastStepAt, Instant lastCheckAt, int unchangedChecks, Baseline baseline,
      int slowChecks, int idleChecks, List<Double> losses, Double stepsPerSecond,
      Baseline previous) {
    this(attempt, checks, healthyInRow, lastStep, lastStepAt, lastCheckAt, unchangedChecks,
        baseline, slowChecks, idleChecks, losses, stepsPerSecond, previous, null);
  }

  /** Without an earlier attempt's baseline. */
  public WatchMemory(int attempt, int checks, int healthyInRow, Long lastStep,
      Instant lastStepAt, Instant lastCheckAt, int unchangedChecks, Baseline baseline,
      int slowChecks, int idleChecks, List<Double> losses, Double stepsPerSecond) {
    this(attempt, checks, healthyInRow, lastStep, lastStepAt, lastCheckAt, unchangedChecks,
        baseline, slowChecks, idleChecks, losses, stepsPerSecond, null);
  }

  public static WatchMemory fresh(int attempt) {
    return fresh(attempt, null);
  }

  /**
   * A new attempt forms its own baseline, but until it has, the last attempt's formed one is
   * the reference: a slowdown present from the relaunch on would otherwise become "normal".
   */
  public static WatchMemory fresh(int attempt, Baseline previous) {
    return new WatchMemory(attempt, 0, 0, null, null, null, 0, null, 0, 0, List.of(), null,
        previous, null);
  }

  /** The next attempt: its own baseline to form, the lineage's losses to match. */
  public WatchMemory nextAttempt(int next, Baseline reference) {
    return new WatchMemory(next, 0, 0, null, null, null, 0, null, 0, 0, List.of(), null,
        reference, lineage.next(next));
  }

  /**
   * The same memory numbered as another supervisor numbers its attempts: a new instance's
   * supervisor starts again at attempt 1, so its first attempt must read as the next one (0),
   * and a preempted spare taken back goes on with its own numbering.
   */
  public WatchMemory withAttempt(int a) {
    return new WatchMemory(a, checks, healthyInRow, lastStep, lastStepAt, lastCheckAt,
        unchangedChecks, baseline, slowChecks, idleChecks, losses, stepsPerSecond, previous,
        lineage);
  }

  public WatchMemory withLineage(LossLineage l) {
    return new WatchMemory(attempt, checks, healthyInRow, lastStep, lastStepAt, lastCheckAt,
        unchangedChecks, baseline, slowChecks, idleChecks, losses, stepsPerSecond, previous, l);
  }
}
