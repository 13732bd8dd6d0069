package dev.babysitter.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyBenchTest {
  @Test
  void scoresPerClassAndCountsFalseAlarmsOnHealthy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tiny.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"id\":\"cuda_oom-01\",\"label\":\"cuda_oom\",\"framework\":\"hf: x\",\"source\":\"s\","
            + "\"text\":\"torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB\"}",
        "{\"id\":\"healthy-01\",\"label\":\"healthy\",\"framework\":\"hf: x\",\"source\":\"s\","
            + "\"text\":\"{'loss': 2.3, 'learning_rate': 5e-05, 'epoch': 0.5}\"}",
        "{\"id\":\"healthy-02\",\"label\":\"healthy\",\"framework\":\"hf: x\",\"source\":\"s\","
            + "\"text\":\"Traceback (most recent call last):\\nKeyError: 'x'\"}",
        ""));
    ClassifyBench bench = ClassifyBench.read(file);
    assertThat(bench.scores().get("cuda_oom")).isEqualTo(
        new ClassifyBench.ClassScore("cuda_oom", 1, 1, 0, 0));
    assertThat(bench.scores().get("healthy").recall()).isEqualTo(0.5);
    assertThat(bench.falseAlarms()).extracting(ClassifyBench.Case::id).containsExactly("healthy-02");
    assertThat(bench.table()).contains("false alarms on healthy excerpts: 1 of 2");
  }
}
