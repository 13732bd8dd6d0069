package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.issues.GitHubIssues;
import dev.babysitter.tools.issues.IssueComment;
import dev.babysitter.tools.issues.IssueRef;
import dev.babysitter.tools.issues.IssueTracker;
import dev.babysitter.tools.issues.IssueTrackerException;
import dev.babysitter.tools.issues.LocalIssues;
import dev.babysitter.tools.issues.Outbox;
import dev.babysitter.tools.logbook.Logbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tracker serves a run, an outage at launch, and the daily digest. */
class IssueRecordTest {

  private static RunSpec spec(Path dir, String issue) throws Exception {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, String.join("\n", "name: tiny", "dri: octocat",
        "command: \"python3 train.py\"", "output_root: " + dir.resolve("out"), "final_step: 100",
        "limits: {auto_destroy_after: 1h}", "policy: policies/demo.yaml", issue, ""));
    return new RunSpecLoader().load(file);
  }

  @Test
  void gitHubWhenTheSpecNamesARepoAndATokenResolvesElseLocal(@TempDir Path dir)
      throws Exception {
    RunFactory factory = new RunFactory(new Workspace(dir.resolve("ws")), Clock.systemUTC(), dir);
    Path home = dir.resolve("home"); // no gh config here
    RunSpec withRepo = spec(dir, "issue: {repo: octo/runs, number: null}");

    IssueTracker gh = factory.tracker(withRepo, Map.of("GITHUB_TOKEN", "ghp_x"), home);
    assertThat(gh).isInstanceOf(GitHubIssues.class);
    assertThat(gh.describe()).contains("octo/runs", "GITHUB_TOKEN").doesNotContain("ghp_x");

    IssueTracker noToken = factory.tracker(withRepo, Map.of(), home);
    assertThat(noToken).isInstanceOf(LocalIssues.class);
    assertThat(noToken.describe()).contains("local issues for octo/runs");

    IssueTracker noRepo = factory.tracker(spec(dir, ""), Map.of("GITHUB_TOKEN", "ghp_x"), home);
    assertThat(noRepo).isInstanceOf(LocalIssues.class);

    Files.createDirectories(home.resolve(".config/gh"));
    Files.writeString(home.resolve(".config/gh/hosts.yml"),
        "github.com:\n  user: octocat\n  oauth_token: gho_y\n");
    assertThat(factory.tracker(withRepo, Map.of(), home).describe()).contains("hosts.yml");
  }

  /** Fails every call until switched on, like GitHub during an outage. */
  private static final class Outage implements IssueTracker {
    final LocalIssues inner;
    boolean up;

    Outage(LocalIssues inner) {
      this.inner = inner;
    }

    private void check() throws IssueTrackerException {
      if (!up) {
        throw new IssueTrackerException("503 from GitHub", true);
      }
    }

    public IssueRef create(String t, String b, List<String> l) throws IssueTrackerException {
      check();
      return inner.create(t, b, l);
    }

    public IssueComment comment(IssueRef i, String b) throws IssueTrackerException {
      check();
      return inner.comment(i, b);
    }

    public List<IssueComment> comments(IssueRef i) throws IssueTrackerException {
      check();
      return inner.comments(i);
    }
  }

  @Test
  void anOutageAtLaunchDoesNotBlockTheLogbookAndTheIssueComesLater(@TempDir Path dir)
      throws Exception {
    Clock clock = GuardStates.CLOCK;
    Outage tracker = new Outage(new LocalIssues(dir.resolve("issues"), "octo/runs", "bot",
        clock));
    Path file = dir.resolve("logbooks/tiny.md");
    Recorder recorder = new Recorder("tiny", new Logbook(file, s -> s), file, null, tracker,
        new Outbox(dir.resolve("outbox.jsonl"), tracker, clock), s -> s);
    RunSpec spec = spec(dir, "issue: {repo: octo/runs, number: null}");
    RunRecord r = new RunRecord();
    r.runName = "tiny";

    r.issue = recorder.open("Run tiny", Map.of("DRI", "octocat"), null, "logbooks/tiny.md");
    assertThat(r.issue).isNull();
    assertThat(Files.readString(file)).contains("not created yet");

    // Said while there is no issue yet: queued, not dropped.
    recorder.comment(r.issue, "launched `local-1` (1x fake GPU)");
    recorder.comment(r.issue, "crash at step 25: relaunched");

    RunJournal journal = new RunJournal(recorder, s -> s, clock, "octocat", x -> { });
    journal.ensureIssue(spec, r); // still down: nothing happens, nothing throws
    assertThat(r.issue).isNull();

    tracker.up = true;
    journal.ensureIssue(spec, r);
    journal.ensureIssue(spec, r); // already there: nothing posted twice

    assertThat(r.issue).isNotNull();
    assertThat(Files.readString(file)).contains("issue created", r.issue.url(),
        "Queued comments: 2");
    assertThat(Files.readString(tracker.inner.threadFile(r.issue)))
        .contains("Labels: experiment, agent-generated", "Logbook: `logbooks/tiny.md`",
            "launched while the tracker was unreachable");
    List<String> bodies = recorder.commentBodies(r.issue);
    assertThat(bodies).hasSize(3);
    assertThat(bodies.get(0)).isEqualTo("🤖 launched `local-1` (1x fake GPU)");
    assertThat(bodies.get(1)).isEqualTo("🤖 crash at step 25: relaunched");
    assertThat(bodies.get(2)).contains("The 2 comment(s) above waited for this issue");
  }

  @Test
  void digestSummarisesProgressCostAndWhatWaits(@TempDir Path dir) throws Exception {
    RecorderFixture f = new RecorderFixture(dir, GuardStates.CLOCK);
    f.record.relaunches.add(new dev.babysitter.agent.guard.GuardState.RelaunchMark(
        GuardStates.NOW, "nccl"));
    f.record.escalations.put("A-1", new RunRecord.Escalation("A-1", "r", "x", "y",
        GuardStates.NOW, "pending"));
    Assessment a = new Assessment(Health.HEALTHY, List.of(), null, null, 2.0,
        Duration.ofHours(3), WatchMemory.fresh(2), null);

    f.journal.digest(spec(dir, ""), f.record, a, 12.5);
    f.recorder.flush();

    assertThat(f.recorder.commentBodies(f.record.issue)).last().asString()
        .startsWith("🤖 digest:").contains("/100", "attempt 2", "1 relaunch(es) (nccl)",
            "cost $12.50", "ETA 3h", "1 escalation(s) waiting for @octocat");
    assertThat(f.logbook()).contains("digest");
  }
}
