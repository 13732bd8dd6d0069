package dev.babysitter.agent.session;

import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.issues.IssueComment;
import dev.babysitter.tools.issues.IssueCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DRI's answers to escalations, applied to the run record at each check: new lines of
 * {@code approvals.jsonl} (from {@code babysitter approve|deny}) and new {@code /approve ID},
 * {@code /deny ID} issue comments, of which only the DRI's count. An approval is single-use
 * (spent when the approved action runs) and expires after the policy's {@code approval_ttl};
 * a denial stands. Everything that happens, ignored commands included, comes back as a note for
 * the logbook, once.
 */
public final class Approvals {
  /** Something for the logbook; {@code comment} when the issue should hear it too. */
  public record Note(String what, String detail, boolean comment) {}

  private final ApprovalFile file;
  private final Duration ttl;
  private final String dri;

  public Approvals(ApprovalFile file, Duration ttl, String dri) {
    this.file = file;
    this.ttl = ttl;
    this.dri = dri;
  }

  /** Applies new approvals and denials, then expires stale approvals. */
  public List<Note> collect(RunRecord r, List<IssueComment> comments, Instant now)
      throws IOException {
    List<Note> notes = new ArrayList<>();
    List<ApprovalFile.Entry> lines = file.read();
    for (int i = r.approvalLinesApplied; i < lines.size(); i++) {
      ApprovalFile.Entry e = lines.get(i);
      if (e.by() == null || !e.by().equalsIgnoreCase(dri)) {
        // The CLI refuses these already; a line written by hand or by an old CLI counts no more.
        notes.add(new Note("ignored " + e.verb() + " " + e.id(), e.by() + " via " + e.via()
            + " is not the DRI " + dri + ": nothing changes", false));
        continue;
      }
      apply(r, e.verb(), e.id(), e.by(), e.via(), e.at(), notes);
    }
    r.approvalLinesApplied = Math.max(r.approvalLinesApplied, lines.size());
    if (!comments.isEmpty()) {
      IssueCommands.Result parsed = IssueCommands.parse(comments, dri);
      for (IssueCommands.Command c : parsed.commands()) {
        if (r.seenCommentIds.add(c.source().id())) {
          apply(r, c.verb() == IssueCommands.Verb.APPROVE ? "approve" : "deny", c.approvalId(),
              c.source().author(), "issue comment " + c.source().id(), c.source().createdAt(),
              notes);
        }
      }
      for (IssueCommands.Ignored ig : parsed.ignored()) {
        if (r.seenCommentIds.add(ig.source().id())) {
          notes.add(new Note("ignored issue command", "`" + ig.line() + "` in comment "
              + ig.source().id() + ": " + ig.reason(), false));
        }
      }
    }
    expire(r, now, notes);
    r.approvedIds.clear();
    r.approvedIds.addAll(r.approvals.keySet());
    return notes;
  }

  /** The approved action ran: its approvals are spent. */
  public List<Note> consume(RunRecord r, Set<String> used, String action) {
    List<Note> notes = new ArrayList<>();
    for (String id : used) {
      RunRecord.Approval a = r.approvals.remove(id);
      r.approvedIds.remove(id);
      RunRecord.Escalation e = r.escalations.get(id);
      if (e != null) {
        r.escalations.put(id, e.withStatus("used"));
      }
      notes.add(new Note("approval " + id + " used", action + " ran on the approval of "
          + (a == null ? "the DRI" : a.by() + " (" + a.via() + ")")
          + "; the approval is spent, a repeat needs a new one", false));
    }
    return notes;
  }

  /**
   * Whether an escalation with this id may be raised (recorded, commented) again: only once its
   * approval was spent or expired. A pending, approved or denied one stays as it is.
   */
  public static boolean mayRaiseAgain(RunRecord.Escalation existing) {
    return existing == null || "used".equals(existing.status())
        || "expired".equals(existing.status());
  }

  private void apply(RunRecord r, String verb, String id, String by, String via, Instant at,
      List<Note> notes) {
    RunRecord.Escalation e = r.escalations.get(id);
    String who = by + " via " + via;
    if (e == null) {
      notes.add(new Note("ignored " + verb + " " + id, "no escalation with that id ("
          + who + ")", false));
      return;
    }
    if ("approve".equals(verb)) {
      if (!"pending".equals(e.status())) {
        notes.add(new Note("ignored approve " + id, "the escalation is " + e.status()
            + ", not pending (" + who + ")", false));
        return;
      }
      r.approvals.put(id, new RunRecord.Approval(id, by, via, at));
      r.escalations.put(id, e.withStatus("approved"));
      notes.add(new Note("approval " + id, "approved by " + who + ": " + e.action()
          + " may run once, within " + Durations.format(ttl), true));
    } else {
      if (!"pending".equals(e.status()) && !"approved".equals(e.status())) {
        notes.add(new Note("ignored deny " + id, "the escalation is " + e.status() + " ("
            + who + ")", false));
        return;
      }
      r.approvals.remove(id);
      r.escalations.put(id, e.withStatus("denied"));
      notes.add(new Note("denial " + id, "denied by " + who + ": " + e.action()
          + " stays refused", true));
    }
  }

  private void expire(RunRecord r, Instant now, List<Note> notes) {
    for (Iterator<Map.Entry<String, RunRecord.Approval>> it = r.approvals.entrySet().iterator();
        it.hasNext(); ) {
      RunRecord.Approval a = it.next().getValue();
      if (a.at() != null && !now.isBefore(a.at().plus(ttl))) {
        it.remove();
        RunRecord.Escalation e = r.escalations.get(a.id());
        if (e != null) {
          r.escalations.put(a.id(), e.withStatus("expired"));
        }
        notes.add(new Note("approval " + a.id() + " expired", "approved by " + a.by() + " at "
            + dev.babysitter.tools.logbook.Readable.time(a.at()) + " and unused for " + Durations.format(ttl) + "; the action needs a new "
            + "approval", true));
      }
    }
  }
}
