package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.issues.IssueComment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DRI approvals: CLI file and issue comments, DRI only, single use, expiry, denial stands. */
class ApprovalsTest {
  private static final Instant T0 = GuardStates.NOW;
  private static final Duration TTL = Duration.ofHours(24);

  @TempDir
  Path dir;
  private RecorderFixture f;
  private ApprovalFile file;
  private Approvals approvals;
  private final PolicyGuard guard = new PolicyGuard(Policies.defaults(), GuardStates.CLOCK);
  private final Action delete = new Action.DeleteCheckpoint(GuardStates.STEP_9);
  private String id;

  @BeforeEach
  void escalate() throws Exception {
    f = new RecorderFixture(dir, GuardStates.CLOCK);
    file = new ApprovalFile(dir.resolve("state/runs/tiny/approvals.jsonl"));
    approvals = new Approvals(file, TTL, "octocat");
    Decision d = guard.decide(delete, state(f.record));
    assertThat(d).isInstanceOf(Decision.Escalate.class);
    id = ((Decision.Escalate) d).approvalId();
    f.record.escalations.put(id, new RunRecord.Escalation(id, d.rule(), d.reason(),
        delete.describe(), T0, "pending"));
  }

  private static GuardState state(RunRecord r) {
    GuardStates s = GuardStates.state();
    r.approvedIds.forEach(s::approved);
    return s.build();
  }

  private List<IssueComment> comments() throws Exception {
    return f.recorder.comments(f.record.issue);
  }

  private List<Approvals.Note> collect(Instant at) throws Exception {
    List<Approvals.Note> notes = approvals.collect(f.record, comments(), at);
    for (Approvals.Note n : notes) {
      f.journal.approvalNote(f.record, n);
    }
    return notes;
  }

  @Test
  void driCommentApprovesOnceAndANonDriCommentIsIgnoredAndLoggedOnce() throws Exception {
    f.issues.commentAs(f.record.issue, "mallory", "/approve " + id);
    f.issues.commentAs(f.record.issue, "octocat", "/approve " + id + " go ahead");

    List<Approvals.Note> notes = collect(T0.plusSeconds(60));

    assertThat(notes).extracting(Approvals.Note::what)
        .containsExactlyInAnyOrder("approval " + id, "ignored issue command");
    assertThat(f.record.approvedIds).containsExactly(id);
    assertThat(f.record.escalations.get(id).status()).isEqualTo("approved");
    assertThat(f.record.approvals.get(id).by()).isEqualTo("octocat");
    assertThat(f.logbook()).contains("author mallory is not the DRI");

    // the same comments read again change nothing and log nothing
    assertThat(collect(T0.plusSeconds(120))).isEmpty();

    // the guard lets the approved action through, naming the approval it spends
    Decision allowed = guard.decide(delete, state(f.record));
    assertThat(allowed).isInstanceOf(Decision.Allow.class);
    assertThat(((Decision.Allow) allowed).approvalsUsed()).containsExactly(id);

    // single use: once it ran, the same action escalates again under the same id
    approvals.consume(f.record, ((Decision.Allow) allowed).approvalsUsed(), delete.describe());
    assertThat(f.record.approvedIds).isEmpty();
    assertThat(f.record.escalations.get(id).status()).isEqualTo("used");
    assertThat(guard.decide(delete, state(f.record))).isInstanceOf(Decision.Escalate.class);
    assertThat(Approvals.mayRaiseAgain(f.record.escalations.get(id))).isTrue();
  }

  @Test
  void onlyANonDriApprovalChangesNothing() throws Exception {
    f.issues.commentAs(f.record.issue, "mallory", "/approve " + id);

    collect(T0.plusSeconds(60));

    assertThat(f.record.approvedIds).isEmpty();
    assertThat(f.record.escalations.get(id).status()).isEqualTo("pending");
    assertThat(guard.decide(delete, state(f.record))).isInstanceOf(Decision.Escalate.class);
    assertThat(Approvals.mayRaiseAgain(f.record.escalations.get(id))).isFalse();
  }

