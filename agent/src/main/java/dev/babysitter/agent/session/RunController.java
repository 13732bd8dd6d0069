package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.hero.HeroWatch;
import dev.babysitter.agent.llm.AlertEscalator;
import dev.babysitter.agent.llm.Wake;
import dev.babysitter.agent.playbook.OomLadder;
import dev.babysitter.agent.playbook.Playbook;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Cadence;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.agent.watch.StatusLine;
import dev.babysitter.tools.checkpoint.Checkpoint;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One run's data path, once per check: probe → assess → decide (playbook) → guard → act →
 * record. Every state change is saved to the run record before the next step, so a killed
 * babysitter resumes where it stopped.
 */
public final class RunController {
  private final RunSpec spec;
  private final RunRecord record;
  private final RunStore store;
  private final InstanceProvider provider;
  private final Prober prober;
  private final HealthAssessor assessor;
  private final Playbook playbook;
  private final PolicyGuard guard;
  private final Cadence cadence;
  private final RunJournal journal;
  private final Policy policy;
  private final Clock clock;
  private final Actuator actuator;
  private final Approvals approvals;
  private final NewInstances moves;
  private final NewAlerts alerts;
  private final StatusLines statusLines;
  private Action.Seal pendingSeal;
  private AlertEscalator escalator = AlertEscalator.NONE;
  private Assessment lastAssessment;
  private CheckpointCatalog lastCatalog;
  private int failedChecksInRow;
  private HeroWatch hero;

  public RunController(RunSpec spec, RunRecord record, RunStore store, InstanceProvider provider,
      Prober prober, HealthAssessor assessor, Playbook playbook, PolicyGuard guard,
      RunJournal journal, Clock clock) {
    this.spec = spec;
    this.record = record;
    this.store = store;
    this.provider = provider;
    this.prober = prober;
    this.assessor = assessor;
    this.playbook = playbook;
    this.guard = guard;
    this.journal = journal;
    this.policy = guard.policy();
    this.cadence = new Cadence(policy.cadence());
    this.clock = clock;
    this.actuator = new Actuator(provider);
    this.approvals = new Approvals(ApprovalFile.of(store, spec.name()),
        policy.approvalTtl(), spec.dri());
    this.moves = new NewInstances(record, store, provider, journal, approvals);
    this.alerts = new NewAlerts(record, store, journal);
    this.statusLines = new StatusLines(spec, record, provider);
  }

  /**
   * One check. A babysitter whose checks keep failing (an unwritable state directory, a
   * logbook it cannot commit) cannot do its job: after {@link #FAILED_CHECKS_BEFORE_NO_LEASE}
   * failures in a row it stops renewing the lease, so the instance's dead-man switch ends the
   * run unless a check succeeds first, and says so ({@link #leaseWithheld()}).
   */
  public CheckOutcome check() throws IOException {
    boolean ok = false;
    try {
      CheckOutcome outcome = checkOnce();
      ok = true;
      return outcome;
    } finally {
      failedChecksInRow = ok ? 0 : failedChecksInRow + 1;
    }
  }

  static final int FAILED_CHECKS_BEFORE_NO_LEASE = 3;

  /** What a person should know about the record itself (an unpushed logbook), or null. */
  public String recordWarning() {
    String push = journal.pushProblem();
    return push == null ? null : "logbook not pushed (" + journal.scrub(push) + "); its commits "
        + "wait locally and go out with the next push";
  }

  /** Whether the next check will leave the lease to lapse, and why, or null. */
  public String leaseWithheld() {
    return failedChecksInRow < FAILED_CHECKS_BEFORE_NO_LEASE ? null : failedChecksInRow
        + " checks failed in a row: the lease is no longer renewed, so the dead-man switch "
        + "stops the run within " + Durations.format(policy.leaseGrace())
        + " unless a check succeeds";
  }

