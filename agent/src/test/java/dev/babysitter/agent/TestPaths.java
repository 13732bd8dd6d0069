package dev.babysitter.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root in tests: from surefire's property, else by walking up. */
public final class TestPaths {
  private TestPaths() {}

  public static Path repoRoot() {
    String property = System.getProperty("babysitter.repoRoot");
    if (property != null) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("examples/trainer"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root");
    }
    return dir;
  }
}
