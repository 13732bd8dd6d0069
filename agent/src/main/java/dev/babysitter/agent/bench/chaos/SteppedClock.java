package dev.babysitter.agent.bench.chaos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The system clock with steps, as NTP or a person fixing the time makes them: after each
 * {@code at} (real time since start) the offset becomes {@code offset}.
 */
final class SteppedClock extends Clock {
  record Step(Duration at, Duration offset) {}

  private final Clock base;
  private final Instant start;
  private final List<Step> steps;

  SteppedClock(Clock base, List<Step> steps) {
    this.base = base;
    this.start = base.instant();
    this.steps = List.copyOf(steps);
  }

  @Override
  public Instant instant() {
    Instant real = base.instant();
    Duration elapsed = Duration.between(start, real);
    Duration offset = Duration.ZERO;
    for (Step s : steps) {
      if (elapsed.compareTo(s.at()) >= 0) {
        offset = s.offset();
      }
    }
    return real.plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