  private CheckOutcome checkOnce() throws IOException {
    Instant now = clock.instant();
    ManualStop.spendResume(record); // a resume that started the instance again is spent
    if (record.standby != null) {
      moves.settleRace(now); // a preempted spare and the run's new instance: the first to run
    }
    if ("parked".equals(record.phase)) {
      return checkParked(now);
    }
    if (record.unparkRequestedAt != null) {
      CheckOutcome waiting = awaitUnpark(now);
      if (waiting != null) {
        return waiting;
      }
    }
    long leaseUntil = leaseWithheld() != null ? 0 : now.plus(policy.leaseGrace())
        .getEpochSecond();
    Probe probe;
    try (RemoteShell shell = provider.shell(record.instance)) {
      probe = prober.probe(shell, record.instance.home(), record.eventsOffset, 200, leaseUntil);
    } catch (IOException e) {
      // No shell at all (SSH refused, no address yet) is a failed probe, not a failed check.
      probe = Probe.unreachable(now, "no shell: " + e.getMessage(), record.eventsOffset);
    }
    record.eventsOffset = probe.eventsOffset();
    // Only a failed probe asks the provider: healthy checks cost nothing extra.
    InstanceState instanceState = probe.reachable() ? null : instanceState();
    Assessment assessment = assessor.assess(probe, record.memory, spec.finalStep(),
        record.instanceSince(), instanceState);
    // No trainer: waiting for a decision, or finished (a finish on a NaN waits for the DRI).
    record.observe(assessment.memory(), probe.supervisor() != null
        && (probe.supervisor().awaitingDecision() || "done".equals(probe.supervisor().state())),
        now);
    CheckpointCatalog catalog = CheckpointCatalog.of(spec.checkpointLayout(), probe.checkpoints());
    if (hero != null) { // the hero-run protocol's checks (issue 16): alerts and logbook notes
      HeroWatch.Result extra = hero.check(assessment, catalog, record,
          now);
      assessment = extra.assessment();
      for (Map.Entry<String, String> note : extra.notes()) {
        journal.note(record, note.getKey(), note.getValue());
      }
    }

    lastAssessment = assessment;
    lastCatalog = catalog;
    if (probe.reachable()) { // kept for teardown from the command line, which does not probe
      record.newestCheckpointSynced = probe.newestCompleteSynced(catalog,
          record.rejectedCheckpoints);
    }
    journal.ensureIssue(spec, record);
    List<Alert> fresh = alerts.recordNew(assessment, probe, now);
    collectApprovals(now);
    String action = "none";
    if (assessment.health() == Health.DONE && assessment.progress() != null
        && assessment.progress().nanInf() && record.nanOnsetStep == null && !record.sealed) {
      record.nanOnsetStep = assessment.step(); // a NaN the watcher first sees at the finish
    }
    if (record.nanOnsetStep != null && assessment.health() == Health.HEALTHY
        && assessment.progress() != null && !assessment.progress().nanInf()
        && assessment.step() != null && assessment.step() > record.nanOnsetStep) {
      // Trained past the onset on finite losses (a resume from before it, or a loss scaler's
      // skipped step): the lineage is clean again, and its finish is not a NaN finish.
      journal.note(record, "NaN onset cleared", "the loss is finite at step "
          + assessment.step() + ", past the NaN onset at step " + record.nanOnsetStep);
      record.nanOnsetStep = null;
    }
    resendLostRelaunch(assessment, probe, now);
    Optional<Proposal> resubmit = LostInstance.resubmission(provider, record,
        assessment, catalog);
    List<Proposal> proposals = resubmit.isPresent() ? List.of(resubmit.get())
        : spendCapReached(assessment, probe, now)
        ? List.of(new Proposal(new Action.KillTrainer(String.format(Locale.ROOT,
            "spend cap: $%.2f has reached the run's limits.max_cost_usd of $%.2f", record.cost(now),
            spec.limits().maxCostUsd())), "a run that reached its own cap parks; the DRI "
            + "decides whether it may spend more"))
        : playbook.respond(assessment, record, spec, catalog, now);
    proposals = HostMoves.adapt(proposals, record, provider.movesHosts() && moves.canLaunch(),
        moves.newestCheckpointDurable());
    if (hero != null && assessment.health() == Health.DONE && !record.sealed) {
      HeroWatch.SealGate gate = hero.sealGate(record, now,
          policy.cadence().alert());
      if (gate.note() != null) {
        journal.note(record, "seal and W&B", gate.note());
      }
      if (gate.hold()) {
        proposals = List.of(); // the seal (and the teardown after it) waits for W&B
      }
    }
    boolean settled = !proposals.isEmpty();
    if (!settled && assessment.has(AlertKind.SLOW) && record.instance != null
        && provider.movesHosts() && moves.canLaunch()
        && Playbook.movesBetterAfterNextSave(assessment, catalog)) {
      settled = true; // nothing for an agent to decide: the playbook moves after the next save
      if (fresh.stream().anyMatch(a -> a.kind() == AlertKind.SLOW)) {
        journal.note(record, "slow host", "moving right after the trainer's next checkpoint: "
            + "that loses less than the progress since the last one");
      }
    }
    if (mailbox().hold() != null) {
      // A person's debugging hold is the one thing that keeps GPUs running with no trainer.
      proposals = proposals.stream().filter(p -> !(p.action() instanceof Action.Park)).toList();
    }
    ManualStop.Taken stop = ManualStop.of(store, spec.name()).take(record);
    if (stop != null) { // `babysitter stop`: a person's park comes first, through the guard
      proposals = List.of(stop.proposal());
    }
    boolean askedNow = false;
    for (Proposal proposal : proposals) {
      Step step = carryOut(proposal, catalog, assessment);
      action = step.action();
      if (!step.done()) {
        settled = step.allowed();
        askedNow = step.askedDri();
        break; // later proposals depend on this one
      }
    }
    if (askedNow && stop == null && mailbox().hold() == null) {
      // Never hold a GPU for a person: what the playbook answers while the DRI decides (park)
      // is done in the check that asked, not one alert interval later.
      for (Proposal proposal : playbook.respond(assessment, record, spec, catalog, now)) {
        if (proposal.action() instanceof Action.Park) {
          action = action + "," + carryOut(proposal, catalog, assessment).action();
        }
      }
    }
    if (stop != null) {
      ManualStop.parked(record);
    }
    fresh.removeIf(a -> a.kind() == AlertKind.MONITOR_STALE); // nothing an agent can fix
    if ((!fresh.isEmpty() || askedNow) && !settled) {
      // Only a new alert the playbook could not settle wakes the agent: healthy runs and
      // alerts already handed over cost no tokens. A question newly put to the DRI is new too,
      // with or without a fresh alert (a run that finished on a NaN its kill came too late for).
      escalator.wake(new Wake(spec, record, assessment, fresh, guardState(catalog),
          proposals.isEmpty() ? "the playbook has no answer for this alert"
              : "the playbook's answer was " + action), new ControllerEffects(this));
    }
    record.lastAction = action;
    Instant lastDigest = record.lastDigestAt != null ? record.lastDigestAt : record.launchedAt;
    if (lastDigest != null && !record.finished()
        && !now.isBefore(lastDigest.plus(policy.digestEvery()))) {
      journal.digest(spec, record, assessment, record.cost(now));
      record.lastDigestAt = now;
    }
    if (pendingSeal == null && record.sealPending) {
      // Sealed by a babysitter that was stopped before it wrote the Final Seal: write it now.
      pendingSeal = new Action.Seal(catalog.atStep(spec.finalStep()).map(
          Checkpoint::path).orElse(spec.checkpointLayout()
          .pathFor(spec.finalStep())), true);
    }
    if (pendingSeal != null) {
      journal.sealed(spec, record, pendingSeal, assessment);
      pendingSeal = null;
      record.sealPending = false;
    }
    if (assessment.health() == Health.HEALTHY && record.phase.equals("alert")) {
      record.phase = "running";
    } else if (assessment.health() == Health.STOPPED && !record.finished()
        && !(resubmit.isPresent() && record.relaunchAttempt == assessment.memory().attempt())) {
      record.phase = "failed";
      record.endedAt = now;
      stoppedWithoutUs(assessment, catalog, now);
    }
    Duration next = cadence.next(new Cadence.Input(assessment.health(),
        assessment.memory().checks(), assessment.memory().healthyInRow(),
        untilNextCheckpoint(assessment, catalog), assessment.eta()));
    if (record.standby != null && next.compareTo(policy.cadence().early().get(0)) > 0) {
      // Racing a preempted spare: each minute the first instance to run goes unnoticed costs
      // the run's GPUs; asking the provider costs no token.
      next = policy.cadence().early().get(0);
    }
    record.nextCheckAt = now.plus(next);
    StatusLine status = statusLines.of(assessment, now, next, action, instanceState);
    record.remember(journal.scrub(status.render()));
    journal.observed(record, status);
    store.save(record);
    journal.statusChanged(spec, record);
    return new CheckOutcome(status, assessment, next, record.finished()
        || stopWhenParked && "parked".equals(record.phase));
  }

