package dev.babysitter.agent.policy;

import java.nio.file.Path;

/** The real policy files of the repository, for tests of the code that reads them. */
public final class Policies {
  private Policies() {}

  public static Path repoRoot() {
    return Path.of(System.getProperty("babysitter.repoRoot", "..")).toAbsolutePath().normalize();
  }

  public static Path file(String name) {
    return repoRoot().resolve("policies/" + name + ".yaml");
  }

  public static Policy load(String name) {
    try {
      return new PolicyLoader().load(file(name));
    } catch (InvalidPolicyException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  public static Policy defaults() {
    return load("default");
  }

  public static Policy demo() {
    return load("demo");
  }
}
