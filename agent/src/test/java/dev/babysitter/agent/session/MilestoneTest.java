package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.logs.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The next-checkpoint milestone is derived from the run's own checkpoint spacing. */
class MilestoneTest {
  private static Assessment at(long step, double rate) {
    Progress p = new Progress("tqdm", step, "global", null, 1000L, step, 2.0, null, rate, null,
        false);
    return new Assessment(Health.HEALTHY, List.of(), p, null, rate, null,
        WatchMemory.fresh(1), null);
  }

  private static CheckpointCatalog catalog(long... steps) {
    List<CheckpointCatalog.Entry> entries = new java.util.ArrayList<>();
    for (long s : steps) {
      entries.add(new CheckpointCatalog.Entry("step-" + s, true, Instant.EPOCH));
    }
    entries.add(new CheckpointCatalog.Entry("step-999", false, Instant.EPOCH)); // incomplete
    return CheckpointCatalog.of("/ckpt", "step-{n}", entries);
  }

  @Test
  void nextCheckpointFromSpacingAndRate() {
    Duration until = RunController.untilNextCheckpoint(at(250, 5.0), catalog(100, 200));
    assertThat(until).isEqualTo(Duration.ofSeconds(10)); // 300 - 250 = 50 steps at 5/s
  }

  @Test
  void skipsBoundariesAlreadyPassed() {
    Duration until = RunController.untilNextCheckpoint(at(420, 10.0), catalog(100, 200));
    assertThat(until).isEqualTo(Duration.ofSeconds(8)); // next is 500
  }

  @Test
  void unknownWithoutTwoCompleteCheckpointsOrARate() {
    assertThat(RunController.untilNextCheckpoint(at(250, 5.0), catalog(100))).isNull();
    assertThat(RunController.untilNextCheckpoint(at(250, 0.0), catalog(100, 200))).isNull();
  }
}
