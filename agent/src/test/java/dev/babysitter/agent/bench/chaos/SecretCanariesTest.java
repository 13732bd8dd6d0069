package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash-and-relaunch local run with canary secrets in env, command line, log and error
 * message; none may reach the logbook, the issue, STATUS.md, the state, the events or stdout.
 */
class SecretCanariesTest {
  @Test
  void noCanaryLeavesTheMachine(@TempDir Path dir) throws Exception {
    ChaosResult r = new SecretCanaries(TestPaths.repoRoot()).run(new ChaosSettings(5, true, dir));

    assertThat(r.figures().get("outcome")).as(r.line()).isEqualTo("done");
    assertThat(Long.parseLong(r.figures().get("in_training_log"))).as("canaries planted")
        .isGreaterThanOrEqualTo(3);
    // the supervisor's events once carried the command line, --api-key and all
    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
  }
}
