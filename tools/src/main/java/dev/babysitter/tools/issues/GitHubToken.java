package dev.babysitter.tools.issues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GitHub token and where it came from. {@link #source()} is what error messages name (the
 * value never is), e.g. "GITHUB_TOKEN" or "token from ~/.config/gh/hosts.yml".
 * {@link #login()} is the account when the source says so (gh's config does), else null.
 */
public record GitHubToken(String value, String source, String login) {
  public static final String DEFAULT_HOST = "github.com";

  public GitHubToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
  }

  /** Never prints the value: records would otherwise put it in every log line that shows us. */
  @Override
  public String toString() {
    return "GitHubToken[" + source + (login == null ? "" : ", login " + login) + "]";
  }

  /**
   * The token gh and the GitHub CLI tools would use: {@code GITHUB_TOKEN}, then {@code GH_TOKEN},
   * then gh's {@code hosts.yml} for {@code host}. Blank values are skipped.
   */
  public static Optional<GitHubToken> find(Map<String, String> env, Path home, String host) {
    for (String name : List.of("GITHUB_TOKEN", "GH_TOKEN")) {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        return Optional.of(new GitHubToken(v.strip(), name, null));
      }
    }
    Path hosts = ghConfigDir(env, home).resolve("hosts.yml");
    return fromHostsFile(hosts, displayPath(hosts, home), host);
  }

  /** As {@link #find}, failing (not retryable: nothing changes by waiting) with where it looked. */
  public static GitHubToken resolve(Map<String, String> env, Path home, String host)
      throws IssueTrackerException {
    Optional<GitHubToken> t = find(env, home, host);
    if (t.isPresent()) {
      return t.get();
    }
    Path hosts = ghConfigDir(env, home).resolve("hosts.yml");
    throw new IssueTrackerException("no GitHub token for " + host
        + ": set GITHUB_TOKEN or GH_TOKEN, or run `gh auth login --insecure-storage` (looked in "
        + displayPath(hosts, home) + "; gh keeps tokens in the system keyring by default, "
        + "where `gh auth token` can print one for GITHUB_TOKEN)", false);
  }

  /** gh's own lookup order: GH_CONFIG_DIR, then XDG_CONFIG_HOME/gh, then ~/.config/gh. */
  static Path ghConfigDir(Map<String, String> env, Path home) {
    String dir = env.get("GH_CONFIG_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg).resolve("gh");
    }
    return home.resolve(".config").resolve("gh");
  }

  /**
   * Reads both layouts gh has written: the old {@code host: {oauth_token, user}} and the
   * multi-account one, {@code host: {user, users: {login: {oauth_token}}}}. A missing or
   * unreadable file means "no token here", not an error: the caller reports where it looked.
   */
  static Optional<GitHubToken> fromHostsFile(Path hosts, String shown, String host) {
    if (!Files.isRegularFile(hosts)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(hosts.toFile());
    } catch (IOException e) {
      // The message of a YAML error may quote the line, which holds the token: say only where.
      return Optional.empty();
    }
    JsonNode h = root == null ? null : root.get(host);
    if (h == null || !h.isObject()) {
      return Optional.empty();
    }
    String source = "token from " + shown;
    String user = text(h.get("user"));
    String top = text(h.get("oauth_token"));
    if (top != null) {
      return Optional.of(new GitHubToken(top, source, user));
    }
    JsonNode users = h.get("users");
    if (users == null || !users.isObject()) {
      return Optional.empty();
    }
    if (user != null) {
      String t = text(users.path(user).get("oauth_token"));
      if (t != null) {
        return Optional.of(new GitHubToken(t, source, user));
      }
    }
    // No active user named: only an unambiguous single account is safe to pick.
    List<GitHubToken> found = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = users.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> u = it.next();
      String t = text(u.getValue().get("oauth_token"));
      if (t != null) {
        found.add(new GitHubToken(t, source, u.getKey()));
      }
    }
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  private static String text(JsonNode n) {
    return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText().strip();
  }

  private static String displayPath(Path p, Path home) {
    Path abs = p.toAbsolutePath().normalize();
    Path h = home.toAbsolutePath().normalize();
    return abs.startsWith(h) ? "~/" + h.relativize(abs).toString().replace('\\', '/')
        : abs.toString();
  }
}
