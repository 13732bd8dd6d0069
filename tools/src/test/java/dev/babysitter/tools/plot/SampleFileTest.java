package dev.babysitter.tools.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFileTest {
  static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

  @TempDir Path tmp;

  @Test
  void keepsSamplesInOrderAndSkipsATornLine() throws Exception {
    SampleFile f = new SampleFile(tmp.resolve("run/samples.jsonl"), 100);
    f.append(new SampleFile.Sample(T0, Map.of("step", 1.0, "loss", 8.5)));
    Files.writeString(f.file(), "{\"at\":\"2026-12-06T12:0", StandardOpenOption.APPEND);
    f.append(new SampleFile.Sample(T0.plusSeconds(60), Map.of("step", 2.0,
        "loss", Double.NaN))); // a NaN is not a point

    List<SampleFile.Sample> read = new SampleFile(f.file(), 100).read();
    assertThat(read).extracting(SampleFile.Sample::at).containsExactly(T0, T0.plusSeconds(60));
    assertThat(read.get(1).values()).containsEntry("step", 2.0).doesNotContainKey("loss");
  }

  @Test
  void staysBoundedKeepingTheWholeSpanAndTheNewest() throws Exception {
    SampleFile f = new SampleFile(tmp.resolve("samples.jsonl"), 10);
    for (int i = 0; i < 100; i++) {
      f.append(new SampleFile.Sample(T0.plusSeconds(i), Map.of("step", (double) i)));
      assertThat(Files.readAllLines(f.file()).size()).isLessThanOrEqualTo(10);
    }
    List<SampleFile.Sample> read = f.read();
    assertThat(read.get(read.size() - 1).values()).containsEntry("step", 99.0);
    assertThat(read.get(0).values().get("step")).isLessThan(20.0);
    assertThat(read).extracting(SampleFile.Sample::at).isSorted();
  }
}