  /** What became of one proposal: "name:verdict", carried out, allowed, and whether it asked the DRI. */
  private record Step(String action, boolean done, boolean allowed, boolean askedDri) {}

  /** One proposal through the guard, then carried out when allowed. */
  private Step carryOut(Proposal proposal, CheckpointCatalog catalog, Assessment assessment)
      throws IOException {
    Decision decision = guard.decide(proposal.action(), guardState(catalog, assessment.eta()));
    int asked = record.escalations.size();
    boolean done = handle(proposal, decision, assessment);
    return new Step(proposal.action().name() + ":" + decision.verdict(), done,
        decision.allowed(), record.escalations.size() > asked);
  }

  boolean handle(Proposal proposal, Decision decision, Assessment assessment)
      throws IOException {
    Instant now = clock.instant();
    Action action = proposal.action();
    if (decision instanceof Decision.Escalate escalate) {
      if (!Approvals.mayRaiseAgain(record.escalations.get(escalate.approvalId()))) {
        return false; // already waiting on the DRI for exactly this, or denied
      }
      record.escalations.put(escalate.approvalId(), new RunRecord.Escalation(
          escalate.approvalId(), escalate.rule(), escalate.reason(), action.describe(), now,
          "pending"));
      record.phase = "escalated";
      record.outcome = "escalated";
      store.save(record);
      journal.escalated(record, action, escalate, proposal.why());
      return false;
    }
    journal.decision(record, action, decision, proposal.why());
    if (!decision.allowed()) {
      return false;
    }
    if (action.destructive()) {
      record.lastDestructiveAt = now;
    }
    if (action instanceof Action.KillTrainer kill) {
      actuator.killTrainer(record.instance);
      record.killAttempt = assessment.memory().attempt();
      record.killRequestedAt = now;
      record.killSignature = Playbook.signatureOfKill(kill.reason());
      if (kill.reason().startsWith("stall")) {
        record.stallKillsThisAttempt++;
      }
    } else if (action instanceof Action.Relaunch relaunch) {
      // Intent first: charged and recorded before the supervisor is told, so a kill between
      // the two can neither relaunch uncharged nor lose the relaunch (it is sent again).
      record.relaunchAttempt = assessment.memory().attempt();
      record.relaunches.add(new GuardState.RelaunchMark(now, relaunch.signature(),
          assessment.step(), HeroWatch.failedAt(record, assessment)));
      record.relaunchRequest = Actuator.relaunchRequest(relaunch);
      String oomArgs = relaunch.configDelta().get(
          OomLadder.ARGS);
      if (oomArgs != null) {
        record.oomArgs = oomArgs; // the ladder's new rung holds for every later attempt
      }
      record.nanOnsetStep = null; // a new lineage from before the onset: its own NaN, if any
      record.phase = "running";
      store.save(record);
      String before = record.instance.id();
      record.instance = actuator.relaunch(record.instance, record.relaunchRequest);
      record.relaunchSentAt = now;
      journal.relaunched(record, relaunch);
      if (!before.equals(record.instance.id())) {
        journal.note(record, "resubmitted", before + " was lost; the run continues as "
            + record.instance.id() + " (" + record.instance.hardware() + ")");
      }
    } else if (action instanceof Action.Seal seal) {
      // Verified now; written after the teardown that follows, because the seal is the
      // logbook's last word and must say what happened to the instance.
      record.sealed = true;
      record.sealPending = true;
      record.phase = "done";
      record.outcome = "done";
      pendingSeal = seal;
    } else if (action instanceof Action.Park park) {
      double before = record.dollarsPerHour();
      record.parkedDollarsPerHour = provider.parkedDollarsPerHour(record.instance);
      record.parkedAt = now; // saved before the provider acts: a kill in between parks again
      record.parkedFor = record.escalations.values().stream()
          .filter(e -> "pending".equals(e.status()) || "denied".equals(e.status()))
          .map(RunRecord.Escalation::id).toList();
      // teardown.on_park: destroy releases the disk too, when nothing is lost with it (the
      // newest checkpoint durable, a launcher to resume on a new instance, no NaN lineage
      // whose source would have to be picked on the old disk).
      record.parkedDestroyed = "destroy".equals(spec.teardown().onPark()) && moves.canLaunch()
          && record.nanOnsetStep == null && moves.newestCheckpointDurable();
      if (record.parkedDestroyed) {
        record.parkedDollarsPerHour = 0;
      }
      record.parkedResumeFrom = lastCatalog == null ? null : Playbook.recoverySource(lastCatalog,
          record).map(Checkpoint::path).orElse(null);
      record.phase = "parked";
      store.save(record);
      moves.destroyStandby("the run parks");
      String problem = null;
      if (record.parkedDestroyed) {
        actuator.destroy(record.instance);
      } else {
        Actuator.Park parked = actuator.park(record.instance);
        problem = parked.problem();
        record.parkUnreleased = parked.unreleased();
        store.save(record);
      }
      journal.parked(record, park, assessment.step(), before, problem);
    } else if (action instanceof Action.DeleteCheckpoint delete && hero != null
        && lastCatalog != null && record.instance != null && assessment != null
        && assessment.probe() != null) {
      // Approved by the DRI (the guard's delete rule); the retention plan still has a veto.
      String done;
      try (RemoteShell shell = provider.shell(record.instance)) {
        done = hero.delete(shell, delete.path(), lastCatalog, record, assessment.probe());
      }
      journal.note(record, "checkpoint deletion", done);
    } else if (action instanceof Action.SwitchInstance) {
      moves.switchHost(proposal, assessment, now);
    } else if (action instanceof Action.DestroyInstance destroy) {
      moves.destroyStandby("the run is torn down");
      actuator.destroy(record.instance);
      record.phase = "torn_down";
      record.endedAt = now;
      if (record.outcome == null) {
        record.outcome = "failed";
      }
      journal.tornDown(record, destroy);
    }
    if (decision instanceof Decision.Allow allow && !allow.approvalsUsed().isEmpty()) {
      for (Approvals.Note note : approvals.consume(record, allow.approvalsUsed(),
          action.describe())) {
        journal.approvalNote(record, note);
      }
    }
    store.save(record);
    return true;
  }

