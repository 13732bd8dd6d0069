package dev.babysitter.tools.logbook;

import java.util.ArrayList;
import java.util.List;

/** Renders one {@code - Key: value} bullet so that any value keeps the markdown valid. */
final class MarkdownValues {
  private MarkdownValues() {}

  static List<String> bullet(String key, String value) {
    String v = value.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
    List<String> out = new ArrayList<>();
    if (!v.contains("\n")) {
      out.add(v.isEmpty() ? "- " + key + ":" : "- " + key + ": " + v);
      return out;
    }
    // A fenced block indented under the bullet keeps the value verbatim and inside the list
    // item; the fence is longer than any backtick run in the value so it cannot be closed early.
    String fence = "`".repeat(Math.max(3, longestRun(v, '`') + 1));
    out.add("- " + key + ":");
    out.add("  " + fence);
    for (String line : v.split("\n", -1)) {
      out.add(line.isEmpty() ? "" : "  " + line);
    }
    out.add("  " + fence);
    return out;
  }

  static int longestRun(String s, char c) {
    int best = 0;
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = s.charAt(i) == c ? run + 1 : 0;
      best = Math.max(best, run);
    }
    return best;
  }
}
