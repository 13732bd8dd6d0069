package dev.babysitter.agent.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.babysitter.agent.cli.VastApiFixtures.KEY;
import static dev.babysitter.agent.cli.VastApiFixtures.instance;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.tools.provider.Instance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code babysitter reconcile [--apply]} end to end: Vast (WireMock, documented shapes) on one
 * side, run records on disk on the other, the guard in between. Every DELETE is counted in
 * WireMock's request journal.
 */
class ReconcileCommandTest {
  @RegisterExtension
  static WireMockExtension vast = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;
  Path state;
  RunStore store;
  Path defaultPolicy;
  Path lenientPolicy;

  @BeforeEach
  void setUp() throws Exception {
    state = tmp.resolve("state");
    store = new RunStore(new dev.babysitter.agent.session.Workspace(state).state());
    defaultPolicy = TestPaths.repoRoot().resolve("policies/default.yaml");
    // The default policy, except that a destroy need not wait for a durable checkpoint.
    lenientPolicy = tmp.resolve("lenient.yaml");
    String lenient = Files.readString(defaultPolicy).replace("unsynced_destroy: true",
        "unsynced_destroy: false");
    assertThat(lenient).contains("unsynced_destroy: false");
    Files.writeString(lenientPolicy, lenient);
    vast.stubFor(delete(urlPathMatching("/api/v0/instances/[0-9]+/?"))
        .willReturn(okJson(VastApiFixtures.text("success.json"))));
    // Anything reconcile asks about individually is gone unless a test says otherwise.
    vast.stubFor(get(urlPathMatching("/api/v0/instances/[0-9]+/?"))
        .willReturn(okJson(VastApiFixtures.text("instance-null.json"))));
  }

  /** A run record as the launcher leaves it, its spec using {@code policy}. */
  RunRecord record(String run, String instanceId, String phase, Path policy) throws Exception {
    Path spec = tmp.resolve(run + ".yaml");
    String yaml = Files.readString(TestPaths.repoRoot().resolve("examples/runs/tiny-vast.yaml"))
        .replace("name: tiny-vast", "name: " + run)
        .replace("policy: policies/default.yaml", "policy: " + policy);
    Files.writeString(spec, yaml);
    RunRecord r = new RunRecord();
    r.runName = run;
    r.specPath = spec.toString();
    r.phase = phase;
    r.instance = new Instance(instanceId, run, "vast", "/workspace/babysitter/" + run,
        "https://cloud.vast.ai/instances/?id=" + instanceId, 0.4, "1x RTX 4090");
    store.save(r);
    return r;
  }

  void vastLists(com.fasterxml.jackson.databind.node.ObjectNode... rows) {
    vast.stubFor(get(urlPathEqualTo("/api/v1/instances/"))
        .willReturn(okJson(VastApiFixtures.listPage(rows))));
  }

  VastApiFixtures.Run cli(String... args) {
    CommandLine cli = Main.commandLine();
    ReconcileCommand reconcile = cli.getSubcommands().get("reconcile").getCommand();
    reconcile.vast.env = Map.of("VAST_URL", vast.baseUrl(), "VAST_API_KEY", KEY);
    reconcile.defaultPolicy = defaultPolicy;
    // approve and deny as the spec's DRI, without GitHub or this machine's gh config.
    for (String answer : List.of("approve", "deny")) {
      DriAnswer dri = cli.getSubcommands().get(answer).getCommand();
      dri.env = Map.of("BABYSITTER_LOGIN", "octocat");
      dri.home = tmp.resolve("home");
    }
    return VastApiFixtures.run(cli, args);
  }

  VastApiFixtures.Run reconcile(String... more) {
    String[] args = new String[more.length + 3];
    args[0] = "reconcile";
    args[1] = "--state";
    args[2] = state.toString();
    System.arraycopy(more, 0, args, 3, more.length);
    return cli(args);
  }

  List<String> deletes() {
    return vast.getAllServeEvents().stream()
        .filter(e -> RequestMethod.DELETE.equals(e.getRequest().getMethod()))
        .map(e -> e.getRequest().getUrl()).toList();
  }

  RunRecord load(String run) throws Exception {
    return store.load(run).orElseThrow();
  }

  static String approvalId(String text) {
    Matcher m = Pattern.compile("approval id (A-[0-9a-f]{6})").matcher(text);
    assertThat(m.find()).as(text).isTrue();
    return m.group(1);
  }

