package dev.babysitter.tools.shell;

import java.time.Duration;

/** Waits between retries; injected so that tests can run backoff schedules without waiting. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
