package dev.babysitter.tools.provider.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchScriptTest {

  private static SlurmSettings settings(int nodes, Integer gpus, Duration time) {
    return new SlurmSettings(nodes, gpus, "gpu", "proj-42", time,
        List.of("--exclusive", "--constraint=h100"), 2.5, Path.of("/shared/bs"), Map.of());
  }

  @Test
  void aMultiNodeJobAsksForEveryNodeAndItsGpusAndExportsTheRendezvous() {
    String script = BatchScript.text("llm-7b", "/shared/bs/llm-7b",
        settings(4, 8, Duration.ofHours(12)));

    assertThat(script).startsWith("#!/bin/sh\n")
        .contains("#SBATCH --job-name=llm-7b\n", "#SBATCH --time=720\n", "#SBATCH --nodes=4\n",
            "#SBATCH --gpus-per-node=8\n", "#SBATCH --partition=gpu\n",
            "#SBATCH --account=proj-42\n", "#SBATCH --exclusive\n",
            "#SBATCH --constraint=h100\n", "#SBATCH --output=/shared/bs/llm-7b/slurm-%j.out\n")
        .contains("MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)")
        .contains("WORLD_SIZE=$((SLURM_JOB_NUM_NODES * 8))")
        .contains("export MASTER_ADDR MASTER_PORT WORLD_SIZE")
        .endsWith("exec sh ./supervisor.sh '/shared/bs/llm-7b'\n");
    // Every option precedes the first command: sbatch stops reading #SBATCH lines there.
    int lastOption = script.lastIndexOf("#SBATCH");
    assertThat(script.indexOf("\nMASTER_ADDR")).isGreaterThan(lastOption);
  }

  @Test
  void withoutGpusTheWorldIsTheTasksAndNothingOptionalIsAsked() {
    SlurmSettings s = new SlurmSettings(1, null, null, null, Duration.ofSeconds(61), null, null,
        Path.of("/shared"), null);

    String script = BatchScript.text("tiny", "/shared/tiny", s);

    assertThat(script).contains("#SBATCH --time=2\n", "#SBATCH --nodes=1\n",
            "WORLD_SIZE=${SLURM_NTASKS:-$SLURM_JOB_NUM_NODES}")
        .doesNotContain("--gpus-per-node", "--partition", "--account");
    assertThat(s.dollarsPerHour()).isZero();
    assertThat(settings(2, 4, Duration.ofHours(1)).dollarsPerHour()).isEqualTo(20.0);
  }

  @Test
  void slurmStatesMapToInstanceStatesAndAPendingJobSaysWhy() {
    SlurmJob pending = SlurmProvider.parse("17|PENDING|Resources|").orElseThrow();
    assertThat(pending.describe()).isEqualTo("pending (Resources)");
    assertThat(pending.instanceState().name()).isEqualTo("LOADING");
    assertThat(SlurmProvider.parse("18|RUNNING|None|node[1-2]").orElseThrow().describe())
        .isEqualTo("running on node[1-2]");
    for (String lost : List.of("CANCELLED", "NODE_FAIL", "PREEMPTED", "GONE")) {
      assertThat(new SlurmJob("1", lost, "", "").lost()).as(lost).isTrue();
    }
    for (String ended : List.of("COMPLETED", "FAILED", "TIMEOUT")) {
      SlurmJob job = new SlurmJob("1", ended, "", "");
      assertThat(job.lost()).as(ended).isFalse();
      assertThat(job.instanceState().name()).isEqualTo("EXITED");
    }
    assertThat(new SlurmJob("1", SlurmJob.GONE, "", "").instanceState().name()).isEqualTo("GONE");
  }
}
