package dev.babysitter.tools.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.shell.LocalShell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@link LocalShell} against an instance directory filled by hand. */
class ProberTest {
  private static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");
  private static final String EVENT_1 = "{\"ts\":1700000000,\"event\":\"start\",\"attempt\":1}";
  private static final String EVENT_2 = "{\"ts\":1700000010,\"event\":\"exit\",\"attempt\":1,"
      + "\"exit_code\":1}";
  private static final String EVENT_3 = "{\"ts\":1700000020,\"event\":\"retry\",\"attempt\":2}";

  @TempDir Path tmp;
  private Path home;
  private Path bin;
  private final Prober prober = new Prober(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(20));
  private final LocalShell shell = new LocalShell();
  private long heartbeat;

  @BeforeEach
  void fillInstance() throws Exception {
    home = Files.createDirectories(tmp.resolve("instance"));
    bin = Files.createDirectories(tmp.resolve("bin"));
    Path nvidia = bin.resolve("nvidia-smi");
    Files.writeString(nvidia, "#!/bin/sh\necho '0, Fake GPU, 42, 1000, 2000'\n");
    Files.setPosixFilePermissions(nvidia, PosixFilePermissions.fromString("rwxr-xr-x"));

    Path ckpts = Files.createDirectories(home.resolve("out/checkpoints"));
    for (String name : new String[] {"step-9", "step-10", "step-11"}) {
      Files.createDirectories(ckpts.resolve(name));
    }
    Files.writeString(ckpts.resolve("step-9/metadata.json"), "{}");
    Files.writeString(ckpts.resolve("step-10/metadata.json"), "{}");
    Files.writeString(ckpts.resolve("not-a-dir.txt"), "x");

    Files.writeString(home.resolve("out/train.log"), String.join("\n",
        "=== babysitter attempt 2 ===",
        "{'loss': 2.5, 'grad_norm': 1.0, 'learning_rate': 5e-05, 'epoch': 0.1}",
        "  5%|▌         | 50/1000 [00:10<03:10,  4.99it/s]") + "\n");
    Files.writeString(home.resolve("state.json"), "{\"state\":\"running\",\"attempt\":2,"
        + "\"last_fix\":\"pip_install\",\"exit_code\":null,\"trainer_pid\":4242,"
        + "\"started_at\":1700000000,\"updated_at\":1700000100,\"log_age_s\":3,"
        + "\"gpu_idle\":false,\"awaiting\":\"none\",\"reason\":\"\"}\n");
    heartbeat = Instant.now().getEpochSecond() - 5;
    Files.writeString(home.resolve("heartbeat"), heartbeat + "\n");
    Files.writeString(home.resolve("events.jsonl"), EVENT_1 + "\n" + EVENT_2 + "\n");
    // Our own pid: alive for as long as the test runs, and no process is started for it.
    Files.writeString(home.resolve("supervisor.pid"), ProcessHandle.current().pid() + "\n");
    writeEnv(bin);
  }

  private void writeEnv(Path extraPath) throws Exception {
    Files.writeString(home.resolve("supervisor.env"), String.join("\n",
        "LOG_FILE='" + home.resolve("out/train.log") + "'",
        "CHECKPOINT_DIR='" + home.resolve("out/checkpoints") + "'",
        "COMPLETE_MARKER='metadata.json'",
        "EXTRA_PATH='" + extraPath + "'") + "\n");
  }

  private Probe probe(long offset) {
    return prober.probe(shell, home.toString(), offset, 50, 0);
  }

  private long eventsSize() throws Exception {
    return Files.size(home.resolve("events.jsonl"));
  }