  @Test
  void withoutApplyItOnlyProposesAndChangesNothing() throws Exception {
    record("owned", "103", "running", lenientPolicy);
    record("finished", "101", "done", lenientPolicy);
    record("ghost", "109", "running", lenientPolicy);
    vastLists(instance(101, "babysitter:finished", "running", 0.5),
        instance(102, "babysitter:nobody", null, 0.3),
        instance(103, "babysitter:owned", "running", 0.4),
        instance(104, "my-notebook", "running", 2.0));

    VastApiFixtures.Run r = reconcile();

    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains(
        "destroy_orphan instance 101 (run finished, running, $0.500/h)",
        "destroy_orphan instance 102 (run nobody, provisioning, $0.300/h)",
        "mark_lost instance 109 (run ghost, gone, $0.000/h)", "nothing was changed")
        .doesNotContain("instance 103", "instance 104");
    assertThat(deletes()).isEmpty();
    assertThat(load("ghost").phase).isEqualTo("running");
    assertThat(load("finished").escalations).isEmpty();
  }

  @Test
  void anUnreadableRecordsInstanceIsNeverCalledAnOrphan() throws Exception {
    record("torn", "106", "running", lenientPolicy);
    record("finished", "101", "done", lenientPolicy);
    java.nio.file.Files.writeString(store.dirOf("torn").resolve("record.json"), "{\"runNa");
    vastLists(instance(101, "babysitter:finished", "running", 0.5),
        instance(106, "babysitter:torn", "running", 0.4));

    VastApiFixtures.Run r = reconcile("--apply");

    assertThat(r.err()).contains(store.dirOf("torn").resolve("record.json").toString(),
        "its instances are left alone");
    assertThat(deletes()).as("only the finished run's orphan").hasSize(1)
        .allMatch(d -> d.contains("101"));
  }

