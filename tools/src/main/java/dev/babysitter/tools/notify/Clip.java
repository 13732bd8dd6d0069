package dev.babysitter.tools.notify;

/** Shortens a message to a service's limit, saying so. */
final class Clip {
  private Clip() {}

  static String to(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String more = "… (more in the logbook)";
    return text.substring(0, max - more.length()) + more;
  }
}
