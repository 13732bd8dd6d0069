package dev.babysitter.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import java.io.PrintWriter;
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

  private int cli(String... args) {
    picocli.CommandLine c = Main.commandLine();
    c.setOut(new PrintWriter(out, true));
    c.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--state";
    all[args.length + 1] = dir.resolve("state").toString();
    return c.execute(all);
  }

  @Test
  void approveAppendsToTheApprovalFileAndLeavesTheRecordAlone() throws Exception {
    String before = Files.readString(store.dirOf("tiny").resolve("record.json"));

    assertThat(cli("approve", "tiny", "A-abc123", "--note", "disk is full")).isZero();

    assertThat(out.toString()).contains("approved A-abc123", "used once", "expires after 1d");
    assertThat(ApprovalFile.of(store, "tiny").read()).singleElement().satisfies(e -> {
      assertThat(e.verb()).isEqualTo("approve");
      assertThat(e.by()).isEqualTo("octocat");
      assertThat(e.note()).isEqualTo("disk is full");
    });
    assertThat(Files.readString(store.dirOf("tiny").resolve("record.json"))).isEqualTo(before);
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
}
