package dev.babysitter.agent.watch;

import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.util.List;

/**
 * When to check next: a pure function of the run's recent health. Early checks follow the
 * ladder (1, 2, 4, 8 min by default), cruise after enough consecutive healthy checks, alert
 * cadence while anything is wrong, and an extra check just after an expected checkpoint or the
 * expected finish, so a milestone is confirmed without dense polling.
 */
public final class Cadence {
  private final Policy.CadenceRules rules;

  public Cadence(Policy.CadenceRules rules) {
    this.rules = rules;
  }

  /** The inputs: all derived from the run's record, nothing from the wall clock. */
  public record Input(Health health, int checksThisAttempt, int healthyInRow,
      Duration untilNextCheckpoint, Duration untilFinish) {}

  public Duration next(Input in) {
    if (in.health() == Health.ALERT || in.health() == Health.MONITOR_STALE
        || in.health() == Health.SUSPECT) {
      return floor(rules.alert());
    }
    Duration base;
    List<Duration> early = rules.early();
    if (in.checksThisAttempt() < early.size()) {
      base = early.get(Math.max(0, in.checksThisAttempt()));
    } else if (in.healthyInRow() >= rules.healthyChecksToCruise()) {
      base = rules.cruise();
    } else {
      base = early.get(early.size() - 1); // stabilising: stay at the last early step
    }
    base = earliest(base, milestone(in.untilNextCheckpoint()));
    base = earliest(base, milestone(in.untilFinish()));
    return floor(base);
  }

  private Duration floor(Duration d) {
    return d.compareTo(rules.minInterval()) < 0 ? rules.minInterval() : d;
  }

  private Duration milestone(Duration until) {
    return until == null || until.isNegative() ? null : until.plus(rules.milestoneMargin());
  }

  private static Duration earliest(Duration a, Duration b) {
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }
}
