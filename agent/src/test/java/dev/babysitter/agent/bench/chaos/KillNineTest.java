package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The babysitter, a process of its own, is killed with SIGKILL during the launch, during an
 * issue comment and after a decision of a run that crashes once, and restarted each time: the
 * run ends done, its relaunch charged once, its logbook whole in the origin, every comment in
 * the issue thread once, nothing duplicated or left running.
 */
class KillNineTest {
  @Test
  void killedAndRestartedTheRunStillEndsWhole(@TempDir Path dir) throws Exception {
    ChaosResult r = new KillNine(TestPaths.repoRoot()).run(new ChaosSettings(1, true, dir));

    assertThat(r.trials()).as(r.line() + " " + r.examples()).isEqualTo(3);
    // a run that ends before its third kill hands the rest to a second run: at least one each
    assertThat(Long.parseLong(r.figures().get("at_launch"))).isPositive();
    assertThat(r.figures().get("at_comment")).as("a kill landed in an issue comment: "
        + r.line()).isNotNull();
    assertThat(Long.parseLong(r.figures().get("comments"))).isPositive();
    assertThat(r.figures()).containsEntry("comments_lost", "0")
        .containsEntry("comments_duplicated", "0").containsEntry("issues_duplicated", "0");
    assertThat(Long.parseLong(r.figures().get("relaunches"))).as("the crash was relaunched")
        .isPositive();
    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
  }
}
