package dev.babysitter.tools.provider.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.RemoteShell;
import dev.babysitter.tools.shell.LocalShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of every node from {@code srun --label} output as Slurm 22.05 prints it, read
 * through the real prober: the probe's own script runs unchanged and its GPU section is what
 * the job's shell returned.
 */
class SlurmGpuProbeTest {
  private static final String T = SlurmGpuProbe.TAG;

  @Test
  void everyNodesRowsCarryTheirNodeAndAnIdleNodeIsSeen() {
    // srun --label prefixes each line with the task's rank; output of the four tasks
    // interleaves. One task per node: rank i is the i-th node of the allocation.
    String srun = String.join("\n",
        T + "nodes gpu-07 gpu-08 gpu-11 gpu-12 ",
        T + "row 2: 0, NVIDIA H100 80GB HBM3, 97, 61000, 81559",
        T + "row 0: 0, NVIDIA H100 80GB HBM3, 98, 62000, 81559",
        T + "row 0: 1, NVIDIA H100 80GB HBM3, 96, 62010, 81559",
        T + "row 3: 0, NVIDIA H100 80GB HBM3, 0, 61000, 81559",
        T + "row 1: 0, NVIDIA H100 80GB HBM3, 99, 62000, 81559",
        T + "row 2: 1, NVIDIA H100 80GB HBM3, 97, 61000, 81559",
        T + "row 1: 1, NVIDIA H100 80GB HBM3, 95, 62000, 81559",
        T + "row 3: 1, NVIDIA H100 80GB HBM3, 0, 61000, 81559");

    Probe p = probeWith(srun + "\n", 0);

    assertThat(p.gpus()).hasSize(8).contains(
        new GpuRow(0, "NVIDIA H100 80GB HBM3 on gpu-07", 98, 62000, 81559),
        new GpuRow(1, "NVIDIA H100 80GB HBM3 on gpu-12", 0, 61000, 81559));
    assertThat(p.gpus().stream().filter(g -> g.utilPct() == 0).map(GpuRow::name))
        .containsOnly("NVIDIA H100 80GB HBM3 on gpu-12");
    assertThat(p.gpuProblem()).isNull();
  }

  @Test
  void aNodeWithoutNvidiaSmiGivesNoRowsAndSaysWhy() {
    String srun = String.join("\n",
        T + "nodes cpu-01 ",
        T + "row 0: slurmstepd: error: execve(): nvidia-smi: No such file or directory",
        T + "row srun: error: cpu-01: task 0: Exited with exit code 2");

    Probe p = probeWith(srun + "\n", 2);

    assertThat(p.gpus()).isEmpty(); // no GPU telemetry: unknown, never idle
    assertThat(p.gpuProblem()).contains("srun: error: cpu-01: task 0: Exited with exit code 2");
    assertThat(SlurmGpuProbe.rewrite(srun)).contains(
        "cpu-01: slurmstepd: error: execve(): nvidia-smi: No such file or directory");
  }

  @Test
  void withoutSrunTheFirstNodesRowsComeWithAProblemSayingSo() {
    String out = String.join("\n",
        T + "nodes gpu-07 gpu-08 ",
        T + "fallback srun: unrecognized option '--overlap'",
        T + "first 0, NVIDIA A100-SXM4-40GB, 88, 30000, 40960");

    Probe p = probeWith(out + "\n", 0);

    assertThat(p.gpus()).containsExactly(
        new GpuRow(0, "NVIDIA A100-SXM4-40GB on gpu-07", 88, 30000, 40960));
    assertThat(p.gpuProblem()).contains("srun --overlap could not run")
        .contains("unrecognized option '--overlap'").contains("from gpu-07 only");
  }

  @Test
  void aJobWithoutNodesHasNoRows() {
    Probe p = probeWith(T + "none job 17 has no nodes (not running)\n", 1);

    assertThat(p.gpus()).isEmpty();
    assertThat(p.gpuProblem()).contains("no GPU rows: job 17 has no nodes");
  }

