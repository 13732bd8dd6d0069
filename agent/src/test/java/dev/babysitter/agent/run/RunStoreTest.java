package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.watch.LossLineage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
  @Test
  void theLossLineageSurvivesARestartWithItsStepsInOrder(@TempDir Path dir) throws Exception {
    RunStore store = new RunStore(dir);
    RunRecord r = new RunRecord();
    r.runName = "tiny";
    LossLineage lineage = LossLineage.empty(1).withPoints(Map.of(110L, 2.48, 100L, 2.5))
        .next(2).withPoints(Map.of(110L, 2.51));
    r.memory = r.memory.withLineage(lineage);
    store.save(r);

    LossLineage back = new RunStore(dir).load("tiny").orElseThrow().memory.lineage();

    assertThat(back).isEqualTo(lineage);
    assertThat(back.lineage().firstKey()).isEqualTo(100L);
    assertThat(back.attempt()).containsEntry(110L, 2.51);
  }
}
