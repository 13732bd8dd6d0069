package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.session.Approvals;
import dev.babysitter.agent.session.BabysitterLock;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;

/**
 * An escalation raised outside the babysit loop (the chat, the MCP server). The run's record
 * belongs to its babysitter, which saves it often: writing it from here while one runs would
 * lose one side's changes. So the escalation is recorded only while this process can take the
 * run's {@link BabysitterLock} (no babysitter runs); otherwise it stays a mailbox request and no
 * approval id is handed out, because {@code approve} only knows ids in the record.
 */
final class OutOfBandEscalation {
  private OutOfBandEscalation() {}

  /** Records the escalation as pending when no babysitter owns the record; else nothing. */
  static void raise(RunStore store, String run, Action action, Decision.Escalate escalate,
      Instant now) throws IOException {
    if (!Files.isDirectory(store.dirOf(run)) || store.load(run).isEmpty()) {
      return; // a planning chat: there is no run to record it in
    }
    try (BabysitterLock lock = BabysitterLock.acquire(store.dirOf(run), run, now)) {
      RunRecord r = store.load(run).orElseThrow(); // read under the lock: the latest
      if (Approvals.mayRaiseAgain(r.escalations.get(escalate.approvalId()))) {
        r.escalations.put(escalate.approvalId(), new RunRecord.Escalation(escalate.approvalId(),
            escalate.rule(), escalate.reason(), action.describe(), now, "pending"));
        store.save(r);
      }
    } catch (BabysitterLock.HeldException held) {
      // a babysitter owns the record: the request waits in the mailbox
    }
  }

  /** {@code id} if the run's stored record has an escalation under it, else null. */
  static String recorded(RunStore store, String run, String id) throws IOException {
    if (!Files.isDirectory(store.dirOf(run))) {
      return null;
    }
    Optional<RunRecord> r = store.load(run);
    return r.isPresent() && r.get().escalations.containsKey(id) ? id : null;
  }
}
