package dev.babysitter.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** babysitter approve|deny RUN ID: appends to approvals.jsonl, never rewrites the record. */
class ApproveCommandTest {
  @TempDir
  Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private RunStore store;

  @BeforeEach
  void run() throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, String.join("\n", "name: tiny", "dri: octocat",
        "command: \"python3 train.py --out {output_root}\"", "output_root: " + dir.resolve("out"),
        "final_step: 10", "limits: {auto_destroy_after: 1h}", "policy: " + dev.babysitter.agent.policy.Policies.file("default"), ""));
    store = new RunStore(dir.resolve("state/state"));
    RunRecord r = new RunRecord();
    r.runName = "tiny";
    r.specPath = spec.toString();
    r.escalations.put("A-abc123", new RunRecord.Escalation("A-abc123", "delete-checkpoint",
        "needs the DRI", "delete checkpoint /x/step-9", Instant.now(), "pending"));
    r.escalations.put("A-def456", new RunRecord.Escalation("A-def456", "never-relaunch",
        "nan", "relaunch", Instant.now(), "denied"));
    store.save(r);
  }

  /** As the DRI by default: this machine's OS user is not octocat. */
  private java.util.Map<String, String> env = java.util.Map.of("BABYSITTER_LOGIN", "octocat");

  private int cli(String... args) {
    DriAnswer command = "approve".equals(args[0]) ? new ApproveCommand() : new DenyCommand();
    command.env = env;
    command.home = dir.resolve("home");
    InProcessCli cli = new InProcessCli(dir.resolve("state"));
    int rc = cli.run(command, java.util.Arrays.copyOfRange(args, 1, args.length));
    out.append(cli.out.toString());
    err.append(cli.err.toString());
    return rc;
  }

  @Test
  void approveAppendsToTheApprovalFileAndLeavesTheRecordAlone() throws Exception {
    String before = Files.readString(store.dirOf("tiny").resolve("record.json"));

    assertThat(cli("approve", "tiny", "A-abc123", "--note", "disk is full")).isZero();

    assertThat(out.toString()).contains("approved A-abc123", "used once", "expires after 1d");
    assertThat(ApprovalFile.of(store, "tiny").read()).singleElement().satisfies(e -> {
      assertThat(e.verb()).isEqualTo("approve");
      assertThat(e.by()).isEqualTo("octocat");
      assertThat(e.via()).contains("BABYSITTER_LOGIN", "unverified");
      assertThat(e.note()).isEqualTo("disk is full");
    });
    assertThat(Files.readString(store.dirOf("tiny").resolve("record.json"))).isEqualTo(before);
  }

  @Test
  void anApprovalNothingWillActOnIsRefusedWithTheWayForward() throws Exception {
    RunRecord r = store.load("tiny").orElseThrow();
    r.phase = "torn_down";
    r.escalations.put("A-777777", new RunRecord.Escalation("A-777777", "never-relaunch", "nan",
        "relaunch after nan_loss from /x/step-20", Instant.now(), "pending"));
    r.escalations.put("A-888888", new RunRecord.Escalation("A-888888", "synced-before-destroy",
        "unsynced", "destroy 42 (done: final checkpoint verified)", Instant.now(), "pending"));
    store.save(r);

    assertThat(cli("approve", "tiny", "A-777777")).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("run 'tiny' is torn_down: nothing will act on A-777777")
        .contains("babysitter launch " + dir.resolve("run.yaml"));
    assertThat(ApprovalFile.of(store, "tiny").read()).isEmpty();

    assertThat(cli("approve", "tiny", "A-888888")).isZero();
    assertThat(out.toString()).contains("use it with: babysitter teardown tiny");
  }

  @Test
  void denyAppendsADenial() throws Exception {
    assertThat(cli("deny", "tiny", "A-abc123")).as(err::toString).isZero();
    assertThat(ApprovalFile.of(store, "tiny").read()).singleElement()
        .satisfies(e -> assertThat(e.verb()).isEqualTo("deny"));
  }

  @Test
  void unknownIdIsNotFoundAndADeniedOneCannotBeApproved() throws Exception {
    assertThat(cli("approve", "tiny", "A-999999")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(err.toString()).contains("no escalation A-999999", "A-abc123");
    assertThat(cli("approve", "tiny", "A-def456")).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("is denied");
    assertThat(ApprovalFile.of(store, "tiny").read()).isEmpty();
  }

  @Test
  void someoneElseIsRefusedTheAttemptLoggedAndNothingApproved() throws Exception {
    env = java.util.Map.of("BABYSITTER_LOGIN", "mallory");

    assertThat(cli("approve", "tiny", "A-abc123")).isEqualTo(ExitCodes.REFUSED);

    assertThat(err.toString()).contains("only the DRI octocat can approve A-abc123",
        "you are mallory (BABYSITTER_LOGIN, unverified)");
    assertThat(out.toString()).doesNotContain("approved");
    assertThat(ApprovalFile.of(store, "tiny").read()).singleElement()
        .satisfies(e -> assertThat(e.by()).isEqualTo("mallory"));
  }

  @Test
  void withoutAClaimGhsActiveAccountThenTheOsUserAnswer() throws Exception {
    env = java.util.Map.of();
    Path gh = dir.resolve("home/.config/gh");
    Files.createDirectories(gh);
    Files.writeString(gh.resolve("hosts.yml"), "github.com:\n  user: octocat\n"
        + "  oauth_token: gho_x\n");
    assertThat(cli("deny", "tiny", "A-abc123")).as(err::toString).isZero();
    assertThat(ApprovalFile.of(store, "tiny").read()).singleElement()
        .satisfies(e -> assertThat(e.via()).contains("gh's active account"));

    Files.delete(gh.resolve("hosts.yml"));
    assertThat(cli("approve", "tiny", "A-abc123")).isEqualTo(ExitCodes.REFUSED);
    assertThat(err.toString()).contains("the local user name");
  }

  @Test
  void onAGitHubRunTheTokensOwnerAnswersAndNoLocalClaimOverridesIt() throws Exception {
    com.github.tomakehurst.wiremock.WireMockServer gh = new com.github.tomakehurst.wiremock
        .WireMockServer(com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
        .dynamicPort());
    gh.start();
    try {
      gh.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/user").willReturn(
          com.github.tomakehurst.wiremock.client.WireMock.okJson(
              "{\"login\":\"alice-dri\",\"id\":5834120,\"type\":\"User\"}")));
      Path spec = dir.resolve("gh.yaml");
      Files.writeString(spec, Files.readString(dir.resolve("run.yaml")).replace("name: tiny",
          "name: ghrun") + "issue: {repo: acme/runs, number: null}\n");
      RunRecord r = new RunRecord();
      r.runName = "ghrun";
      r.specPath = spec.toString();
      r.escalations.put("A-abc123", new RunRecord.Escalation("A-abc123", "never-relaunch",
          "nan", "relaunch", Instant.now(), "pending"));
      store.save(r);
      env = java.util.Map.of("GITHUB_TOKEN", "ghp_test0123456789", "BABYSITTER_GITHUB_API",
          gh.baseUrl(), "BABYSITTER_LOGIN", "octocat");

      assertThat(cli("approve", "ghrun", "A-abc123")).isEqualTo(ExitCodes.REFUSED);
      assertThat(err.toString()).contains("you are alice-dri (the GitHub token's owner",
          "verified)").doesNotContain("ghp_test");

      gh.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/user").willReturn(
          com.github.tomakehurst.wiremock.client.WireMock.okJson(
              "{\"login\":\"OctoCat\",\"id\":583231,\"type\":\"User\"}")));
      assertThat(cli("approve", "ghrun", "A-abc123")).as(err::toString).isZero();
      assertThat(ApprovalFile.of(store, "ghrun").read()).extracting(ApprovalFile.Entry::by)
          .containsExactly("alice-dri", "OctoCat");

      gh.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/user").willReturn(
          com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable()));
      assertThat(cli("deny", "ghrun", "A-abc123")).isEqualTo(ExitCodes.REFUSED);
      assertThat(err.toString()).contains("cannot verify who you are");
      assertThat(ApprovalFile.of(store, "ghrun").read()).hasSize(2);
    } finally {
      gh.stop();
    }
  }
}