  /**
   * A check of a parked run: nothing runs, so nothing is probed. Only the DRI's answer matters:
   * an approval starts the instance again (the next check then carries out the approved
   * action), a denial tears down per {@code teardown.on_failed} or leaves it parked for good.
   */
  private CheckOutcome checkParked(Instant now) throws IOException {
    record.checks++;
    journal.ensureIssue(spec, record);
    if (record.parkUnreleased != null && record.endedAt == null) {
      releaseAgain();
    }
    collectApprovals(now);
    String action = "none";
    List<String> approvedNow = answeredForThisPark("approved");
    boolean approved = !approvedNow.isEmpty();
    boolean denied = !answeredForThisPark("denied").isEmpty();
    if (approved) {
      action = unpark(now, approvedNow);
    } else if (denied && record.endedAt == null) {
      if ("destroy".equals(spec.teardown().onFailed())) {
        Action.DestroyInstance destroy = new Action.DestroyInstance(record.instance.id(),
            "the DRI denied the escalation; teardown.on_failed: destroy");
        Decision decision = guard.decide(destroy, guardState(lastCatalog == null
            ? CheckpointCatalog.of(spec.checkpointLayout(), List.of()) : lastCatalog));
        action = destroy.name() + ":" + decision.verdict();
        if (handle(new Proposal(destroy, "a denied run must not keep its disk billed"), decision,
            lastAssessment)) {
          record.endPark(now);
        }
      } else {
        record.endedAt = now;
        journal.note(record, "stays parked", "the DRI denied the escalation and "
            + "teardown.on_failed is keep: the instance stays parked (disk kept, "
            + String.format(Locale.ROOT, "$%.2f/h", record.parkedDollarsPerHour)
            + "); nothing more happens without a person");
      }
    }
    return quietCheck(now, action, "parked".equals(record.phase) ? "stopped" : null);
  }

