package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The runner chat's view of a run: reads the stored record, and never writes it (the babysit
 * loop owns it, in another process). What the guard allows is posted to the mailbox as a
 * proposal for the babysitter and the person; refusals are posted too, so they are on record.
 */
public final class ChatEffects implements AgentEffects {
  private final RunRecord record;
  private final Mailbox mailbox;
  private final UnaryOperator<String> scrub;
  private final Clock clock;
  /** Where the run's record is kept; null: escalations are not recorded (planning, tests). */
  private final dev.babysitter.agent.run.RunStore store;
  private final String from;

  /** {@code record}: the run's stored record, or a blank one while planning a new run. */
  public ChatEffects(RunRecord record, Mailbox mailbox, UnaryOperator<String> scrub, Clock clock) {
    this(record, mailbox, scrub, clock, null);
  }

  /**
   * {@code store}: the record's store, so that an escalation is recorded where {@code approve}
   * looks when no babysitter owns the record (see {@link OutOfBandEscalation}).
   */
  public ChatEffects(RunRecord record, Mailbox mailbox, UnaryOperator<String> scrub, Clock clock,
      dev.babysitter.agent.run.RunStore store) {
    this(record, mailbox, scrub, clock, store, "runner");
  }

  /** {@code from}: who the proposals and notes are from in the mailbox ("mcp" for a client). */
  public ChatEffects(RunRecord record, Mailbox mailbox, UnaryOperator<String> scrub, Clock clock,
      dev.babysitter.agent.run.RunStore store, String from) {
    this.from = from;
    this.store = store;
    this.record = record;
    this.mailbox = mailbox;
    this.scrub = scrub;
    this.clock = clock;
  }

  @Override
  public String runName() {
    return record.runName;
  }

  @Override
  public GuardState guardState() throws IOException {
    double dph = record.instance == null ? 0 : record.instance.dollarsPerHour();
    return new GuardState(record.runName, record.memory.attempt(), record.relaunches,
        record.stallKillsThisAttempt, record.lastDestructiveAt,
        CheckpointCatalog.of("", "step-{n}", List.of()), record.rejectedCheckpoints, dph, 0,
        record.approvedIds, null, false).withHold(mailbox.hold());
  }

  @Override
  public String status() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(record.runName + ": phase " + record.phase + ", attempt " + record.memory.attempt()
        + ", outcome " + (record.outcome == null ? "none yet" : record.outcome)
        + ", tokens today " + record.tokensByDay
            .getOrDefault(java.time.LocalDate.now(clock).toString(), 0L));
    record.history.subList(Math.max(0, record.history.size() - 10), record.history.size())
        .forEach(lines::add);
    record.escalations.values().forEach(e -> lines.add("escalation " + e.id() + " " + e.status()
        + ": " + e.action() + " (" + e.rule() + ")"));
    mailbox.all().stream().skip(Math.max(0, mailbox.all().size() - 10))
        .forEach(m -> lines.add("mail " + m.at() + " " + m.from() + " " + m.kind() + ": "
            + m.text()));
    return scrub.apply(String.join("\n", lines));
  }

  @Override
  public List<String> logTail(int lines) {
    // The chat does not probe the instance; the babysitter's status lines are its evidence.
    return record.history.subList(Math.max(0, record.history.size() - lines),
        record.history.size()).stream().map(scrub).toList();
  }

  @Override
  public String gpuStatus() {
    return record.lastStatus == null ? "no check yet" : scrub.apply(record.lastStatus);
  }

  @Override
  public List<String> checkpoints() {
    return List.of("the chat does not list checkpoints; see the logbook or ask the babysitter");
  }

  @Override
  public String perform(Action action, Decision allowed, String why) throws IOException {
    post("message", from + " proposes: " + action.describe() + " (" + why + "); the guard would "
        + "allow it (" + allowed.reason() + ")");
    return "proposed to the babysitter via the mailbox, not done: the babysitter owns the run "
        + "and acts once the person confirms";
  }

  @Override
  public String recordedApprovalId(Decision.Escalate escalate) throws IOException {
    return store == null ? null : OutOfBandEscalation.recorded(store, record.runName,
        escalate.approvalId());
  }

  @Override
  public void refused(Action action, Decision decision, String why) throws IOException {
    if (decision instanceof Decision.Escalate e && store != null) {
      OutOfBandEscalation.raise(store, record.runName, action, e, clock.instant());
    }
    post("note", "guard " + decision.verdict() + " for " + action.describe() + ": rule "
        + decision.rule() + ", " + decision.reason()
        + (decision instanceof Decision.Escalate e ? " (approval id " + e.approvalId() + ")"
            : ""));
  }

  @Override
  public void report(String title, String body, String comment) throws IOException {
    post("note", title + ": " + body);
  }

  private void post(String kind, String text) throws IOException {
    mailbox.post(new Mailbox.Message(clock.instant(), from, kind, scrub.apply(text)));
  }
}
