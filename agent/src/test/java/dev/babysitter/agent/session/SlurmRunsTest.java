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
    assertThat(record.relaunches).isEmpty();
    figures("pending", started, Duration.between(launchedAt, Instant.now()));
  }

  // --- helpers ---

  private void launch(LocalSlurm slurm, String name, String env, String providerExtra)
      throws Exception {
    this.slurm = slurm;
    run = new LocalRunFixture(tmp, name, LocalRunFixture.trainerCommand(10), env,
        LocalRunFixture.demoPolicy());
    Path spec = tmp.resolve(name + ".yaml");
    Files.writeString(spec, Files.readString(run.specFile) + "provider: {kind: slurm"
        + (providerExtra.isEmpty() ? "" : ", " + providerExtra) + "}\n");
    run.spec = new RunSpecLoader().load(spec);
    run.factory.useSlurm(slurm.env());
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
    System.out.println(String.format(Locale.ROOT, "slurm scenario %-12s outcome=%s relaunches=%d"
        + " jobs=%s detection_latency_s=%s wall_s=%d", scenario, record.outcome,
        record.relaunches.size(), record.instance.id(), latency == null ? "-"
            : latency.toMillis() / 1000.0, (System.nanoTime() - startedNanos) / 1_000_000_000L));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
