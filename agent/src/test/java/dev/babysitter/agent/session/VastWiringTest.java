package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.vast.VastInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kind: vast in RunFactory, and the reconcile plan. */
class VastWiringTest {
  @TempDir Path tmp;

  RunSpec tinyVast() throws Exception {
    return new RunSpecLoader().load(TestPaths.repoRoot().resolve("examples/runs/tiny-vast.yaml"));
  }

  RunFactory factory(Map<String, String> env) {
    return new RunFactory(new Workspace(tmp.resolve("ws")), Clock.systemUTC(),
        TestPaths.repoRoot(), new VastAccess(env, tmp.resolve("home"), "/workspace/babysitter",
            "/workspace"));
  }

  @Test
  void aMissingKeyIsAUsageErrorNamingEveryPlaceLookedAt() throws Exception {
    RunSpec spec = tinyVast();

    assertThatThrownBy(() -> factory(Map.of()).provider(spec))
        .isInstanceOf(UnsupportedProviderException.class)
        .hasMessageContaining("needs a Vast API key", "--api-key-file", "VAST_API_KEY",
            tmp.resolve("home/.config/vastai/vast_api_key").toString(),
            tmp.resolve("home/.vast_api_key").toString());
  }

  @Test
  void aKeyFileInHomeGivesAVastProviderWithSshEvents() throws Exception {
    Files.createDirectories(tmp.resolve("home/.config/vastai"));
    Files.writeString(tmp.resolve("home/.config/vastai/vast_api_key"), "k-from-file\n");
    RunFactory factory = factory(Map.of("VAST_URL", "http://127.0.0.1:9"));

    assertThat(factory.provider(tinyVast()).kind()).isEqualTo("vast");
    RunRecord record = new RunRecord();
    record.instance = new Instance("4242", "tiny-vast", "vast", "/workspace/babysitter/tiny-vast",
        "u", 0.4, "1x RTX 4090");
    try (var events = factory.events(tinyVast(), record)) {
      assertThat(events).isNotNull();
    }
  }

  static VastInstance vi(long id, String label, String status, double dph) {
    return new VastInstance(id, label, status, "running", null, null, null, null, null, null,
        null, null, null, dph, null, null, 1, "RTX 4090", null, null, null);
  }

  static RunRecord live(String run, String instanceId, String phase) {
    RunRecord r = new RunRecord();
    r.runName = run;
    r.phase = phase;
    r.instance = new Instance(instanceId, run, "vast", "/h", "u", 0.4, "hw");
    return r;
  }

  @Test
  void reconcileFindsOrphansAndLostRunsAndLeavesEverythingElseAlone() {
    List<VastInstance> vast = List.of(
        vi(1, "babysitter:owned", "running", 0.4),      // a live run owns it
        vi(2, "babysitter:finished", "running", 0.5),   // its run is done: orphan
        vi(3, "babysitter:nobody", null, 0.3),          // no record at all: orphan
        vi(4, "my-notebook", "running", 2.0));          // not ours: never touched
    List<RunRecord> records = List.of(live("owned", "1", "running"),
        live("finished", "2", "done"), live("vanished", "9", "running"),
        live("local", "x", "running"));
    records.get(3).instance = new Instance("x", "local", "local", "/h", "u", 0, "hw");

    List<Reconciliation.Proposal> plan = Reconciliation.plan(vast, records);

    assertThat(plan).extracting(Reconciliation.Proposal::kind, Reconciliation.Proposal::instanceId,
        Reconciliation.Proposal::runName).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Reconciliation.Kind.DESTROY_ORPHAN, "2", "finished"),
        org.assertj.core.groups.Tuple.tuple(Reconciliation.Kind.DESTROY_ORPHAN, "3", "nobody"),
        org.assertj.core.groups.Tuple.tuple(Reconciliation.Kind.MARK_LOST, "9", "vanished"));
    assertThat(plan.get(0).reason()).contains("finished");
    assertThat(plan.get(1).reason()).contains("no run record");
    assertThat(plan.get(1).status()).isEqualTo("provisioning");
    assertThat(Reconciliation.plan(List.of(vi(1, "babysitter:owned", "running", 0.4)),
        List.of(live("owned", "1", "running")))).isEmpty();
  }

  @Test
  void aPreemptedSpareIsTheLiveRunsOwnAndAnOrphanOfItsRunOnceTheRecordForgetsIt() {
    List<VastInstance> vast = List.of(vi(1, "babysitter:raced", "loading", 0.4),
        vi(7, "babysitter:raced~spare", "stopped", 0.01));
    RunRecord racing = live("raced", "1", "running");
    racing.standby = new Instance("7", "raced", "vast", "/h", "u", 0.4, "hw");

    assertThat(Reconciliation.plan(vast, List.of(racing))).as("kept for the race").isEmpty();

    racing.standby = null; // a babysitter that settled the race but failed to destroy the spare
    List<Reconciliation.Proposal> plan = Reconciliation.plan(vast, List.of(racing));
    assertThat(plan).extracting(Reconciliation.Proposal::instanceId,
        Reconciliation.Proposal::runName).containsExactly(
        org.assertj.core.groups.Tuple.tuple("7", "raced"));
    assertThat(plan.get(0).reason()).contains("run raced");
  }
}
