package dev.babysitter.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Polls for what a real run writes, with a generous deadline (the CLI tests run real runs). */
final class Waits {
  private Waits() {}

  interface Condition {
    boolean holds() throws Exception;
  }

  static void waitFor(Condition condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (!condition.holds()) {
      assertThat(Instant.now()).as("waited 90 s").isBefore(deadline);
      Thread.sleep(100);
    }
  }

  /** The trainer's log file of a local instance, from its supervisor.env. */
  static Path logFile(String home) throws Exception {
    Path env = Path.of(home, "supervisor.env");
    waitFor(() -> Files.exists(env));
    for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
      if (line.startsWith("LOG_FILE=")) {
        return Path.of(line.substring("LOG_FILE=".length()).replaceAll("^['\"]|['\"]$", ""));
      }
    }
    throw new AssertionError("no LOG_FILE in " + env);
  }
}
