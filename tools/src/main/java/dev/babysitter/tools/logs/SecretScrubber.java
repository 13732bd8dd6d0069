package dev.babysitter.tools.logs;
import java.util.Collection;
import java.util.List;
import java.util.Map;
/** TEMPORARY stand-in until the logs branch lands. */
public final class SecretScrubber {
  private final List<String> known;
  public SecretScrubber(Collection<String> knownSecrets) { known = List.copyOf(knownSecrets); }
  public static SecretScrubber fromEnvironment(Map<String, String> env) { return new SecretScrubber(List.of()); }
  public String scrub(String text) { if (text == null) return null; String t = text; for (String k : known) t = t.replace(k, "***"); return t; }
}
