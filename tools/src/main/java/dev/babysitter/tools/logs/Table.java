package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * A table printed one metric per row between rules, as Stable-Baselines3's logger does:
 * <pre>
 * ----------------------------------------
 * | time/                   |            |
 * |    iterations           | 3          |
 * | train/                  |            |
 * |    loss                 | 0.0227     |
 * ----------------------------------------
 * </pre>
 * The rows are joined into one {@code time/iterations=3 train/loss=0.0227} line, read as one reading when the
 * closing rule comes. A row with no value opens a section whose name prefixes the indented rows below it.
 * Not thread-safe: one per walk.
 */
final class Table {

    static final int MAX_ROWS = 200;

    final List<String> held = new ArrayList<>();
    final StringBuilder text = new StringBuilder(256);
    int rows;
    boolean closed;
    private String section = "";

    Table(String rule) {
        held.add(rule);
    }

    /** A rule: five or more dashes and nothing else. */
    static boolean isRule(String line) {
        int b = 0;
        int e = line.length();
        while (b < e && line.charAt(b) == ' ') {
            b++;
        }
        if (b == e || line.charAt(b) != '-') {
            return false; // most lines: decided by their first char, before the trailing blanks are looked at
        }
        while (e > b && Character.isWhitespace(line.charAt(e - 1))) {
            e--;
        }
        if (e - b < 5) {
            return false;
        }
        for (int i = b; i < e; i++) {
            if (line.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /** Takes the next line: a row or the closing rule (true), or says the table is not one after all (false). */
    boolean take(String line) {
        if (line == null || held.size() > MAX_ROWS) {
            return false;
        }
        String t = LineNormalizer.stripRankPrefix(LineNormalizer.clean(line).strip());
        if (isRule(t)) {
            held.add(line);
            closed = true;
            return true;
        }
        int n = t.length();
        if (n < 3 || t.charAt(0) != '|' || t.charAt(n - 1) != '|') {
            return false;
        }
        int mid = t.indexOf('|', 1);
        if (mid >= n - 1 || t.indexOf('|', mid + 1) != n - 1) {
            return false;
        }
        int indent = 1;
        while (indent < mid && t.charAt(indent) == ' ') {
            indent++;
        }
        String key = t.substring(1, mid).strip();
        String value = t.substring(mid + 1, n - 1).strip();
        if (key.isEmpty()) {
            return false;
        }
        held.add(line);
        if (value.isEmpty()) {
            section = key.endsWith("/") ? key : key + "/"; // "| train/ |  |"
            return true;
        }
        if (indent <= 2) {
            section = ""; // a row at the left edge belongs to no section
        }
        text.append(section).append(key.replace(' ', '_')).append('=').append(value.replace(' ', '_')).append(' ');
        rows++;
        return true;
    }
}
