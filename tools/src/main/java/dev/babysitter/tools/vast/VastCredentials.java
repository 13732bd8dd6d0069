package dev.babysitter.tools.vast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Vast API key and where it came from. The source is kept so that a rejected key can be
 * named ("the key from env VAST_API_KEY was rejected"); the key itself never leaves this class
 * except as the Authorization header, and {@link #toString()} never shows it.
 */
public final class VastCredentials {
  private final String key;
  private final String source;

  private VastCredentials(String key, String source) {
    this.key = key;
    this.source = source;
  }

  /** A key given directly, e.g. by a test; {@code source} describes it for error messages. */
  public static VastCredentials of(String key, String source) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("empty Vast API key from " + source);
    }
    return new VastCredentials(key.strip(), source);
  }

  /**
   * Resolves the key in the order of the official SDK: {@code --api-key-file}, env
   * {@code VAST_API_KEY}, {@code ~/.config/vastai/vast_api_key}, legacy {@code ~/.vast_api_key}.
   * An explicitly named file that is missing or empty is an error, not a fall-through: the user
   * asked for that file.
   */
  public static VastCredentials resolve(Optional<Path> apiKeyFile, Map<String, String> env,
      Path home) throws VastException {
    if (apiKeyFile.isPresent()) {
      Path file = apiKeyFile.get();
      String text = read(file).orElseThrow(() -> new VastException(VastException.Kind.AUTH, 0,
          "--api-key-file " + file + " is missing, unreadable or empty"));
      return new VastCredentials(text, "--api-key-file " + file);
    }
    String fromEnv = env.get("VAST_API_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new VastCredentials(fromEnv.strip(), "env VAST_API_KEY");
    }
    List<String> tried = new ArrayList<>(List.of("--api-key-file (not given)",
        "env VAST_API_KEY (unset)"));
    for (Path file : List.of(home.resolve(".config/vastai/vast_api_key"),
        home.resolve(".vast_api_key"))) {
      Optional<String> text = read(file);
      if (text.isPresent()) {
        return new VastCredentials(text.get(), file.toString());
      }
      tried.add(file + " (missing or empty)");
    }
    throw new VastException(VastException.Kind.AUTH, 0,
        "no Vast API key found; tried " + String.join(", ", tried));
  }

  private static Optional<String> read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(text);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Where the key came from, safe to print. */
  public String source() {
    return source;
  }

  /** Replaces every occurrence of the key in {@code text}, for text that echoes requests. */
  public String redact(String text) {
    // Whole tokens only: a short key must never rewrite ordinary words ("ConnectException").
    return text == null ? null : dev.babysitter.tools.logs.SecretScrubber.maskWholeToken(text,
        key, "<redacted>");
  }

  String bearer() {
    return "Bearer " + key;
  }

  @Override
  public String toString() {
    return "VastCredentials[from " + source + "]";
  }
}