  @Test
  void aFileLineFromSomeoneElseIsLoggedAndIgnored() throws Exception {
    file.append(new ApprovalFile.Entry("approve", id, "mallory", "hand-edited", T0, ""));

    List<Approvals.Note> notes = collect(T0.plusSeconds(1));

    assertThat(notes).extracting(Approvals.Note::what).containsExactly("ignored approve " + id);
    assertThat(notes.get(0).detail()).contains("mallory", "not the DRI octocat");
    assertThat(f.record.approvedIds).isEmpty();
    assertThat(f.record.escalations.get(id).status()).isEqualTo("pending");
    assertThat(f.record.approvalLinesApplied).isEqualTo(1);
  }

  @Test
  void cliApprovalThroughTheFileExpiresUnused() throws Exception {
    file.append(new ApprovalFile.Entry("approve", id, "octocat", "cli", T0, ""));

    collect(T0.plusSeconds(1));
    assertThat(f.record.approvedIds).containsExactly(id);
    assertThat(f.record.approvalLinesApplied).isEqualTo(1);

    List<Approvals.Note> later = collect(T0.plus(TTL));

    assertThat(later).extracting(Approvals.Note::what).containsExactly("approval " + id
        + " expired");
    assertThat(f.record.approvedIds).isEmpty();
    assertThat(f.record.escalations.get(id).status()).isEqualTo("expired");
    assertThat(guard.decide(delete, state(f.record))).isInstanceOf(Decision.Escalate.class);
    assertThat(Approvals.mayRaiseAgain(f.record.escalations.get(id))).isTrue();
    assertThat(f.logbook()).contains("expired");
  }

  @Test
  void aDenialStandsAndALaterApprovalIsIgnored() throws Exception {
    f.issues.commentAs(f.record.issue, "octocat", "/deny " + id);
    collect(T0.plusSeconds(1));
    f.issues.commentAs(f.record.issue, "octocat", "/approve " + id);

    List<Approvals.Note> notes = collect(T0.plusSeconds(2));

    assertThat(f.record.escalations.get(id).status()).isEqualTo("denied");
    assertThat(f.record.approvedIds).isEmpty();
    assertThat(notes).extracting(Approvals.Note::detail)
        .anyMatch(d -> d.contains("the escalation is denied"));
    assertThat(Approvals.mayRaiseAgain(f.record.escalations.get(id))).isFalse();
  }

  @Test
  void unknownIdsAreLoggedAndIgnored() throws Exception {
    f.issues.commentAs(f.record.issue, "octocat", "/approve A-000000");

    List<Approvals.Note> notes = collect(T0.plusSeconds(1));

    assertThat(notes).extracting(Approvals.Note::what).containsExactly("ignored approve A-000000");
    assertThat(f.record.approvedIds).isEmpty();
  }

  @Test
  void theApprovalCommentIsAnsweredOnTheIssue() throws Exception {
    f.issues.commentAs(f.record.issue, "octocat", "/approve " + id);
    collect(T0.plusSeconds(1));
    f.recorder.flush();

    assertThat(f.recorder.commentBodies(f.record.issue))
        .anyMatch(b -> b.startsWith("🤖") && b.contains("approved by octocat"));
  }

  @Test
  void approvalFileSurvivesAConcurrentRecordSave(@TempDir Path state) throws Exception {
    // The CLI appends while the babysitter keeps saving its (older) copy of the record.
    dev.babysitter.agent.run.RunStore store = new dev.babysitter.agent.run.RunStore(state);
    store.save(f.record);
    ApprovalFile shared = ApprovalFile.of(store, "tiny");
    shared.append(new ApprovalFile.Entry("approve", id, "octocat", "cli", T0, ""));
    store.save(f.record); // the babysitter's save does not know about the approval

    Approvals fromStore = new Approvals(shared, TTL, "octocat");
    fromStore.collect(f.record, List.of(), T0.plusSeconds(1));

    assertThat(f.record.approvedIds).containsExactly(id);
  }
}