  /** The park's stop or cancel failed: asked again, and said once it has gone through. */
  private void releaseAgain() throws IOException {
    String before = record.parkUnreleased;
    record.parkUnreleased = actuator.release(record.instance);
    store.save(record);
    if (record.parkUnreleased == null) {
      journal.note(record, "GPUs released", "the parked instance is stopped now (the park's "
          + "first attempt failed: " + before + ")");
    }
  }

  /**
   * A check that probed nothing (no trainer to probe): next at alert cadence, or at the
   * shortest interval while a started instance waits for its trainer. The GPUs bill from the
   * start on and asking the provider costs no token, so the approved relaunch must not wait out
   * an alert interval (bench sim: 3 minutes of idle GPUs at every resume).
   */
  private CheckOutcome quietCheck(Instant now, String action, String instanceWord)
      throws IOException {
    Duration next = record.unparkRequestedAt != null ? policy.cadence().minInterval()
        : policy.cadence().alert();
    record.nextCheckAt = now.plus(next);
    record.lastAction = action;
    StatusLine status = statusLines.quiet(now, next, action, instanceWord);
    record.remember(journal.scrub(status.render()));
    store.save(record);
    journal.statusChanged(spec, record);
    return new CheckOutcome(status, lastAssessment, next, record.finished()
        || stopWhenParked && "parked".equals(record.phase));
  }

