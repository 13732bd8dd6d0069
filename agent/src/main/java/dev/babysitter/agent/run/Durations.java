package dev.babysitter.agent.run;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human duration strings used in run specs and policies: "2d", "24h", "15m", "30s", "500ms",
 * compounds such as "1h30m", and a plain integer meaning seconds.
 */
public final class Durations {

  /** Units largest first; a compound must use them in this order, each at most once. */
  private static final List<String> UNITS = List.of("d", "h", "m", "s", "ms");

  // "ms" before "m" and "s" so that "500ms" is not read as 500 minutes followed by junk.
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
  private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d+");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms when it is malformed
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration; " + FORMS);
    }
    String t = text.strip();
    try {
      if (PLAIN_SECONDS.matcher(t).matches()) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
      Matcher m = PART.matcher(t);
      Duration total = Duration.ZERO;
      int at = 0;
      int lastUnit = -1;
      while (at < t.length()) {
        if (!m.find(at) || m.start() != at) {
          throw invalid(text);
        }
        int unit = UNITS.indexOf(m.group(2));
        if (unit <= lastUnit) {
          // "30m1h" or "1h1h" is more likely a typo than an intent; refuse rather than guess.
          throw new IllegalArgumentException(
              "invalid duration \"" + text + "\": units must go from largest to smallest, each once");
        }
        lastUnit = unit;
        total = total.plus(amount(Long.parseLong(m.group(1)), m.group(2)));
        at = m.end();
      }
      return total;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("duration \"" + text + "\" is too large", e);
    }
  }

  /**
   * Formats with the largest units first, e.g. "1h30m", "45s", "1d2h", "0s"; parse() reads it
   * back. Negative durations get a leading "-" (for messages only; parse() refuses them).
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    append(sb, d.toDaysPart(), "d");
    append(sb, d.toHoursPart(), "h");
    append(sb, d.toMinutesPart(), "m");
    append(sb, d.toSecondsPart(), "s");
    append(sb, d.toMillisPart(), "ms");
    // Below a millisecond there is nothing this format can say; say so rather than print "".
    return sb.length() == 0 ? "0s" : sb.toString();
  }

  private static void append(StringBuilder sb, long value, String unit) {
    if (value > 0) {
      sb.append(value).append(unit);
    }
  }

  private static Duration amount(long n, String unit) {
    return switch (unit) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      case "s" -> Duration.ofSeconds(n);
      case "ms" -> Duration.ofMillis(n);
      default -> throw new IllegalStateException("unit " + unit);
    };
  }

  private static final String FORMS =
      "use e.g. 2d, 24h, 15m, 30s, 500ms, 1h30m or a plain number of seconds";

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("invalid duration \"" + text + "\"; " + FORMS);
  }
}
