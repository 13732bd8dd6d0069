package dev.babysitter.agent.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the simulation moves by hand, so 72 h of a run take milliseconds and no sleeping. */
public final class VirtualClock extends Clock {
  private Instant now;

  public VirtualClock(Instant start) {
    this.now = start;
  }

  /** Moves forward only: the guard and the watcher must never see time run backwards. */
  public void advanceTo(Instant t) {
    if (t.isAfter(now)) {
      now = t;
    }
  }

  @Override
  public Instant instant() {
    return now;
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
