package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.slurm.LocalSlurm;
import dev.babysitter.tools.provider.slurm.SlurmProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs babysat on a real (private, one-host) Slurm through the real launcher, controller and
 * loop, with the demo policy's cadence in seconds: each test is one row of docs/slurm.md's
 * scenario table, and prints its figures.
 */
@ExtendWith(LocalSlurmExtension.class)
class SlurmRunsTest {
  private static final Duration LIMIT = Duration.ofMinutes(3);
  private static final int TORCH_STEPS = 40;

  @TempDir Path tmp;
  private LocalSlurm slurm;
  private LocalRunFixture run;
  private RunRecord record;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @AfterEach
  void cancel() throws Exception {
    if (run != null) {
      RunRecord r = run.factory.store().load(run.spec.name()).orElse(null);
      if (r != null && r.instance != null) {
        provider().destroy(r.instance);
        // The temp dir is removed after this: a cancelled job may still be writing into it.
        provider().awaitEnded(r.instance);
      }
    }
  }

  @Test
  void aRunGoesToDoneAndItsJobIsGoneAndARestartedBabysitterSubmitsNoDuplicate(LocalSlurm slurm)
      throws Exception {
    long started = System.nanoTime();
    launch(slurm, "sl-done", "{}", "");
    Instance first = record.instance;
    babysit(Duration.ofSeconds(4));

    // The babysitter stopped and started again: the second launch finds the job by its name.
    RunLauncher.Result again = new RunLauncher(factory(), Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(again.alreadyRunning()).isTrue();
    assertThat(again.instance().id()).isEqualTo(first.id());
    assertThat(jobsNamed("sl-done")).isEqualTo(1);
    babysit(LIMIT);

    assertThat(record.outcome).as(screen()).isEqualTo("done");
    assertThat(record.phase).isEqualTo("torn_down");
    assertThat(record.instance.id()).isEqualTo(first.id());
    assertThat(provider().find("sl-done")).isEmpty();
    assertThat(provider().job(record.instance).state()).isIn("COMPLETED", "CANCELLED");
    figures("done+restart", started, null);
  }

  @Test
  void aCrashInsideTheAllocationIsRelaunchedFromTheNewestCompleteCheckpoint(LocalSlurm slurm)
      throws Exception {
    long started = System.nanoTime();
    launch(slurm, "sl-crash", "{TRAINER_FAULTS: \"crash@25:once\"}", "");
    Instance first = record.instance;
    babysit(LIMIT);

    assertThat(record.outcome).as(screen()).isEqualTo("done");
    assertThat(record.relaunches).hasSize(1);
    assertThat(record.instance.id()).as("the same job: the supervisor ran the new attempt")
        .isEqualTo(first.id());
    assertThat(log()).contains("=== babysitter attempt 2 ===");
    assertThat(log().substring(log().indexOf("=== babysitter attempt 2 ===")))
        .contains("step-20");
    figures("crash", started, null);
  }

  @Test
  void aJobCancelledFromOutsideIsDetectedAndResubmittedFromItsCheckpoint(LocalSlurm slurm)
      throws Exception {
    long started = System.nanoTime();
    launch(slurm, "sl-lost", "{}", "");
    Instance first = record.instance;
    Path checkpoint = Path.of(run.spec.resolvedCheckpointDir(), "step-20", "metadata.json");
    CompletableFuture<Instant> cancelled = CompletableFuture.supplyAsync(() -> {
      long deadline = System.nanoTime() + LIMIT.toNanos();
      while (!Files.exists(checkpoint) && System.nanoTime() < deadline) {
        sleep(100);
      }
      slurm.run("scancel", first.id().substring("slurm-".length()));
      return Instant.now();
    });
    babysit(LIMIT);

    assertThat(record.outcome).as(screen()).isEqualTo("done");
    assertThat(record.relaunches).extracting(GuardState.RelaunchMark::signature)
        .containsExactly("instance_lost");
    assertThat(record.instance.id()).isNotEqualTo(first.id());
    assertThat(provider().job(first).state()).isEqualTo("CANCELLED");
    assertThat(log()).contains("=== babysitter attempt 2 ===");
    assertThat(logbook()).contains("resubmitted");
    figures("scancel", started, Duration.between(cancelled.get(),
        record.relaunches.get(0).at()));
  }

  @Test
  void aJobThatCanNeverStartRaisesAPendingAlertAndNothingIsCancelled(LocalSlurm slurm)
      throws Exception {
    long started = System.nanoTime();
    launch(slurm, "sl-pending", "{}", "sbatch_extra: [\"--cpus-per-task=4096\"]");
    Instant launchedAt = Instant.now();
    babysitUntil(() -> record.openAlerts.toString().toLowerCase(Locale.ROOT)
        .contains("pending"), Duration.ofSeconds(90));

    assertThat(record.openAlerts.toString().toLowerCase(Locale.ROOT)).as(screen())
        .contains("pending");
    assertThat(logbook()).contains("alert: pending");
    assertThat(record.finished()).isFalse();
    assertThat(provider().job(record.instance).state()).isEqualTo("PENDING");
    assertThat(provider().job(record.instance).describe()).startsWith("pending (");
    assertThat(record.lastStatus).contains("state=pending(");
    assertThat(record.relaunches).isEmpty();
    figures("pending", started, Duration.between(launchedAt, Instant.now()));
  }

  /**
   * The torch example as a one-node job of two tasks: torchrun's two gloo ranks rendezvous at
   * the MASTER_ADDR and MASTER_PORT the batch script exports; rank 1 is SIGKILLed at step 25.
   */
  @Test
  void aKilledRankOfATwoTaskTorchJobIsRelaunchedFromItsCheckpointToDone(LocalSlurm slurm)
      throws Exception {
    long started = System.nanoTime();
    String command = torchCommand("--kill-rank 1@25");
    launch(slurm, "sl-torch", command, "{}", "sbatch_extra: [\"--ntasks=2\"]",
        "checkpoints: {pattern: \"ckpt_{n}.pt\"}\n");
    babysit(LIMIT);

    assertThat(record.outcome).as(screen()).isEqualTo("done");
    assertThat(record.relaunches).hasSize(1);
    String out = run.spec.outputRoot();
    assertThat(log()).contains("resuming from " + out + "/checkpoints/ckpt_20.pt at step 20");
    assertThat(Path.of(out, "checkpoints/ckpt_" + TORCH_STEPS + ".pt")).exists();
    assertThat(logbook()).containsPattern("exitcode\\s*:\\s*-9|SIGKILL|Signal 9");
    figures("torch-kill", started, null);
  }

  /**
   * The torch example on Slurm again: rank 1 stuck in a collective at step 15 (a stall with no
   * GPU telemetry: killed through the job's supervisor, relaunched inside the allocation from
   * ckpt_10), then the loss NaN from step 30 (never relaunched: the job is cancelled, the run
   * parked for the DRI with its checkpoints on the shared filesystem).
   */
  @Test
  void aTorchRankHangIsRelaunchedAndALaterNanParksTheJob(LocalSlurm slurm) throws Exception {
    long started = System.nanoTime();
    String command = torchCommand("--hang-rank 1@15 --nan-at 30");
    launch(slurm, "sl-torch-nan", command, "{}", "sbatch_extra: [\"--ntasks=2\"]",
        "checkpoints: {pattern: \"ckpt_{n}.pt\"}\n");
    RunFactory fresh = factory();
    new BabysitLoop(fresh, Clock.systemUTC(), new PrintStream(screen, true,
        StandardCharsets.UTF_8)).stopWhenParked().run(List.of(run.spec), LIMIT);
    record = fresh.store().load(run.spec.name()).orElseThrow();

    assertThat(record.phase).as(screen()).isEqualTo("parked");
    assertThat(record.relaunches).extracting(m -> m.signature()).containsExactly("hang");
    assertThat(log()).contains("resuming from " + run.spec.outputRoot()
        + "/checkpoints/ckpt_10.pt at step 10");
    assertThat(record.escalations.values()).extracting(RunRecord.Escalation::rule)
        .anySatisfy(rule -> assertThat(rule).contains("never-relaunch"));
    assertThat(logbook()).contains("stall", "nan_loss", "- parked");
    assertThat(jobsNamed(run.spec.name())).as("the allocation is released").isZero();
    figures("torch-hang-nan", started, null);
  }

  // --- helpers ---

  /**
   * The torch example as a one-node job of two tasks: torchrun's two gloo ranks rendezvous at
   * the MASTER_ADDR and MASTER_PORT the batch script exports. Skips without Debian's torch.
   */
  private static String torchCommand(String faults) throws Exception {
    Path torchrun = Path.of("/usr/bin/torchrun");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(torchrun) && new ProcessBuilder(
        "/usr/bin/python3", "-c", "import torch").start().waitFor() == 0,
        "Debian's python3-torch is not installed (apt-get install -y python3-torch)");
    return "\"PYTHONUNBUFFERED=1 " + torchrun + " --nnodes 1 --nproc_per_node 2"
        + " --rdzv_backend c10d --rdzv_endpoint $MASTER_ADDR:$MASTER_PORT --redirects 1 --tee 1 "
        + dev.babysitter.agent.TestPaths.repoRoot().resolve("examples/torch/train_ddp.py")
        + " --steps " + TORCH_STEPS + " --out {output_root} --ckpt-every 10 --step-time 0.05 "
        + faults + "\"";
  }

