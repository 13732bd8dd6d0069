package dev.babysitter.tools.shell;

import java.time.Duration;

/**
 * An exponential retry schedule: {@code attempts} tries in all, waiting {@code initial},
 * then ×{@code factor} each time, never more than {@code max}.
 */
public record Backoff(int attempts, Duration initial, double factor, Duration max) {
  public Backoff {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    if (factor < 1.0) {
      throw new IllegalArgumentException("factor must be at least 1, got " + factor);
    }
  }

  /** The wait after failed attempt {@code n} (1-based). */
  public Duration delayAfter(int n) {
    double millis = initial.toMillis() * Math.pow(factor, Math.max(0, n - 1));
    return Duration.ofMillis((long) Math.min(millis, max.toMillis()));
  }

  public static Backoff none() {
    return new Backoff(1, Duration.ZERO, 1.0, Duration.ZERO);
  }
}
