package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosBenchTest {
  @Test
  void everyExperimentHasAUniqueNameAndAnUnknownOneIsRefused() {
    assertThat(ChaosBench.names()).doesNotHaveDuplicates().contains("parser-fuzz",
        "guard-fuzz", "secret-canaries", "prompt-injection", "clock");
    assertThatThrownBy(() -> ChaosBench.select(Set.of("nope")))
        .hasMessageContaining("nope").hasMessageContaining("parser-fuzz");
  }

  @Test
  void oneLinePerExperimentThenATable(@TempDir Path dir) throws Exception {
    ChaosExperiment fake = new ChaosExperiment() {
      @Override public String name() { return "fake"; }
      @Override public String violation() { return "lost entries"; }
      @Override public ChaosResult run(ChaosSettings s) {
        return new ChaosResult("fake", 10, 2, violation(), Map.of("reordered", "1"),
            List.of("entry 3 lost"), Duration.ZERO);
      }
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<ChaosResult> results = new ChaosBench(List.of(fake), Clock.systemUTC())
        .run(new ChaosSettings(1, true, dir), new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("fake")
        .contains("trials=10 lost_entries=2 reordered=1", "e.g. entry 3 lost");
    assertThat(ChaosBench.table(results)).contains("| fake | 10 | 2 lost entries | reordered 1 |");
  }
}
