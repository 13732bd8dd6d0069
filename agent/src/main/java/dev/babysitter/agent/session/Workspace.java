package dev.babysitter.agent.session;

import java.nio.file.Path;

/**
 * Where the babysitter keeps its own state: run records, local instances and the local issue
 * store. Defaults to {@code ~/.babysitter}; the demo makes a throwaway one.
 */
public record Workspace(Path root) {

  public static Workspace fromEnvironment(Path override) {
    if (override != null) {
      return new Workspace(override.toAbsolutePath().normalize());
    }
    String env = System.getenv("BABYSITTER_STATE");
    if (env != null && !env.isBlank()) {
      return new Workspace(Path.of(env).toAbsolutePath().normalize());
    }
    return new Workspace(Path.of(System.getProperty("user.home"), ".babysitter"));
  }

  public Path state() {
    return root.resolve("state");
  }

  public Path instances() {
    return root.resolve("instances");
  }

  public Path issues() {
    return root.resolve("issues");
  }

  /** The babysitter's own install (prompts, policies, examples): set by the launcher script. */
  public static Path installRoot() {
    String home = System.getProperty("babysitter.home");
    return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
  }
}
