package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;

/** One family of progress-line formats. Implementations are stateless and thread-safe. */
interface FormatRule {

    /** Stable format names this rule may report in {@link Progress#format()}. */
    List<String> names();

    /**
     * Cheap test run before any regex, from the line's {@link Anchors} bits (computed once per line and shared by
     * every rule) and at most a startsWith; false means "certainly not mine".
     */
    boolean mayMatch(String line, long anchors);

    /**
     * Anchor bits that {@link #mayMatch} needs all of (a necessary condition only: mayMatch still decides). The
     * parser tests these masks itself, so most rules cost a line two mask tests and no call.
     */
    default long needsAll() {
        return 0;
    }

    /** Anchor bits of which {@link #mayMatch} needs at least one (-1: none needed); as {@link #needsAll}. */
    default long needsAny() {
        return -1L;
    }

    /** Parses an already normalised line (no ANSI, no rank prefix, at most a few KB). */
    Optional<Progress> parse(String line);
}
