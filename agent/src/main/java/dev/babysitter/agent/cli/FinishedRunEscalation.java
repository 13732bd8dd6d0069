package dev.babysitter.agent.cli;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.session.Approvals;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * A destroy asked for on the command line (teardown, reconcile) that the guard escalates, for
 * a run no babysitter watches any more: the escalation goes into the run's record as pending, where
 * {@code babysitter approve} finds it, and the command is run again after the DRI's answer.
 * A live run's record belongs to its babysitter, so nothing is written there.
 */
final class FinishedRunEscalation {
  /** What happened, for one line of output. */
  record Outcome(String text, boolean denied) {}

  private FinishedRunEscalation() {}

  /**
   * The guard's view of a run from its record alone, as a command sees it without probing: no
   * checkpoint listing and no cost so far, only budgets, approvals and whether the newest
   * checkpoint is known durable.
   */
  static GuardState fromRecord(String run, RunRecord r, double dollarsPerHour,
      boolean checkpointsDurable) {
    return new GuardState(run, r.memory.attempt(), r.relaunches, r.stallKillsThisAttempt,
        r.lastDestructiveAt, CheckpointCatalog.empty(), r.rejectedCheckpoints,
        dollarsPerHour, 0, r.approvedIds, null, checkpointsDurable);
  }

  /** The first words of every such answer: the rule, its reason and the approval id. */
  static String head(Decision.Escalate escalate) {
    return "escalated by rule " + escalate.rule() + " (" + escalate.reason() + "), approval id "
        + escalate.approvalId();
  }

  static Outcome raise(RunStore store, RunRecord r, Decision.Escalate escalate, Action action,
      String again, Instant now) throws IOException {
    String id = escalate.approvalId();
    String head = head(escalate);
    if (!r.finished()) {
      return new Outcome(head + "; not destroyed. Run " + r.runName + " is live and its"
          + " babysitter owns the record: stop the run or let it finish, then " + again, false);
    }
    RunRecord.Escalation existing = r.escalations.get(id);
    if (existing != null && "denied".equals(existing.status())) {
      return new Outcome("denied by the DRI (" + id + "); not destroyed", true);
    }
    if (Approvals.mayRaiseAgain(existing)) {
      r.escalations.put(id, new RunRecord.Escalation(id, escalate.rule(), escalate.reason(),
          action.describe(), now, "pending"));
      store.save(r);
    }
    return new Outcome(head + "; not destroyed. Approve with `babysitter approve " + r.runName
        + " " + id + "`, then " + again, false);
  }
}