  @Test
  void applyDestroysExactlyTheOrphansTheGuardAllowsAndEscalatesTheRest() throws Exception {
    record("owned", "103", "running", lenientPolicy);
    record("finished", "101", "done", lenientPolicy);   // lenient: the guard allows
    record("kept", "105", "failed", defaultPolicy);      // unsynced checkpoint: escalates
    vastLists(instance(101, "babysitter:finished", "running", 0.5),
        instance(102, "babysitter:nobody", "running", 0.3),
        instance(103, "babysitter:owned", "running", 0.4),
        instance(104, "my-notebook", "running", 2.0),
        instance(105, "babysitter:kept", "stopped", 0.01));

    VastApiFixtures.Run r = reconcile("--apply", "--json");

    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.REFUSED);
    assertThat(deletes()).containsExactly("/api/v0/instances/101/");
    vast.verify(exactly(1), deleteRequestedFor(anyUrl()));
    JsonNode rows = VastApiFixtures.JSON.readTree(r.out());
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).get("instance").asText()).isEqualTo("101");
    assertThat(rows.get(0).get("result").asText()).isEqualTo("destroyed");
    // No record for 102: the approval id is shown, but nothing can hold it; not destroyed.
    assertThat(rows.get(1).get("result").asText()).contains("escalated by rule "
        + "synced-before-destroy", "not destroyed", "No run record");
    assertThat(rows.get(1).get("approval_id").asText()).matches("A-[0-9a-f]{6}");
    String keptId = rows.get(2).get("approval_id").asText();
    assertThat(rows.get(2).get("result").asText()).contains("approval id " + keptId,
        "babysitter approve kept " + keptId);
    assertThat(load("kept").escalations.get(keptId).status()).isEqualTo("pending");
    assertThat(load("finished").lastDestructiveAt).isNotNull();
    assertThat(load("finished").lastAction).contains("destroyed orphan instance 101");
  }

  @Test
  void anEscalatedOrphanIsDestroyedOnceAfterTheDriApprovesAndNotAgain() throws Exception {
    record("finished", "101", "done", defaultPolicy);
    vastLists(instance(101, "babysitter:finished", "running", 0.5));

    VastApiFixtures.Run first = reconcile("--apply");
    assertThat(first.exit()).isEqualTo(ExitCodes.REFUSED);
    String id = approvalId(first.out());
    assertThat(first.out()).contains("not destroyed", "babysitter approve finished " + id);
    assertThat(deletes()).isEmpty();

    VastApiFixtures.Run again = reconcile("--apply");
    assertThat(approvalId(again.out())).as("the same proposal keeps its id").isEqualTo(id);
    assertThat(deletes()).isEmpty();

    VastApiFixtures.Run approve = cli("approve", "--state", state.toString(), "finished", id);
    assertThat(approve.exit()).as(approve.err()).isEqualTo(ExitCodes.OK);

    VastApiFixtures.Run applied = reconcile("--apply");
    assertThat(applied.exit()).as(applied.out()).isEqualTo(ExitCodes.OK);
    assertThat(applied.out()).contains("destroy_orphan instance 101", "-> destroyed");
    assertThat(deletes()).containsExactly("/api/v0/instances/101/");
    assertThat(load("finished").escalations.get(id).status()).isEqualTo("used");
    assertThat(load("finished").approvedIds).isEmpty();

    // Vast still lists it (our stub does not forget): the spent approval destroys nothing more.
    VastApiFixtures.Run after = reconcile("--apply");
    assertThat(after.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(deletes()).hasSize(1);
  }

  @Test
  void anApprovalFromSomeoneOtherThanTheDriDestroysNothing() throws Exception {
    record("finished", "101", "done", defaultPolicy);
    vastLists(instance(101, "babysitter:finished", "running", 0.5));
    String id = approvalId(reconcile("--apply").out());
    CommandLine cli = Main.commandLine();
    DriAnswer approve = cli.getSubcommands().get("approve").getCommand();
    approve.env = Map.of("BABYSITTER_LOGIN", "mallory");
    approve.home = tmp.resolve("home");

    assertThat(VastApiFixtures.run(cli, "approve", "--state", state.toString(), "finished", id)
        .exit()).isEqualTo(ExitCodes.REFUSED);
    VastApiFixtures.Run r = reconcile("--apply");

    assertThat(r.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.out()).contains("approval id " + id, "not destroyed");
    assertThat(deletes()).isEmpty();
    assertThat(load("finished").approvedIds).isEmpty();
  }

  @Test
  void aDeniedOrphanStaysAndSaysSo() throws Exception {
    record("finished", "101", "done", defaultPolicy);
    vastLists(instance(101, "babysitter:finished", "running", 0.5));
    String id = approvalId(reconcile("--apply").out());

    assertThat(cli("deny", "--state", state.toString(), "finished", id).exit())
        .isEqualTo(ExitCodes.OK);
    VastApiFixtures.Run r = reconcile("--apply");

    assertThat(r.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.out()).contains("denied by the DRI (" + id + "); not destroyed");
    assertThat(deletes()).isEmpty();
  }

  @Test
  void aLiveRunsRecordIsNeverWrittenEvenForItsStrayInstance() throws Exception {
    // "owner" is babysat on 103; 106 carries its label too (a lost create reply, adopted late).
    record("owner", "103", "running", defaultPolicy);
    Path file = store.dirOf("owner").resolve("record.json");
    String before = Files.readString(file);
    vastLists(instance(103, "babysitter:owner", "running", 0.4),
        instance(106, "babysitter:owner", "running", 0.4));

    VastApiFixtures.Run r = reconcile("--apply");

    assertThat(r.exit()).isEqualTo(ExitCodes.REFUSED);
    assertThat(r.out()).contains("destroy_orphan instance 106", "runs on another instance",
        "approval id A-", "is live and its babysitter owns the record")
        .doesNotContain("instance 103");
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(deletes()).isEmpty();
  }

  @Test
  void aGhostRunIsMarkedLostOnlyWhenVastCannotShowItsInstanceEither() throws Exception {
    record("ghost", "109", "running", lenientPolicy);
    record("lagging", "110", "running", lenientPolicy);
    vastLists();
    // 109: {"instances":null}, as setUp stubs. 110 is missing from the list but shows up
    // when asked for directly: a new instance the list has not caught up with.
    vast.stubFor(get(urlPathMatching("/api/v0/instances/110/?"))
        .willReturn(okJson(VastApiFixtures.text("instance-running.json"))));

    VastApiFixtures.Run r = reconcile("--apply");

    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("mark_lost instance 109", "-> marked lost",
        "mark_lost instance 110", "kept: Vast still shows instance 110 (running)");
    RunRecord ghost = load("ghost");
    assertThat(ghost.phase).isEqualTo("failed");
    assertThat(ghost.outcome).isEqualTo("lost");
    assertThat(ghost.finished()).isTrue();
    assertThat(ghost.endedAt).isNotNull();
    assertThat(ghost.lastStatus).contains("run=ghost", "state=LOST", "instance=109",
        "the record said running");
    assertThat(ghost.history).last().isEqualTo(ghost.lastStatus);
    RunRecord lagging = load("lagging");
    assertThat(lagging.phase).isEqualTo("running");
    assertThat(lagging.endedAt).isNull();
    assertThat(deletes()).isEmpty();

    // Lost runs own nothing any more: a second pass has nothing to say about 109.
    assertThat(reconcile().out()).doesNotContain("instance 109");
  }

  @Test
  void aRejectedKeyIsOneLineWithTheUsageExitCodeAndTouchesNothing() throws Exception {
    record("ghost", "109", "running", lenientPolicy);
    vast.stubFor(get(urlPathEqualTo("/api/v1/instances/")).willReturn(
        com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(401)
            .withBody(VastApiFixtures.text("auth-error.json"))));

    VastApiFixtures.Run r = reconcile("--apply");

    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().strip()).doesNotContain("\n")
        .contains("env VAST_API_KEY", "Invalid user key").doesNotContain(KEY);
    assertThat(load("ghost").phase).isEqualTo("running");
    vast.verify(exactly(1), anyRequestedFor(anyUrl()));
  }

}
