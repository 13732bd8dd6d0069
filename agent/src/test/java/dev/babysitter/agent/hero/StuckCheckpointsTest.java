package dev.babysitter.agent.hero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stuck checkpoints on real directories, with the hero policy's thresholds. */
class StuckCheckpointsTest {
  final Policy.HeroRules rules = Policies.load("hero").hero();
  final StuckCheckpoints stuck = new StuckCheckpoints(rules);
  final Instant now = Instant.parse("2026-12-01T12:00:00Z");

  @Test
  void stepsPastTwiceTheSpacingWithoutANewCompleteCheckpoint(@TempDir Path root) throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    dirs.add(1000, true, now.minusSeconds(3600));
    dirs.add(1500, true, now.minusSeconds(1800));
    long limit = 1500 + (long) (rules.checkpointStuckFactor() * 500);

    assertThat(stuck.check(dirs.catalog(), limit, now)).isEmpty();
    Optional<Alert> alert = stuck.check(dirs.catalog(), limit + 1, now);
    assertThat(alert).isPresent();
    assertThat(alert.get().kind()).isEqualTo(AlertKind.CHECKPOINT_STUCK);
    assertThat(alert.get().evidence()).contains("step-1500").contains("500 steps")
        .contains("2 complete checkpoints");
  }

  @Test
  void aDirectoryWithoutItsMarkerLongerThanASaveTakes(@TempDir Path root) throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    dirs.add(1000, true, now.minusSeconds(7200));
    dirs.add(1500, false, now.minus(rules.checkpointSaveMax()).plusSeconds(60));
    assertThat(stuck.check(dirs.catalog(), 1600L, now)).isEmpty();

    dirs.add(1500, false, now.minus(rules.checkpointSaveMax()).minus(Duration.ofMinutes(5)));
    Optional<Alert> alert = stuck.check(dirs.catalog(), 1600L, now);
    assertThat(alert).isPresent();
    assertThat(alert.get().evidence()).contains("step-1500").contains("no completion marker")
        .contains("1 complete checkpoint in the rollback window");
  }

  @Test
  void anOldAbandonedPartialBeforeTheNewestCompleteIsNotStuck(@TempDir Path root)
      throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    dirs.add(500, false, now.minusSeconds(86_400));
    dirs.add(1000, true, now.minusSeconds(600));
    dirs.add(1500, true, now.minusSeconds(60));
    assertThat(stuck.check(dirs.catalog(), 1600L, now)).isEmpty();
  }
}