  /**
   * After an approved unpark. Vast starts a stopped instance only when its GPUs are free and
   * otherwise leaves it "scheduling", possibly for ever (vast-api.md, failure mode 8): within
   * {@code pending_after} the run waits (only the disk bills); past it, with the newest
   * checkpoint durable, the run moves to a new offer; without, the wait is said once and the
   * ordinary checks (a pending instance) take over. Null: go on with an ordinary check.
   */
  private CheckOutcome awaitUnpark(Instant now) throws IOException {
    InstanceState state = instanceState();
    if (state == InstanceState.RUNNING) {
      record.unparkRequestedAt = null;
      store.save(record);
      return null;
    }
    Duration waited = Duration.between(record.unparkRequestedAt, now);
    if (waited.compareTo(policy.alerts().pendingAfter()) <= 0) {
      return quietCheck(now, "unpark:waiting", state == null ? null
          : state.name().toLowerCase(Locale.ROOT));
    }
    String why = "instance " + record.instance.id() + " was asked to start "
        + Durations.format(waited) + " ago and is still "
        + (state == null ? "unknown" : state.name().toLowerCase(Locale.ROOT))
        + " (longer than pending_after: its GPUs were rented meanwhile)";
    if (moves.movable()) {
      List<String> approved = answeredForThisPark("approved");
      moves.moveParked(now, false, why, approved, "resume on a new instance");
      return null;
    }
    record.unparkRequestedAt = null;
    store.save(record);
    journal.note(record, "still not started", why + "; the newest checkpoint is only on its "
        + "disk" + (record.nanOnsetStep != null ? " and the recovery source must be picked "
        + "before the NaN onset" : "") + ", so the run waits for it (only the disk bills)");
    return null;
  }

  /**
   * Escalations with this status that answer the current park: those it waits for, or approved
   * while parked. An approval or denial of an earlier decision (unused, not yet expired) must not
   * start or end a park it was never about.
   */
  private List<String> answeredForThisPark(String status) {
    List<String> ids = new ArrayList<>();
    for (RunRecord.Escalation e : record.escalations.values()) {
      if (!status.equals(e.status())) {
        continue;
      }
      RunRecord.Approval a = record.approvals.get(e.id());
      boolean whileParked = a != null && a.at() != null && record.parkedAt != null
          && !a.at().isBefore(record.parkedAt);
      if (record.parkedFor == null || record.parkedFor.contains(e.id()) || whileParked) {
        ids.add(e.id());
      }
    }
    return ids;
  }

  private boolean stopWhenParked;

