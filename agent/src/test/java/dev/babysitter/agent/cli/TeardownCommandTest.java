package dev.babysitter.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.tools.provider.Instance;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** babysitter teardown RUN: through the guard; an escalation waits for the DRI's approval. */
class TeardownCommandTest {
  @TempDir
  Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private RunStore finishedLocalRun(String policy) throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, String.join("\n", "name: tiny", "dri: octocat",
        "command: \"python3 train.py --out {output_root}\"", "output_root: " + dir.resolve("out"),
        "final_step: 10", "limits: {auto_destroy_after: 1h}",
        "logbook: {repo: " + dir.resolve("logrepo") + ", path: logbooks/tiny.md}",
        "policy: " + Policies.file(policy), ""));
    Path logbook = dir.resolve("logrepo/logbooks/tiny.md");
    Files.createDirectories(logbook.getParent());
    new dev.babysitter.tools.logbook.Logbook(logbook, x -> x).create("Run tiny",
        Map.of("DRI", "@octocat"));
    Path home = dir.resolve("instance");
    Files.createDirectories(home);
    RunStore store = new RunStore(dir.resolve("state/state"));
    RunRecord r = new RunRecord();
    r.runName = "tiny";
    r.specPath = spec.toString();
    r.phase = "failed";
    r.instance = new Instance("local-1", "tiny", "local", home.toString(), null, 0, "cpu");
    r.launchedAt = Instant.now().minusSeconds(600);
    store.save(r);
    return store;
  }

  private int cli(Object command, String... args) {
    InProcessCli cli = new InProcessCli(dir.resolve("state"));
    int rc = cli.run(command, args);
    out.append(cli.out.toString());
    err.append(cli.err.toString());
    return rc;
  }

  private boolean destroyed() {
    return Files.exists(dir.resolve("instance/destroyed"));
  }

  @Test
  void underTheDefaultPolicyALocalInstanceIsDestroyedAtOnce() throws Exception {
    RunStore store = finishedLocalRun("default");

    assertThat(cli(new TeardownCommand(), "tiny")).as(err::toString).isZero();

    assertThat(out.toString()).contains("destroyed local-1");
    assertThat(destroyed()).isTrue();
    assertThat(store.load("tiny").orElseThrow().phase).isEqualTo("torn_down");
    assertThat(Files.readString(dir.resolve("logrepo/logbooks/tiny.md")))
        .contains("decision: destroy_instance allow");
  }

  @Test
  void underTheHeroPolicyItWaitsForTheDriThenUsesTheApprovalOnce() throws Exception {
    RunStore store = finishedLocalRun("hero");

    assertThat(cli(new TeardownCommand(), "tiny")).isEqualTo(ExitCodes.REFUSED);
    assertThat(destroyed()).isFalse();
    RunRecord.Escalation pending = store.load("tiny").orElseThrow().escalations.values()
        .iterator().next();
    assertThat(pending.status()).isEqualTo("pending");
    assertThat(err.toString()).contains("approval id " + pending.id(), "not destroyed",
        "babysitter approve tiny " + pending.id());

    ApproveCommand approve = new ApproveCommand();
    approve.env = Map.of("BABYSITTER_LOGIN", "octocat");
    approve.home = dir.resolve("home");
    assertThat(cli(approve, "tiny", pending.id())).as(err::toString).isZero();

    assertThat(cli(new TeardownCommand(), "tiny")).as(err::toString).isZero();
    assertThat(destroyed()).isTrue();
    RunRecord after = store.load("tiny").orElseThrow();
    assertThat(after.phase).isEqualTo("torn_down");
    assertThat(after.escalations.get(pending.id()).status()).isEqualTo("used");
    assertThat(after.approvedIds).isEmpty();
  }
}
