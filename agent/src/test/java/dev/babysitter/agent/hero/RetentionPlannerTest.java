package dev.babysitter.agent.hero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.checkpoint.Checkpoint;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention over real checkpoint directories, listed by the real probe. */
class RetentionPlannerTest {
  static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
  final RetentionPlanner planner = new RetentionPlanner();

  @Test
  void keepsLastNAnchorsFinalLaunchRecoveryAndSyncedListsTheRest(@TempDir Path root)
      throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    for (long s = 100; s <= 1500; s += 100) {
      dirs.add(s, true, T.plusSeconds(s));
    }
    dirs.add(1600, false, T.plusSeconds(1600)); // being written
    dirs.add(50, false, T.plusSeconds(50)); // an abandoned partial save

    RetentionPlan plan = planner.plan(dirs.catalog(), 3, 500L, 2000,
        Map.of(dirs.path(200), "launch checkpoint (initialize_from)",
            dirs.path(300), "recovery source"), dirs.path(1100));

    assertThat(plan.candidates()).extracting(Checkpoint::step)
        .containsExactly(50L, 100L, 400L, 600L, 700L, 800L, 900L, 1200L);
    assertThat(plan.kept().get(dirs.path(1400))).containsExactly("among the last 3");
    assertThat(plan.kept().get(dirs.path(1500))).containsExactly("among the last 3",
        "milestone anchor (every 500)");
    assertThat(plan.kept().get(dirs.path(1000))).containsExactly("milestone anchor (every 500)");
    assertThat(plan.kept().get(dirs.path(200))).contains("launch checkpoint (initialize_from)");
    assertThat(plan.kept().get(dirs.path(300))).contains("recovery source");
    assertThat(plan.kept().get(dirs.path(1100))).contains("newest synced");
    assertThat(plan.kept().get(dirs.path(1600))).contains("being written");
    assertThat(plan.completeRemaining()).isEqualTo(8);
    assertThat(plan.windowCollapsing()).isFalse();
    assertThat(plan.describeCandidates()).contains(dirs.path(50) + " (step 50, incomplete)");
  }

  @Test
  void finalCheckpointIsNeverACandidate(@TempDir Path root) throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    dirs.add(900, true, T);
    dirs.add(1000, true, T.plusSeconds(10));
    dirs.add(1100, true, T.plusSeconds(20));
    RetentionPlan plan = planner.plan(dirs.catalog(), 1, null, 1000, Map.of(), null);
    assertThat(plan.candidates()).extracting(Checkpoint::step).containsExactly(900L);
    assertThat(plan.kept().get(dirs.path(1000))).contains("final checkpoint");
  }

  @Test
  void keepingFewerThanTwoCompleteIsACollapsingWindow(@TempDir Path root) throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    dirs.add(100, true, T);
    dirs.add(200, true, T.plusSeconds(10));
    dirs.add(300, false, T.plusSeconds(20));
    RetentionPlan plan = planner.plan(dirs.catalog(), 1, null, 1000, Map.of(), null);
    assertThat(plan.candidates()).extracting(Checkpoint::step).containsExactly(100L);
    assertThat(plan.completeRemaining()).isEqualTo(1);
    assertThat(plan.windowCollapsing()).isTrue();
  }
}