  @Test
  void outputWithoutTagsIsLeftAlone() {
    assertThat(SlurmGpuProbe.rewrite("a\nb\n")).isEqualTo("a\nb\n");
    assertThat(SlurmGpuProbe.rewrite("x\n" + T + "row 0: 0, G, 1, 2, 3\ny"))
        .isEqualTo("x\n0, G on task 0, 1, 2, 3\ny");
    // srun pads labels to the widest rank: " 1: " beside "10: "
    assertThat(SlurmGpuProbe.rewrite(T + "nodes a b\n" + T + "row  1: 0, G, 1, 2, 3\n"))
        .isEqualTo("0, G on b, 1, 2, 3\n");
  }

  /**
   * The bash function itself, with Slurm's commands stubbed on the PATH as a two-node cluster
   * answers: squeue's compressed node list, scontrol's expansion, and srun either printing both
   * tasks' labelled rows or refusing the step.
   */
  @Test
  void theFunctionAsksEveryNodeAndFallsBackToTheFirst(@TempDir Path tmp) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    stub(bin, "squeue", "echo 'gpu-[07-08]'");
    stub(bin, "scontrol", "[ \"$1 $2 $3\" = 'show hostnames gpu-[07-08]' ] && printf 'gpu-07\\ngpu-08\\n'");
    stub(bin, "hostname", "echo gpu-07");
    stub(bin, "nvidia-smi", "echo '0, Local GPU, 55, 10, 20'");
    stub(bin, "srun", "echo \"$*\" > " + tmp.resolve("srun.args") + "; "
        + "printf '1: 0, G, 0, 1, 2\\n0: 0, G, 98, 1, 2\\n'");
    String query = "nvidia-smi --query-gpu=index,name --format=csv,noheader,nounits; echo rc=$?";

    String out = run(bin, query);

    assertThat(SlurmGpuProbe.rewrite(out)).isEqualTo("0, G on gpu-08, 0, 1, 2\n"
        + "0, G on gpu-07, 98, 1, 2\nrc=0\n");
    assertThat(Files.readString(tmp.resolve("srun.args"))).contains("--jobid=17 --overlap"
        + " --nodes=2 --ntasks=2 --ntasks-per-node=1 --label").contains(
        "nvidia-smi --query-gpu=index,name --format=csv,noheader,nounits");

    stub(bin, "srun", "echo \"srun: unrecognized option '--overlap'\" >&2; exit 1");
    assertThat(SlurmGpuProbe.rewrite(run(bin, query))).isEqualTo("srun --overlap could not run"
        + " on the job's nodes (srun: unrecognized option '--overlap'): GPU rows from gpu-07"
        + " only\n0, Local GPU on gpu-07, 55, 10, 20\nrc=0\n");

    stub(bin, "squeue", "true"); // pending: no nodes
    assertThat(SlurmGpuProbe.rewrite(run(bin, query)))
        .isEqualTo("no GPU rows: job 17 has no nodes (not running)\nrc=1\n");
  }

  private static String run(Path bin, String command) throws Exception {
    try (LocalShell shell = new LocalShell()) {
      ExecResult r = shell.exec("PATH=" + bin + ":$PATH bash -c " + BatchScript.quote(
          SlurmGpuProbe.function("17", "export SLURM_CONF=/x/slurm.conf; ") + "\n" + command),
          Duration.ofSeconds(30));
      assertThat(r.stderr()).isEmpty();
      return r.stdout();
    }
  }

  private static void stub(Path bin, String name, String body) throws Exception {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    file.toFile().setExecutable(true);
  }

  /**
   * The real prober against a login shell whose {@code nvidia-smi} printed {@code gpuSection}
   * with exit status {@code rc}; the rest of the probe output is that of an empty instance.
   */
  private static Probe probeWith(String gpuSection, int rc) {
    RemoteShell login = new RemoteShell() {
      @Override
      public ExecResult exec(String command, Duration timeout) {
        assertThat(command).startsWith("bash -c ").contains("srun --jobid=").contains("--label");
        String out = "@@babysitter:now\n1700000000\n@@babysitter:state\n\n"
            + "@@babysitter:gpu\n" + gpuSection + "rc=" + rc + "\n@@babysitter:checkpoints\n";
        return new ExecResult(0, out, "", false);
      }

      @Override
      public void upload(byte[] content, String path, boolean executable) {}

      @Override
      public String describe() {
        return "test";
      }
    };
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
    return new Prober(clock, Duration.ofSeconds(10)).probe(
        new SlurmJobShell(login, "17", ""), "/shared/run", 0, 10, 0);
  }
}
