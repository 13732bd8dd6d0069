package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.guard.GuardState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product babysits a real PyTorch job it did not write: examples/torch/train_ddp.py, two
 * DDP ranks on CPU with gloo under Debian's torchrun, nanoGPT's log format behind torchrun's
 * {@code [default0]:} prefix, single-file {@code ckpt_{n}.pt} checkpoints saved by rename, and a
 * silent startup (imports, rendezvous) before the first progress line. Skipped with one line
 * where Debian's python3-torch is not installed ({@code .ci/run} installs it).
 */
class TorchRunsTest {
  private static final Path TORCHRUN = Path.of("/usr/bin/torchrun");
  private static final int STEPS = 40;

  @TempDir Path tmp;
  private RealJobRun job;

  @BeforeAll
  static void torchIsInstalled() throws Exception {
    boolean ok = Files.isExecutable(TORCHRUN);
    if (ok) {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch")
          .redirectErrorStream(true).start();
      ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
    assumeTrue(ok, "Debian's python3-torch is not installed (apt-get install -y python3-torch)");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (job != null) {
      job.destroyIfLeft();
    }
  }

  @Test
  void aKilledRankIsRelaunchedFromTheNewestCompleteCheckpointToDone() throws Exception {
    babysit("killed", "--kill-rank 1@25", false);

    assertThat(job.record.outcome).as(job.screen()).isEqualTo("done");
    assertThat(job.record.relaunches).hasSize(1);
    assertThat(job.log())
        .contains("resuming from " + job.out("checkpoints/ckpt_20.pt") + " at step 20");
    assertThat(Path.of(job.out("checkpoints/ckpt_" + STEPS + ".pt"))).exists();
    // The evidence is torchrun's report of the killed rank, not a wrapper line.
    assertThat(job.logbook()).containsPattern("exitcode\\s*:\\s*-9|SIGKILL|Signal 9");
  }

  @Test
  void aRankStuckInACollectiveIsAStallWithoutGpuTelemetryThenResumesToDone() throws Exception {
    babysit("hang-nogpu", "--hang-rank 1@25", false);

    assertThat(job.record.outcome).as(job.screen()).isEqualTo("done");
    assertThat(job.record.relaunches).extracting(GuardState.RelaunchMark::signature)
        .containsExactly("hang");
    assertThat(job.log())
        .contains("resuming from " + job.out("checkpoints/ckpt_20.pt") + " at step 20");
    assertThat(job.logbook()).contains("no GPU telemetry").contains("stall");
  }

  @Test
  void aRankStuckInACollectiveIsAStallWithGpuTelemetry() throws Exception {
    babysit("hang-gpu", "--hang-rank 0@25", true);

    assertThat(job.record.outcome).as(job.screen()).isEqualTo("done");
    assertThat(job.record.relaunches).extracting(GuardState.RelaunchMark::signature)
        .containsExactly("hang");
    assertThat(job.logbook()).containsPattern("GPU util 0%");
  }

  @Test
  void aNanRunIsStoppedAndEscalatedNeverRelaunched() throws Exception {
    babysit("nan", "--nan-at 25", false);

    assertThat(job.record.outcome).as(job.screen()).isEqualTo("escalated");
    assertThat(job.record.phase).as("parked: no GPU held for the DRI").isEqualTo("parked");
    assertThat(job.record.relaunches).isEmpty();
    assertThat(job.record.escalations.values()).isNotEmpty();
    assertThat(job.logbook()).contains("nan_loss");
  }

  /** Launches the torch job with a fault and babysits it to its end, as the demo does. */
  private void babysit(String name, String fault, boolean gpuTelemetry) throws Exception {
    long started = System.nanoTime();
    String command = "\"PYTHONUNBUFFERED=1 " + TORCHRUN + " --standalone --nproc_per_node 2"
        + " --redirects 1 --tee 1 " + TestPaths.repoRoot().resolve("examples/torch/train_ddp.py")
        + " --steps " + STEPS + " --out {output_root} --ckpt-every 10 --step-time 0.05 " + fault
        + "\"";
    job = RealJobRun.babysit(tmp, name, command, STEPS, "ckpt_{n}.pt",
        gpuTelemetry ? busyWhileLoggingGpu() : null, Duration.ofMinutes(4));
    System.out.println(figures(name, started));
  }

  /**
   * One line of the closing note's scenario table: outcome, relaunches, the step resumed from,
   * and detection latency (the fault's marker file, written by the trainer as the fault fires,
   * to the logbook's first alert after it; whole seconds).
   */
  private String figures(String name, long startedNanos) throws Exception {
    java.util.regex.Matcher resumed = java.util.regex.Pattern
        .compile("resuming from \\S+ at step (\\d+)").matcher(job.log());
    String resumeStep = resumed.find() ? resumed.group(1) : "-";
    Long latency = null;
    Path fired = Path.of(job.out(".faults_fired"));
    if (Files.isDirectory(fired)) {
      try (var markers = Files.list(fired)) {
        long faultAt = markers.mapToLong(f -> f.toFile().lastModified() / 1000).min().orElse(0);
        java.util.regex.Matcher alert = java.util.regex.Pattern.compile(
            "### (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) UTC - alert: ").matcher(job.logbook());
        while (alert.find()) {
          long at = java.time.LocalDateTime.parse(alert.group(1).replace(' ', 'T'))
              .toEpochSecond(java.time.ZoneOffset.UTC);
          if (faultAt > 0 && at >= faultAt) {
            latency = at - faultAt;
            break;
          }
        }
      }
    }
    return String.format(java.util.Locale.ROOT, "torch scenario %-10s outcome=%s relaunches=%d "
        + "resume_step=%s detection_latency_s=%s wall_s=%d", name, job.record.outcome,
        job.record.relaunches.size(), resumeStep, latency == null ? "-" : latency,
        (System.nanoTime() - startedNanos) / 1_000_000_000L);
  }

  /**
   * GPU telemetry for a CPU job: an nvidia-smi that reads 90 % while the run's log grows and
   * 0 % when it has been quiet for two seconds, as a GPU idles behind a blocked collective.
   */
  private Path busyWhileLoggingGpu() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("gpu-bin"));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, String.join("\n",
        "#!/bin/sh",
        ". \"$BABYSITTER_HOME/supervisor.env\"",
        "age=$(( $(date +%s) - $(stat -c %Y \"$LOG_FILE\" 2>/dev/null || echo 0) ))",
        "u=90; [ \"$age\" -gt 2 ] && u=0",
        "case \"$*\" in",
        "  *index,name*) echo \"0, Test GPU, $u, 1000, 80000\" ;;",
        "  *) echo \"$u\" ;;",
        "esac", ""));
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }
}
