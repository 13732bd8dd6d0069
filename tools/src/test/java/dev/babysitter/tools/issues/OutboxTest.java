package dev.babysitter.tools.issues;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path tmp;
  LocalIssues real;
  IssueRef issue;
  Path file;

  /** Wraps a real tracker; fails retryably while {@code down > 0} (counting down per call). */
  class Flaky implements IssueTracker {
    int down;
    boolean alwaysDown;
    String rejectBody;
    int calls;
    final List<String> outboxAtCall = new ArrayList<>();

    @Override
    public IssueRef create(String title, String body, List<String> labels)
        throws IssueTrackerException {
      return real.create(title, body, labels);
    }

    @Override
    public IssueComment comment(IssueRef ref, String body) throws IssueTrackerException {
      calls++;
      try {
        outboxAtCall.add(Files.exists(file) ? Files.readString(file) : "");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      if (alwaysDown || down > 0) {
        down--;
        throw new IssueTrackerException("connect timed out", true);
      }
      if (body.equals(rejectBody)) {
        throw new IssueTrackerException("422 body too long", false);
      }
      return real.comment(ref, body);
    }

    @Override
    public List<IssueComment> comments(IssueRef ref) throws IssueTrackerException {
      return real.comments(ref);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    real = new LocalIssues(tmp.resolve("issues"), "acme/runs", "babysitter-bot", CLOCK);
    issue = real.create("Hero run: tiny", "", List.of("experiment"));
    file = tmp.resolve("state/outbox.jsonl");
  }

  private List<String> bodies() throws Exception {
    return real.comments(issue).stream().map(IssueComment::body).toList();
  }

  @Test
  void postSendsAtOnceWhenTheTrackerIsUpAndKeepsTheTextVerbatim() throws Exception {
    Outbox outbox = new Outbox(file, new Flaky(), CLOCK);
    outbox.post(issue, "🤖 launched `i-1` | step 0\nsecond line");
    assertThat(outbox.pendingCount()).isZero();
    assertThat(bodies()).containsExactly("🤖 launched `i-1` | step 0\nsecond line");
  }

  @Test
  void retryableFailuresKeepOrderAndEachCommentGoesOutOnce() throws Exception {
    Flaky tracker = new Flaky();
    tracker.down = 3;
    Outbox outbox = new Outbox(file, tracker, CLOCK);
    outbox.post(issue, "🤖 one");
    outbox.post(issue, "🤖 two");
    outbox.post(issue, "🤖 three");
    assertThat(bodies()).isEmpty();
    assertThat(outbox.pendingCount()).isEqualTo(3);

    outbox.enqueue(issue, "🤖 four");
    assertThat(outbox.flush()).isEqualTo(4);
    assertThat(outbox.flush()).isZero();
    assertThat(bodies()).containsExactly("🤖 one", "🤖 two", "🤖 three", "🤖 four");
    assertThat(tracker.calls).isEqualTo(3 + 4);
  }

  @Test
  void aRestartSendsWhatIsOwedAndNeverResendsWhatWasSent() throws Exception {
    Flaky up = new Flaky();
    Outbox first = new Outbox(file, up, CLOCK);
    first.post(issue, "🤖 sent before the outage");
    up.alwaysDown = true;
    first.post(issue, "🤖 a");
    first.post(issue, "🤖 b");
    assertThat(first.pendingCount()).isEqualTo(2);

    // The process dies; a new one opens the same file with the tracker reachable again.
    Outbox second = new Outbox(file, new Flaky(), CLOCK);
    assertThat(second.pendingCount()).isEqualTo(2);
    assertThat(second.flush()).isEqualTo(2);

    Outbox third = new Outbox(file, new Flaky(), CLOCK);
    assertThat(third.pendingCount()).isZero();
    assertThat(third.flush()).isZero();
    long seq = third.enqueue(issue, "🤖 c");
    assertThat(seq).isEqualTo(4);
    third.flush();
    assertThat(bodies()).containsExactly("🤖 sent before the outage", "🤖 a", "🤖 b", "🤖 c");
  }

  /** The process dies (kill -9) right after the tracker took the comment, before "sent". */
  static final class Killed extends Error {}

  @Test
  void aCommentTheTrackerTookJustBeforeACrashIsNotSentAgainAfterTheRestart() throws Exception {
    Flaky up = new Flaky();
    Outbox first = new Outbox(file, up, CLOCK);
    first.post(issue, "🤖 digest: step 10");
    IssueTracker dyingAfterTheSend = new Flaky() {
      @Override
      public IssueComment comment(IssueRef ref, String body) throws IssueTrackerException {
        super.comment(ref, body);
        throw new Killed();
      }
    };
    // The same text again (a repeated comment is legitimate) and one more, then the crash.
    Outbox dying = new Outbox(file, dyingAfterTheSend, CLOCK);
    dying.enqueue(issue, "🤖 digest: step 10");
    dying.enqueue(issue, "🤖 sealed");
    try {
      dying.flush();
    } catch (Killed expected) {
      // the process is gone; the file has the two pending records, no "sent" for them
    }
    assertThat(bodies()).containsExactly("🤖 digest: step 10", "🤖 digest: step 10");

    Flaky after = new Flaky();
    Outbox restarted = new Outbox(file, after, CLOCK);
    assertThat(restarted.pendingCount()).isEqualTo(2);
    assertThat(restarted.flush()).isEqualTo(2);
    assertThat(after.calls).as("only the comment the tracker never took is posted").isOne();
    assertThat(bodies()).containsExactly("🤖 digest: step 10", "🤖 digest: step 10",
        "🤖 sealed");
    assertThat(new Outbox(file, new Flaky(), CLOCK).pendingCount()).isZero();
  }

  @Test
  void anInDoubtCommentTheThreadDoesNotHaveIsSentAfterTheRestart() throws Exception {
    Outbox first = new Outbox(file, new Flaky(), CLOCK);
    first.post(issue, "🤖 launched");
    first.enqueue(issue, "🤖 launched"); // the crash came before the tracker took this one
    Flaky after = new Flaky();
    assertThat(new Outbox(file, after, CLOCK).flush()).isOne();
    assertThat(after.calls).isOne();
    assertThat(bodies()).containsExactly("🤖 launched", "🤖 launched");
  }

  @Test
  void aKeyedCommentIsQueuedOnceOverTheLifeOfTheFileRestartsIncluded() throws Exception {
    Outbox first = new Outbox(file, new Flaky(), CLOCK);
    long seq = first.enqueue(issue, "🤖 torn down", "teardown i-1");
    assertThat(first.enqueue(issue, "🤖 torn down", "teardown i-1")).isEqualTo(seq);
    Outbox restarted = new Outbox(file, new Flaky(), CLOCK);
    assertThat(restarted.queued("teardown i-1")).isTrue();
    restarted.post(issue, "🤖 torn down", "teardown i-1");
    restarted.post(issue, "🤖 torn down", "teardown i-2");
    restarted.post(issue, "🤖 note");
    restarted.post(issue, "🤖 note");
    assertThat(bodies()).containsExactly("🤖 torn down", "🤖 torn down", "🤖 note", "🤖 note");
    assertThat(restarted.pendingCount()).isZero();
  }

  @Test
  void theSentRecordIsOnDiskBeforeTheNextCommentIsSent() throws Exception {
    Flaky tracker = new Flaky();
    tracker.down = 1;
    Outbox outbox = new Outbox(file, tracker, CLOCK);
    outbox.enqueue(issue, "🤖 a");
    outbox.enqueue(issue, "🤖 b");
    outbox.flush();
    outbox.flush();
    // calls: a (fails), a (ok), b (ok); when b goes out, a's sent record is durable already.
    assertThat(tracker.outboxAtCall).hasSize(3);
    assertThat(tracker.outboxAtCall.get(2)).contains("\"seq\":1,\"state\":\"sent\"");
    String journal = Files.readString(file);
    assertThat(journal).contains("\"sent_id\":" + real.comments(issue).get(0).id());
    assertThat(journal.lines()).hasSize(4);
  }

  @Test
  void aNonRetryableFailureIsRecordedAndSkipped() throws Exception {
    Flaky tracker = new Flaky();
    tracker.rejectBody = "🤖 too long";
    Outbox outbox = new Outbox(file, tracker, CLOCK);
    outbox.enqueue(issue, "🤖 one");
    outbox.enqueue(issue, "🤖 too long");
    outbox.enqueue(issue, "🤖 three");
    assertThat(outbox.flush()).isEqualTo(2);
    assertThat(outbox.pendingCount()).isZero();
    assertThat(outbox.failedCount()).isEqualTo(1);
    assertThat(bodies()).containsExactly("🤖 one", "🤖 three");
    assertThat(Files.readString(file)).contains("\"state\":\"failed\"", "422 body too long");

    Outbox restarted = new Outbox(file, tracker, CLOCK);
    assertThat(restarted.pendingCount()).isZero();
    assertThat(restarted.failedCount()).isEqualTo(1);
    assertThat(restarted.flush()).isZero();
  }

  @Test
  void aTornLastLineFromACrashDoesNotLoseLaterEntries() throws Exception {
    Flaky down = new Flaky();
    down.alwaysDown = true;
    Outbox outbox = new Outbox(file, down, CLOCK);
    outbox.enqueue(issue, "🤖 a");
    Files.writeString(file, "{\"seq\":2,\"state\":\"pen", StandardOpenOption.APPEND);

    Outbox restarted = new Outbox(file, down, CLOCK);
    assertThat(restarted.pendingCount()).isEqualTo(1);
    restarted.enqueue(issue, "🤖 b");
    Outbox again = new Outbox(file, new Flaky(), CLOCK);
    assertThat(again.pendingCount()).isEqualTo(2);
    assertThat(again.flush()).isEqualTo(2);
    assertThat(bodies()).containsExactly("🤖 a", "🤖 b");
  }

  @Test
  void anUnexpectedClientErrorKeepsTheCommentQueued() throws Exception {
    IssueTracker broken = new Flaky() {
      @Override
      public IssueComment comment(IssueRef ref, String body) {
        throw new IllegalStateException("bug in client");
      }
    };
    Outbox outbox = new Outbox(file, broken, CLOCK);
    outbox.post(issue, "🤖 a");
    assertThat(outbox.pendingCount()).isEqualTo(1);
    assertThat(new Outbox(file, new Flaky(), CLOCK).flush()).isEqualTo(1);
    assertThat(bodies()).containsExactly("🤖 a");
  }

  @Test
  void commentsForAnIssueNotCreatedYetWaitAndHoldBackLaterOnesUntilAssigned() throws Exception {
    Flaky tracker = new Flaky();
    Outbox outbox = new Outbox(file, tracker, CLOCK);
    outbox.enqueue(IssueRef.notYetCreated("octo/runs"), "first, before the issue");
    outbox.enqueue(IssueRef.notYetCreated("octo/runs"), "second, before the issue");

    assertThat(outbox.flush()).isZero();
    assertThat(tracker.calls).isZero();

    // A restart in between keeps them, still unaddressed.
    Outbox restarted = new Outbox(file, tracker, CLOCK);
    assertThat(restarted.flush()).isZero();
    assertThat(restarted.pendingCount()).isEqualTo(2);

    assertThat(restarted.assign(issue)).isEqualTo(2);
    restarted.enqueue(issue, "third, after the issue");
    // The assignment is on disk: another restart sends to the right issue, in order, once.
    Outbox again = new Outbox(file, tracker, CLOCK);
    assertThat(again.flush()).isEqualTo(3);
    assertThat(again.flush()).isZero();
    assertThat(real.comments(issue)).extracting(IssueComment::body).containsExactly(
        "first, before the issue", "second, before the issue", "third, after the issue");
    assertThat(new Outbox(file, tracker, CLOCK).pendingCount()).isZero();
  }

  @Test
  void assigningAnUncreatedIssueIsRefused() {
    Outbox outbox = new Outbox(file, new Flaky(), CLOCK);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> outbox.assign(IssueRef.notYetCreated("octo/runs")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
