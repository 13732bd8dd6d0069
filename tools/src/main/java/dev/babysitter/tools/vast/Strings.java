package dev.babysitter.tools.vast;

/** Vast string fields can carry trailing whitespace or newlines; the SDK strips them all. */
final class Strings {
  private Strings() {}

  static String strip(String s) {
    return s == null ? null : s.strip();
  }
}
