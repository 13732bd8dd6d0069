package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;

/** One family of progress-line formats. Implementations are stateless and thread-safe. */
interface FormatRule {

    /** Stable format names this rule may report in {@link Progress#format()}. */
    List<String> names();

    /** Cheap test (String.contains etc.) run before any regex; false means "certainly not mine". */
    boolean mayMatch(String line);

    /** Parses an already normalised line (no ANSI, no rank prefix, at most a few KB). */
    Optional<Progress> parse(String line);
}
