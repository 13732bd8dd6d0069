package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.tools.issues.IssueComment;
import dev.babysitter.tools.issues.Outbox;
import dev.babysitter.tools.logbook.Logbook;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A babysitter killed after it queued a step's comment but before the record said the step was
 * done carries the step out again when restarted (kill9, issue 15: the teardown comment twice
 * in every run's thread). The comment goes to the thread once.
 */
class CommentsOnceAfterARestartTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;

  /** The restarted babysitter: a new recorder and journal over the same outbox and thread. */
  private RunJournal restarted(RecorderFixture before) {
    Recorder recorder = new Recorder("tiny", new Logbook(before.logbookFile, s -> s),
        before.logbookFile, null, before.issues, new Outbox(tmp.resolve("outbox.jsonl"),
            before.issues, CLOCK), s -> s);
    return new RunJournal(recorder, s -> s, CLOCK, "octocat", r -> { });
  }

  private List<String> thread(RecorderFixture f) throws Exception {
    return f.issues.comments(f.record.issue).stream().map(IssueComment::body).toList();
  }

  @Test
  void aTeardownDoneAgainAfterARestartIsSaidOnce() throws Exception {
    RecorderFixture f = new RecorderFixture(tmp, CLOCK);
    f.record.sealed = true;
    Action.DestroyInstance destroy = new Action.DestroyInstance("local-tiny-1",
        "done: final checkpoint verified");
    f.journal.tornDown(f.record, destroy);
    // killed here: the record never said torn_down, so the next babysitter tears down again
    restarted(f).tornDown(f.record, destroy);

    assertThat(thread(f)).containsExactly(
        "🤖 instance `local-tiny-1` torn down: done: final checkpoint verified");
  }

  @Test
  void anUnsealedTeardownDoneAgainIsSaidOnceAndADifferentInstanceStillIsSaid()
      throws Exception {
    RecorderFixture f = new RecorderFixture(tmp, CLOCK);
    f.record.outcome = "failed";
    f.journal.tornDown(f.record, new Action.DestroyInstance("local-tiny-1", "failed"));
    restarted(f).tornDown(f.record, new Action.DestroyInstance("local-tiny-1", "failed"));
    restarted(f).tornDown(f.record, new Action.DestroyInstance("local-tiny-2", "failed"));

    assertThat(thread(f)).containsExactly("🤖 instance `local-tiny-1` torn down: failed",
        "🤖 instance `local-tiny-2` torn down: failed");
  }
}