  /** Launches the run on a new instance (the launcher's own request); null: not possible. */
  public interface FreshLaunch {
    /**
     * @param avoidHosts hosts the run was moved off (slow or lost), never to be rented again
     * @param resumeFrom the checkpoint the first attempt resumes from; null: the newest
     */
    Instance launch(Set<String> avoidHosts, String resumeFrom) throws IOException;
  }

  /** How to start the run anew when a parked instance cannot be started again. */
  public void launchAnewWith(FreshLaunch launch) {
    moves.launchWith(launch);
  }

  /** For the demo and tests: a parked run ends the watch (a babysitter keeps waiting). */
  public void stopWhenParked() {
    this.stopWhenParked = true;
  }

  /** Starts the parked instance again; the approved action follows at the next check. */
  private String unpark(Instant now, List<String> approvedIds) throws IOException {
    boolean started = !record.parkedDestroyed && provider.unpark(record.instance);
    if (!started && moves.movable()) {
      // Its GPUs were rented meanwhile: the checkpoint is durable, so the run moves to a new
      // instance.
      boolean wasDestroyed = record.parkedDestroyed;
      moves.moveParked(now, wasDestroyed, wasDestroyed ? "it was destroyed at the park "
          + "(teardown.on_park: destroy)" : "the parked instance " + record.instance.id()
          + " could not be started again (its GPUs were taken)", approvedIds,
          "resume on a new instance");
      return "unpark:new_instance";
    }
    if (!started) {
      journal.note(record, "cannot resume", "the parked instance " + record.instance.id()
          + " cannot be started again (the provider no longer has it): launch the run again "
          + "with `babysitter launch`, which resumes from the newest complete checkpoint");
      return "unpark:refused";
    }
    provider.find(spec.name()).ifPresent(i -> record.instance = i);
    record.endPark(now);
    record.unparkRequestedAt = now;
    record.instanceStartedAt = now;
    record.phase = "escalated";
    record.idleSince = null;
    store.save(record);
    journal.note(record, "resumed", "the DRI approved: instance " + record.instance.id()
        + " started again; the approved action follows at the next check");
    return "unpark:allow";
  }

  /** The run's own cap reached while its trainer runs (and not already stopped for it). */
  private boolean spendCapReached(Assessment assessment, Probe probe, Instant now) {
    Double cap = spec.limits().maxCostUsd();
    return cap != null && record.cost(now) >= cap && probe.supervisor() != null
        && "running".equals(probe.supervisor().state())
        && record.killAttempt != assessment.memory().attempt();
  }

  /**
   * The supervisor stopped on its own (the dead-man switch while no babysitter checked, a
   * signal, control/stop): the run did not fail, it was left. Never an ending without a word:
   * a recorded escalation proposes the way forward from a valid recovery source.
   */
  private void stoppedWithoutUs(Assessment assessment, CheckpointCatalog catalog, Instant now)
      throws IOException {
    String reason = assessment.probe().supervisor() == null ? "supervisor stopped"
        : assessment.probe().supervisor().reason();
    String from = Playbook.recoverySource(catalog, record).map(Checkpoint::path)
        .orElse("scratch (no complete checkpoint)");
    String launch = "babysitter launch " + (record.specPath == null ? spec.name() + ".yaml"
        : record.specPath);
    Action.LaunchInstance action = new Action.LaunchInstance(spec.name(), record.dollarsPerHour());
    String id = PolicyGuard.approvalId(spec.name(), record.memory.attempt(), action.describe(),
        "run-stopped");
    if (record.escalations.containsKey(id)) {
      return;
    }
    String rule = reason != null && reason.startsWith("dead-man") ? "dead-man" : "run-stopped";
    record.escalations.put(id, new RunRecord.Escalation(id, rule, reason, action.describe()
        + " (resume from " + from + ")", now, "pending"));
    record.outcome = record.outcome == null ? "stopped" : record.outcome;
    store.save(record);
    journal.stopped(record, reason, assessment.step(), from, launch, id);
  }

  /** How long a sent relaunch may go unanswered before it is sent again. */
  static final Duration RELAUNCH_RESEND_AFTER = Duration.ofSeconds(30);

