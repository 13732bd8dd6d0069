package dev.babysitter.agent.watch;

import java.time.Instant;
import java.util.List;

/**
 * What the watcher remembers between checks of one run. Kept in the run record on disk, so a
 * restarted babysitter continues the same stall count and baseline.
 */
public record WatchMemory(int attempt, int checks, int healthyInRow, Long lastStep,
    Instant lastStepAt, Instant lastCheckAt, int unchangedChecks, Baseline baseline,
    int slowChecks, int idleChecks, List<Double> losses, Double stepsPerSecond) {

  public WatchMemory {
    losses = List.copyOf(losses);
  }

  public static WatchMemory fresh(int attempt) {
    return new WatchMemory(attempt, 0, 0, null, null, null, 0, null, 0, 0, List.of(), null);
  }
}
