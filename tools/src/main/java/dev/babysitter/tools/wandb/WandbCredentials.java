package dev.babysitter.tools.wandb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The W&B API key and where it came from, in the order of W&B's own client: env
 * {@code WANDB_API_KEY}, then {@code ~/.netrc} (machine {@code api.wandb.ai}). The source is kept
 * so that a rejected key can be named; the key itself leaves this class only as the
 * Authorization header, and {@link #toString()} never shows it.
 */
public final class WandbCredentials {
  static final String MACHINE = "api.wandb.ai";

  private final String key;
  private final String source;

  private WandbCredentials(String key, String source) {
    this.key = key;
    this.source = source;
  }

  /** A key given directly, e.g. by a test; {@code source} describes it for error messages. */
  public static WandbCredentials of(String key, String source) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("empty W&B API key from " + source);
    }
    return new WandbCredentials(key.strip(), source);
  }

  /** The key from env, else from {@code home/.netrc}; empty when neither has one. */
  public static Optional<WandbCredentials> resolve(Map<String, String> env, Path home) {
    String fromEnv = env.get("WANDB_API_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new WandbCredentials(fromEnv.strip(), "env WANDB_API_KEY"));
    }
    Path netrc = home.resolve(".netrc");
    return netrcPassword(netrc).map(k -> new WandbCredentials(k, netrc + " (machine " + MACHINE
        + ")"));
  }

  /** The password of {@code machine api.wandb.ai} in a netrc file, for the scrubber too. */
  public static Optional<String> netrcPassword(Path netrc) {
    String text;
    try {
      if (!Files.isRegularFile(netrc)) {
        return Optional.empty();
      }
      text = Files.readString(netrc, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    List<String> tokens = List.of(text.strip().split("\\s+"));
    boolean ours = false;
    for (int i = 0; i < tokens.size() - 1; i++) {
      String t = tokens.get(i);
      if ("machine".equals(t) || "default".equals(t)) {
        ours = "machine".equals(t) && MACHINE.equals(tokens.get(i + 1));
      } else if (ours && "password".equals(t)) {
        String value = tokens.get(i + 1);
        return value.isBlank() ? Optional.empty() : Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /** Where the key came from, safe to print. */
  public String source() {
    return source;
  }

  /** Replaces every occurrence of the key in {@code text}. */
  public String redact(String text) {
    return text == null ? null : dev.babysitter.tools.logs.SecretScrubber.maskWholeToken(text,
        key, "<redacted>");
  }

  /** The key itself, for the scrubber's list of known secrets only. */
  public String secretForScrubber() {
    return key;
  }

  String basic() {
    return "Basic " + Base64.getEncoder().encodeToString(("api:" + key)
        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "WandbCredentials[from " + source + "]";
  }
}