  /**
   * A relaunch recorded but not (or not yet) taken by the supervisor: the attempt it answers is
   * still waiting for a decision. Sent again, never charged again.
   */
  private void resendLostRelaunch(Assessment assessment, Probe probe, Instant now)
      throws IOException {
    if (record.relaunchRequest == null || probe.supervisor() == null
        || !probe.supervisor().awaitingDecision()
        || record.relaunchAttempt != assessment.memory().attempt()) {
      return;
    }
    if (record.relaunchSentAt != null
        && Duration.between(record.relaunchSentAt, now).compareTo(RELAUNCH_RESEND_AFTER) < 0) {
      return;
    }
    record.instance = actuator.relaunch(record.instance, record.relaunchRequest);
    record.relaunchSentAt = now;
    store.save(record);
    journal.note(record, "relaunch re-sent", "the relaunch of attempt "
        + record.relaunchAttempt + " was recorded but the supervisor has not taken it (the "
        + "babysitter stopped in between): sent again, not charged again");
  }

  /** The DRI's answers since the last check: CLI approvals, and issue comments while waiting. */
  private void collectApprovals(Instant now) throws IOException {
    boolean waiting = record.escalations.values().stream()
        .anyMatch(e -> "pending".equals(e.status()) || "approved".equals(e.status()));
    for (Approvals.Note note : approvals.collect(record, waiting
        ? journal.issueComments(record) : List.of(), now)) {
      journal.approvalNote(record, note);
    }
  }

  GuardState guardState(CheckpointCatalog catalog) throws IOException {
    return guardState(catalog, lastAssessment == null ? null : lastAssessment.eta());
  }

  private GuardState guardState(CheckpointCatalog catalog, Duration eta) throws IOException {
    return new GuardState(spec.name(), record.memory.attempt(), record.relaunches,
        record.stallKillsThisAttempt, record.lastDestructiveAt, catalog,
        record.rejectedCheckpoints, record.dollarsPerHour(), record.cost(clock.instant()),
        record.approvedIds, eta, record.instance != null
            && (provider.checkpointsDurable(record.instance) || lastAssessment != null
            && lastAssessment.probe().newestCompleteSynced(catalog, record.rejectedCheckpoints)))
        .withHold(mailbox().hold()).withRunCap(spec.limits().maxCostUsd())
        .withFailedAt(lastAssessment == null ? null : lastAssessment.step(),
            HeroWatch.failedAt(record, lastAssessment));
  }

  /** The person's hold and the agents' notes: read at every decision, so a hold takes effect at once. */
  Mailbox mailbox() {
    return Mailbox.of(store, spec.name(), journal::scrub);
  }

  /** The hero-run protocol's checks (W&B, retention, stuck checkpoints, instability); none by default. */
  public void heroWatch(HeroWatch hero) {
    this.hero = hero;
  }

  /** Who to wake for an alert the playbook cannot settle; {@link AlertEscalator#NONE} by default. */
  public void escalateTo(AlertEscalator escalator) {
    this.escalator = escalator;
  }

  Assessment lastAssessment() {
    return lastAssessment;
  }

  CheckpointCatalog lastCatalog() {
    return lastCatalog;
  }

  RunJournal journal() {
    return journal;
  }

  RunStore store() {
    return store;
  }

  InstanceProvider provider() {
    return provider;
  }

  /**
   * When the next checkpoint should land, from the spacing of the last two complete ones and
   * the observed rate: the watcher looks just after it instead of polling densely.
   */
  static Duration untilNextCheckpoint(Assessment a, CheckpointCatalog catalog) {
    Double rate = a.stepsPerSecond();
    Long step = a.step();
    if (rate == null || rate <= 0 || step == null) {
      return null;
    }
    OptionalLong next = catalog.nextSaveAfter(step);
    return next.isEmpty() ? null
        : Duration.ofMillis((long) ((next.getAsLong() - step) / rate * 1000));
  }

  /** The provider's view of the instance, or null when it cannot say: never fails a check. */
  private InstanceState instanceState() {
    try {
      return provider.state(record.instance);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Commits {@code STATUS.md} with the run's logbook journal. */
  public void commitStatus(java.nio.file.Path statusFile, String message) {
    journal.commitStatus(statusFile, message);
  }

  public RunRecord record() {
    return record;
  }

  public RunSpec spec() {
    return spec;
  }
}