  private void launch(LocalSlurm slurm, String name, String env, String providerExtra)
      throws Exception {
    // Twice the fixture's pace: each scenario's healthy stretch costs CI half the time.
    launch(slurm, name, LocalRunFixture.trainerCommand(10).replace("--step-time 0.2",
        "--step-time 0.1"), env, providerExtra, "");
  }

  private void launch(LocalSlurm slurm, String name, String command, String env,
      String providerExtra, String specExtra) throws Exception {
    this.slurm = slurm;
    String policy = LocalRunFixture.demoPolicy();
    if (providerExtra.contains("cpus-per-task")) {
      // The job can never start: the alert's wait is the scenario's whole cost.
      policy = policy.replace("pending_after: 20s", "pending_after: 2s");
    }
    if (!specExtra.isEmpty()) {
      // torch's imports and gloo rendezvous take tens of seconds on a loaded 2-core machine.
      policy = policy.replace("startup_grace: 20s", "startup_grace: 90s")
          .replace("stale_without_gpu: 8s", "stale_without_gpu: 30s");
    }
    run = new LocalRunFixture(tmp, name, command, env, policy);
    Path spec = tmp.resolve(name + ".yaml");
    String text = Files.readString(run.specFile);
    if (!specExtra.isEmpty()) {
      text = text.replace("final_step: 60", "final_step: " + TORCH_STEPS) + specExtra;
    }
    Files.writeString(spec, text + "provider: {kind: slurm"
        + (providerExtra.isEmpty() ? "" : ", " + providerExtra) + "}\n");
    run.spec = new RunSpecLoader().load(spec);
    run.factory.useSlurm(slurm.env());
    if (!specExtra.isEmpty()) {
      run.factory.useFakeGpu(null); // the torch example writes no stand-in GPU readings
    }
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, spec, run.repo);
    assertThat(launched.refusal()).isNull();
    record = launched.record();
  }

  private RunFactory factory() {
    // A new factory and store each time, as a restarted babysitter has: only the disk remains.
    RunFactory fresh = new RunFactory(run.factory.workspace(), Clock.systemUTC(), run.repo);
    fresh.useSlurm(slurm.env());
    fresh.useFakeGpu(run.factory.fakeGpuBin());
    return fresh;
  }

  private void babysit(Duration limit) throws Exception {
    RunFactory fresh = factory();
    new BabysitLoop(fresh, Clock.systemUTC(), new PrintStream(screen, true,
        StandardCharsets.UTF_8)).run(List.of(run.spec), limit);
    record = fresh.store().load(run.spec.name()).orElseThrow();
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private void babysitUntil(Check check, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    do {
      babysit(Duration.ofSeconds(3));
    } while (!check.holds() && System.nanoTime() < deadline);
  }

  private SlurmProvider provider() throws Exception {
    return (SlurmProvider) factory().provider(run.spec);
  }

  private long jobsNamed(String name) {
    return slurm.run("squeue", "--noheader", "--name=" + name, "--format=%i").lines().count();
  }

  private String log() throws Exception {
    return Files.readString(Path.of(run.spec.resolvedLog()));
  }

  private String logbook() throws Exception {
    return Files.readString(run.factory.logbookFile(run.spec));
  }

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  private void figures(String scenario, long startedNanos, Duration latency) {
    // The watcher's own detections (fault to alert, as the demo prints them) besides ours.
    String detected = String.join(",", record.detections.stream().map(d -> d.kind()
        + (d.signature() == null ? "" : "/" + d.signature()) + (d.happenedAt() == null ? ""
            : String.format(Locale.ROOT, "@%.1fs", d.latencyMillis() / 1000.0))).toList());
    System.out.println(String.format(Locale.ROOT, "slurm scenario %-12s outcome=%s relaunches=%d"
        + " jobs=%s detection_latency_s=%s detections=%s wall_s=%d", scenario, record.outcome,
        record.relaunches.size(), record.instance.id(), latency == null ? "-"
            : latency.toMillis() / 1000.0, detected.isEmpty() ? "-" : detected,
        (System.nanoTime() - startedNanos) / 1_000_000_000L));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
