package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestGit;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.issues.LocalIssues;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with real processes: a NaN run escalates; {@code /approve} from someone other than
 * the DRI changes nothing (no relaunch, still escalated, the ignored command logged); the same
 * command from the DRI lets exactly that one relaunch through.
 */
class NonDriApprovalTest {
  private static final String RUN = "nondri";

  @TempDir Path dir;
  private LocalRunFixture run;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @Test
  void onlyTheDrisApprovalLetsTheNeverRelaunchEscalationPass() throws Exception {
    // A long idle grace: the escalated run must still be there when the approvals arrive.
    String policy = LocalRunFixture.demoPolicy()
        .replace("idle_teardown_grace: 3s", "idle_teardown_grace: 10m");
    assertThat(policy).contains("idle_teardown_grace: 10m");
    run = new LocalRunFixture(dir, RUN, LocalRunFixture.trainerCommand(10),
        "{TRAINER_FAULTS: \"nan@30:once\"}", policy);
    assertThat(new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo).refusal()).isNull();

    RunRecord escalated = babysitUntil(r -> r.escalations.values().stream()
        .anyMatch(e -> "never-relaunch".equals(e.rule())), Duration.ofSeconds(30));
    RunRecord.Escalation nan = escalated.escalations.values().stream()
        .filter(e -> "never-relaunch".equals(e.rule())).findFirst().orElseThrow();
    assertThat(escalated.relaunches).isEmpty();
    LocalIssues issues = (LocalIssues) run.factory.tracker(run.spec);

    issues.commentAs(escalated.issue, "mallory", "/approve " + nan.id());
    int checksBefore = escalated.checks;
    RunRecord afterMallory = babysitUntil(r -> r.checks >= checksBefore + 3, Duration.ofSeconds(10));
    assertThat(afterMallory.checks).as(screen.toString(StandardCharsets.UTF_8))
        .isGreaterThanOrEqualTo(checksBefore + 3);
    assertThat(afterMallory.relaunches).as("mallory's approval relaunched").isEmpty();
    assertThat(afterMallory.outcome).isEqualTo("escalated");
    assertThat(afterMallory.escalations.get(nan.id()).status()).isEqualTo("pending");
    assertThat(afterMallory.approvedIds).isEmpty();
    assertThat(logbook()).contains("author mallory is not the DRI")
        .doesNotContain("decision: relaunch allow");

    issues.commentAs(escalated.issue, "octocat", "/approve " + nan.id());
    RunRecord afterDri = babysitUntil(RunRecord::finished, Duration.ofSeconds(30));
    String out = screen.toString(StandardCharsets.UTF_8);
    assertThat(afterDri.relaunches).as(out).hasSize(1);
    assertThat(afterDri.relaunches.get(0).signature()).isEqualTo("nan_loss");
    // Single use: spent by that relaunch, so the approval record is gone and the id is used.
    assertThat(afterDri.escalations.get(nan.id()).status()).isEqualTo("used");
    assertThat(afterDri.approvedIds).isEmpty();
    assertThat(logbook()).contains("approved by octocat");
    assertThat(countOf(logbook(), "decision: relaunch allow")).isEqualTo(1);
  }

  /** Short babysitting windows until the record satisfies {@code done} or time runs out. */
  private RunRecord babysitUntil(Predicate<RunRecord> done, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    RunRecord record;
    do {
      new BabysitLoop(run.factory, Clock.systemUTC(), new PrintStream(screen, true,
          StandardCharsets.UTF_8)).run(List.of(run.spec), Duration.ofSeconds(1));
      record = run.factory.store().load(RUN).orElseThrow();
    } while (!done.test(record) && !record.finished() && System.nanoTime() < deadline);
    return record;
  }

  private String logbook() throws Exception {
    return TestGit.pushedFile(dir.resolve("origin.git"), "logbooks/" + RUN + ".md");
  }

  private static int countOf(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