  private void appendEvents(String text) throws Exception {
    Files.writeString(home.resolve("events.jsonl"), text, StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  @Test
  void livenessIsReadBeforeStateSoAFinishInBetweenIsNoDeath() {
    // A supervisor writes its final state, then exits. Read state first and liveness second,
    // and one that finished between the two reads looked like one that died mid-run (a healthy
    // demo run raised instance_lost under stress-ng). Liveness first: dead means final state.
    String script = Prober.script("/h", 0, 0);
    assertThat(script.indexOf(Prober.MARK + "alive")).isLessThan(
        script.indexOf(Prober.MARK + "state"));
    assertThat(script.indexOf(Prober.MARK + "alive")).isLessThan(
        script.indexOf(Prober.MARK + "done"));
  }

  @Test
  void oneProbeReturnsEverySection() {
    Probe p = probe(0);

    assertThat(p.reachable()).isTrue();
    assertThat(p.problem()).isNull();
    assertThat(p.takenAt()).isEqualTo(NOW);

    SupervisorState s = p.supervisor();
    assertThat(s).isNotNull();
    assertThat(s.state()).isEqualTo("running");
    assertThat(s.attempt()).isEqualTo(2);
    assertThat(s.lastFix()).isEqualTo("pip_install");
    assertThat(s.exitCode()).isNull();
    assertThat(s.trainerPid()).isEqualTo(4242L);
    assertThat(s.logAgeS()).isEqualTo(3L);
    assertThat(s.awaitingDecision()).isFalse();

    assertThat(p.heartbeatAgeS()).isBetween(4L, 30L);
    assertThat(p.supervisorAlive()).isTrue();
    assertThat(p.doneMarker()).isFalse();

    assertThat(p.newEvents()).containsExactly(EVENT_1, EVENT_2);

    assertThat(p.gpus()).containsExactly(new GpuRow(0, "Fake GPU", 42, 1000, 2000));
    assertThat(p.gpuProblem()).isNull();
    assertThat(p.meanGpuUtil()).isEqualTo(42);
    assertThat(p.maxGpuMemFraction()).isEqualTo(0.5);

    // Files are listed too (single-file layouts); the layout decides which kind counts.
    assertThat(p.checkpoints()).filteredOn(CheckpointCatalog.Entry::directory)
        .extracting(CheckpointCatalog.Entry::name)
        .containsExactlyInAnyOrder("step-9", "step-10", "step-11");
    assertThat(p.checkpoints()).filteredOn(e -> !e.directory())
        .extracting(CheckpointCatalog.Entry::name).containsExactly("not-a-dir.txt");
    assertThat(p.checkpoints()).filteredOn(e -> e.directory() && e.markerPresent())
        .extracting(CheckpointCatalog.Entry::name).containsExactlyInAnyOrder("step-9", "step-10");
    CheckpointCatalog catalog = CheckpointCatalog.of(home.resolve("out/checkpoints").toString(),
        "step-{n}", p.checkpoints());
    assertThat(catalog.newestComplete(java.util.Set.of())).get()
        .extracting(c -> c.name()).isEqualTo("step-10");
    assertThat(p.checkpoints()).allSatisfy(e ->
        assertThat(e.modified()).isAfter(Instant.parse("2020-01-01T00:00:00Z")));

    assertThat(p.logTail()).hasSize(3);
    assertThat(p.logTail().get(0)).isEqualTo("=== babysitter attempt 2 ===");
    assertThat(p.logTail().get(2)).contains("50/1000");
    assertThat(p.logAgeS()).isBetween(0L, 30L);
  }

  @Test
  void syncedStepComesFromSyncedJsonAndCoversOnlyCheckpointsAtOrBelowIt() throws Exception {
    CheckpointCatalog catalog = CheckpointCatalog.of(home.resolve("out/checkpoints").toString(),
        "step-{n}", probe(0).checkpoints());
    assertThat(probe(0).syncedStep()).as("no synced.json").isNull();
    assertThat(probe(0).newestCompleteSynced(catalog, java.util.Set.of())).isFalse();

    Files.writeString(home.resolve("synced.json"), "{\"step\":9,\"path\":\"/x/step-9\",\"at\":1}\n");
    Probe behind = probe(0);
    assertThat(behind.syncedStep()).isEqualTo(9L);
    assertThat(behind.newestCompleteSynced(catalog, java.util.Set.of()))
        .as("step-10 is the newest complete one and is not synced").isFalse();
    // A rejected step-10 leaves step-9 as the newest one worth keeping, and that one is synced.
    assertThat(behind.newestCompleteSynced(catalog,
        java.util.Set.of(home.resolve("out/checkpoints/step-10").toString()))).isTrue();

    Files.writeString(home.resolve("synced.json"), "{\"step\":10,\"path\":\"/x/step-10\",\"at\":1}\n");
    Probe current = probe(0);
    assertThat(current.newestCompleteSynced(catalog, java.util.Set.of()))
        .as("step-11 has no marker, so step-10 is the newest complete one").isTrue();
    assertThat(current.logTail()).as("the log section still comes last and whole").hasSize(3);

    Files.writeString(home.resolve("synced.json"), "{\"step\":\"ten\"");
    assertThat(probe(0).syncedStep()).as("unreadable counts as nothing synced").isNull();
  }

  @Test
  void doneMarkerAndDeadSupervisorAreSeen() throws Exception {
    Files.writeString(home.resolve("DONE"), "");
    Files.writeString(home.resolve("supervisor.pid"), "999999999\n");

    Probe p = probe(0);

    assertThat(p.doneMarker()).isTrue();
    assertThat(p.supervisorAlive()).isFalse();
  }

  @Test
  void eventsOffsetAdvancesToTheEndOfTheLastWholeLine() throws Exception {
    Probe first = probe(0);

    assertThat(first.eventsOffset()).isEqualTo(eventsSize());
    Probe second = probe(first.eventsOffset());
    assertThat(second.newEvents()).isEmpty();
    assertThat(second.eventsOffset()).isEqualTo(first.eventsOffset());
  }

  @Test
  void aHalfWrittenEventIsReadOnlyOnceComplete() throws Exception {
    long start = eventsSize();
    String half = EVENT_3.substring(0, 20);
    appendEvents(half);

    Probe partial = probe(start);
    assertThat(partial.newEvents()).isEmpty();
    assertThat(partial.eventsOffset()).isEqualTo(start);

    appendEvents(EVENT_3.substring(20) + "\n");
    Probe whole = probe(partial.eventsOffset());
    assertThat(whole.newEvents()).containsExactly(EVENT_3);
    assertThat(whole.eventsOffset()).isEqualTo(eventsSize());
  }

  @Test
  void eventsAfterTheOffsetAreTheOnlyOnesReturned() throws Exception {
    long afterTwo = eventsSize();
    appendEvents(EVENT_3 + "\n");

    Probe p = probe(afterTwo);

    assertThat(p.newEvents()).containsExactly(EVENT_3);
  }

  @Test
  void noNewEventsAtTheEndOfTheFile() throws Exception {
    Probe p = probe(eventsSize());

    assertThat(p.newEvents()).isEmpty();
    assertThat(p.eventsOffset()).isEqualTo(eventsSize());
  }

  @Test
  void leaseIsWrittenOnlyWhenAsked() throws Exception {
    prober.probe(shell, home.toString(), 0, 50, 0);
    assertThat(home.resolve("lease")).doesNotExist();

    Probe p = prober.probe(shell, home.toString(), 0, 50, NOW.getEpochSecond() + 1800);

    assertThat(p.reachable()).isTrue();
    String lease = Files.readString(home.resolve("lease")).strip();
    assertLeaseAbout(lease, 1800);
    assertThat(home.resolve("lease.tmp")).doesNotExist();

    prober.probe(shell, home.toString(), 0, 50, 0); // a read-only observer leaves it alone
    assertThat(Files.readString(home.resolve("lease")).strip()).isEqualTo(lease);
  }

  @Test
  void theLeaseIsInTheInstancesTimeWhateverTheBabysittersClockSays() throws Exception {
    // The babysitter's clock is an hour behind (stepped back): its "now + 30 min" is half an
    // hour in the instance's past, and the dead-man switch would kill a healthy run.
    Instant behind = Instant.now().minus(Duration.ofHours(1));
    Prober late = new Prober(Clock.fixed(behind, ZoneOffset.UTC), Duration.ofSeconds(20));

    late.probe(shell, home.toString(), 0, 50, behind.getEpochSecond() + 1800);

    assertLeaseAbout(Files.readString(home.resolve("lease")).strip(), 1800);
  }

  /** The lease is about {@code seconds} after the instance's (here: this machine's) now. */
  private static void assertLeaseAbout(String lease, long seconds) {
    long ahead = Long.parseLong(lease) - Instant.now().getEpochSecond();
    // generous: the probe ran a moment ago on a loaded machine
    assertThat(ahead).isBetween(seconds - 300, seconds);
  }

  @Test
  void missingInstanceDirectoryIsUnreachable() {
    Probe p = prober.probe(shell, tmp.resolve("nope").toString(), 17, 50, 0);

    assertThat(p.reachable()).isFalse();
    assertThat(p.problem()).contains("no instance directory");
    assertThat(p.eventsOffset()).isEqualTo(17);
    assertThat(p.takenAt()).isEqualTo(NOW);
  }

  @Test
  void missingInstanceDirectoryGetsNoLeaseEither() {
    Path gone = tmp.resolve("gone");

    prober.probe(shell, gone.toString(), 0, 50, 1_800_000_000L);

    assertThat(gone).doesNotExist();
  }

  @Test
  void missingNvidiaSmiIsAGpuProblemNotAnUnreachableInstance() throws Exception {
    writeEnv(Files.createDirectories(tmp.resolve("empty-bin")));
    LocalShell bare = new LocalShell(Map.of("PATH", "/usr/bin:/bin"));

    Probe p = prober.probe(bare, home.toString(), 0, 50, 0);

    assertThat(p.reachable()).isTrue();
    assertThat(p.gpus()).isEmpty();
    assertThat(p.gpuProblem()).isNotBlank();
    assertThat(p.meanGpuUtil()).isEqualTo(-1);
    assertThat(p.supervisor()).isNotNull();
    assertThat(p.logTail()).isNotEmpty();
  }

  @Test
  void halfWrittenStateJsonGivesNoStateButAProbe() throws Exception {
    Files.writeString(home.resolve("state.json"), "{\"state\":\"runn");

    Probe p = probe(0);

    assertThat(p.reachable()).isTrue();
    assertThat(p.supervisor()).isNull();
  }

  @Test
  void aQuoteInTheHomePathIsHandled() throws Exception {
    Path odd = Files.createDirectories(tmp.resolve("it's here"));
    Files.writeString(odd.resolve("heartbeat"), "123\n");

    Probe p = prober.probe(shell, odd.toString(), 0, 50, 0);

    assertThat(p.reachable()).isTrue();
    assertThat(p.supervisor()).isNull();
    assertThat(p.heartbeatAgeS()).isNotNull();
  }
}
