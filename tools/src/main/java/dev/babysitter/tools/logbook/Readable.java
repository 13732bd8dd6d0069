package dev.babysitter.tools.logbook;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as a person reads them in a logbook, an issue or STATUS.md: {@code 2026-12-06 12:32:09
 * UTC}, never {@code Instant.toString()}'s nanoseconds. Machine files (JSON) keep ISO instants.
 */
public final class Readable {
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Readable() {}

  /** {@code 2026-12-06 12:32:09 UTC}; "unknown" for null. */
  public static String time(Instant at) {
    return at == null ? "unknown" : AT.format(at);
  }

  /** {@code 2026-12-06 12:32:09 UTC}, or the text as given when it is not an ISO instant. */
  public static String time(String isoInstant) {
    if (isoInstant == null || isoInstant.isBlank()) {
      return "unknown";
    }
    try {
      return time(Instant.parse(isoInstant.strip()));
    } catch (java.time.format.DateTimeParseException e) {
      return isoInstant;
    }
  }
}
