package dev.babysitter.tools.provider.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.shell.RemoteShell;
import dev.babysitter.tools.supervisor.SupervisorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The provider against a real (private, one-host) Slurm: real sbatch, squeue and scancel. */
@ExtendWith(LocalSlurmExtension.class)
class SlurmProviderTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private final List<Instance> launched = new ArrayList<>();
  private SlurmProvider provider;

  private SlurmProvider provider(LocalSlurm slurm, List<String> extra) {
    provider = new SlurmProvider(new SlurmSettings(1, null, null, null, Duration.ofMinutes(10),
        extra, null, tmp.resolve("instances"), slurm.env()));
    return provider;
  }

  private LaunchRequest request(String name, String command) throws Exception {
    return request(name, command, "");
  }

  /** {@code extraPath}: the job's PATH starts there (where a test puts its nvidia-smi). */
  private LaunchRequest request(String name, String command, String extraPath) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path out = tmp.resolve("out");
    SupervisorConfig c = SupervisorConfig.of(name, command, work, out, 100,
        out.resolve("train.log"));
    c = new SupervisorConfig(c.runName(), c.trainCmd(), c.workDir(), c.outputRoot(),
        c.checkpointDir(), c.checkpointPrefix(), c.completeMarker(), c.finalStep(), c.logFile(),
        c.maxAutoFixes(), c.autoDestroyAfterS(), c.leaseTimeoutS(), c.staleAfterS(),
        c.heartbeatS(), c.destroyCmd(), extraPath, c.extra());
    return new LaunchRequest(name, c, Map.of("notes/readme.txt", "hi".getBytes()));
  }

  /** One probe through the provider's shell for the instance, as the watcher takes it. */
  private Probe probe(SlurmProvider p, Instance instance) throws Exception {
    try (RemoteShell shell = p.shell(instance)) {
      return new Prober(Clock.systemUTC(), WAIT).probe(shell, instance.home(), 0, 5, 0);
    }
  }

  @AfterEach
  void cancel() throws Exception {
    for (Instance i : launched) {
      provider.destroy(i);
    }
    // The temp dir is removed after this: a cancelled job may still be writing into it.
    for (Instance i : launched) {
      provider.awaitEnded(i);
    }
  }

  @Test
  void launchSubmitsOneJobRunningTheSupervisorAndASecondLaunchFindsIt(LocalSlurm slurm)
      throws Exception {
    SlurmProvider p = provider(slurm, List.of());
    // The job's nvidia-smi says where it ran: only a step of the job has SLURM_STEP_ID.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("nvidia-smi"), "#!/bin/sh\n"
        + "echo \"0, Fake GPU job $SLURM_JOB_ID step ${SLURM_STEP_ID:-none}, 42, 1000, 2000\"\n");
    bin.resolve("nvidia-smi").toFile().setExecutable(true);
    Instance first = p.launch(request("sp-run", "echo MASTER=$MASTER_ADDR:$MASTER_PORT"
        + " WORLD=$WORLD_SIZE; sleep 60", bin.toString()));
    launched.add(first);
    Path home = Path.of(first.home());

    waitUntil(() -> Files.exists(home.resolve("supervisor.pid")), "the supervisor starts");
    Instance second = p.launch(request("sp-run", "sleep 60"));

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(slurm.run("squeue", "--noheader", "--name=sp-run", "--format=%i").strip()
        .lines()).hasSize(1);
    assertThat(p.state(first)).isEqualTo(InstanceState.RUNNING);
    assertThat(home.resolve("notes/readme.txt")).hasContent("hi");
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(home.resolve("supervisor.env")))).isEqualTo("rw-------");
    waitUntil(() -> read(tmp.resolve("out/train.log")).contains("WORLD="), "the trainer prints");
    assertThat(read(tmp.resolve("out/train.log"))).containsPattern("MASTER=\\S+:\\d+ WORLD=1");
    Probe probe = probe(p, first);
    String node = slurm.run("squeue", "--noheader", "--jobs=" + SlurmProvider.jobId(first),
        "--format=%N").strip();
    assertThat(probe.gpus()).hasSize(1);
    GpuRow row = probe.gpus().get(0);
    assertThat(row.name()).matches("Fake GPU job " + SlurmProvider.jobId(first)
        + " step \\d+ on " + java.util.regex.Pattern.quote(node));
    assertThat(row.utilPct()).isEqualTo(42);
    assertThat(probe.gpuProblem()).isNull();

    p.destroy(first);
    waitUntil(() -> !p.state(first).alive(), "the job ends");
    p.destroy(first); // idempotent
    assertThat(p.job(first).state()).isIn("CANCELLED", "COMPLETED");
    assertThat(p.job(first).exitCode()).as("scontrol's ExitCode of an ended job")
        .matches("\\d+:\\d+");
    assertThat(p.find("sp-run")).isEmpty();
  }

  @Test
  void aJobThatCannotFitPendsWithItsReasonAndALostJobIsResubmitted(LocalSlurm slurm)
      throws Exception {
    SlurmProvider wedged = provider(slurm, List.of("--cpus-per-task=4096"));
    Instance pending = wedged.launch(request("sp-pending", "sleep 60"));
    launched.add(pending);
    waitUntil(() -> !wedged.job(pending).reason().isBlank(), "Slurm gives a reason");
    assertThat(wedged.state(pending)).isEqualTo(InstanceState.LOADING);
    assertThat(wedged.job(pending).describe()).startsWith("pending (");
    Probe waiting = probe(wedged, pending);
    assertThat(waiting.gpus()).isEmpty();
    assertThat(waiting.gpuProblem()).contains("has no nodes");
    // A job the controller never knew or forgot, on a cluster without accounting: GONE.
    Instance forgotten = new Instance("slurm-999999", "sp-gone", "slurm",
        tmp.resolve("gone").toString(), "", 0, "");
    assertThat(wedged.job(forgotten).state()).isEqualTo(SlurmJob.GONE);
    assertThat(wedged.state(forgotten)).isEqualTo(InstanceState.GONE);

    SlurmProvider p = provider(slurm, List.of());
    Instance job = p.launch(request("sp-lost", "sleep 60"));
    launched.add(job);
    Path home = Path.of(job.home());
    waitUntil(() -> read(home.resolve("state.json")).contains("\"running\""), "attempt 1 runs");
    // No nvidia-smi on the node: no GPU telemetry, and Slurm's own words say why.
    Probe blind = probe(p, job);
    assertThat(blind.gpus()).isEmpty();
    assertThat(blind.gpuProblem()).isNotBlank();
    assertThat(p.resubmittable(job)).isFalse();
    slurm.run("scancel", SlurmProvider.jobId(job)); // from outside: a lost job
    waitUntil(() -> p.resubmittable(job), "the job reads as lost");

    Instance again = p.resubmit(job, "RESUME_FROM=/x/step-20\n");
    launched.add(again);

    assertThat(again.id()).isNotEqualTo(job.id());
    waitUntil(() -> read(home.resolve("state.json")).contains("\"attempt\":2"),
        "the new job's supervisor continues with attempt 2");
    assertThat(read(home.resolve("relaunch.env"))).contains("RESUME_FROM=/x/step-20");
    assertThat(p.find("sp-lost").map(Instance::id)).contains(again.id());
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT.toSeconds() + "s: " + what);
      }
      Thread.sleep(200);
    }
  }
}
