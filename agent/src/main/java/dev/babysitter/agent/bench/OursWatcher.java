package dev.babysitter.agent.bench;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.playbook.Playbook;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Cadence;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.agent.watch.StatusLine;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.probe.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Our strategy for one simulated run: the per-check path of
 * {@link dev.babysitter.agent.session.RunController#check()} (probe → assess → playbook → guard
 * → act → record → cadence) with the product's own Cadence, HealthAssessor, Playbook and
 * PolicyGuard, acting on a {@link SimInstance} instead of a provider. The LLM agent is counted,
 * not called: it is woken only for an alert the playbook leaves unsettled, and it asks the
 * guard for an instance switch when the host is slow or gone (which the guard escalates).
 */
public final class OursWatcher {
  private final RunSpec spec;
  private final SimInstance instance;
  private final HealthAssessor assessor;
  private final Playbook playbook;
  private final PolicyGuard guard;
  private final Cadence cadence;
  private final Policy policy;
  private final VirtualClock clock;
  private final TokenEstimate tokensPerWakeup;
  private final double dollarsPerHour;
  private final RunRecord record = new RunRecord();
  private Instant nextCheckAt;
  private Instant humanAt;
  private int humanIdx;
  private Instant staleSince;
  private boolean staleWoken;
  private boolean prevFalse;
  int checks;
  int falseAlerts;
  int escalations;
  int wakeups;
  long tokens;
  long healthyTokens;

  public OursWatcher(RunSpec spec, SimInstance instance, HealthAssessor assessor,
      Playbook playbook, PolicyGuard guard, VirtualClock clock, TokenEstimate tokens,
      double dollarsPerHour) {
    this.spec = spec;
    this.instance = instance;
    this.assessor = assessor;
    this.playbook = playbook;
    this.guard = guard;
    this.policy = guard.policy();
    this.cadence = new Cadence(policy.cadence());
    this.clock = clock;
    this.tokensPerWakeup = tokens;
    this.dollarsPerHour = dollarsPerHour;
    record.runName = spec.name();
    record.phase = "running";
    record.launchedAt = clock.instant();
    nextCheckAt = clock.instant().plus(policy.cadence().minInterval());
  }

  public Instant nextCheckAt() {
    return nextCheckAt;
  }

  /** When the paged DRI acts, or null when nobody is waiting on them. */
  public Instant humanAt() {
    return humanAt;
  }

  /** The DRI answers the page: does the obvious recovery by hand, outside the guard. */
  public void humanActs() {
    humanAt = null;
    instance.obviousRecovery();
    record.escalations.replaceAll((id, e) -> new RunRecord.Escalation(e.id(), e.rule(),
        e.reason(), e.action(), e.at(), "resolved"));
    record.phase = "running";
    record.outcome = null;
    nextCheckAt = min(nextCheckAt, clock.instant().plus(policy.cadence().minInterval()));
  }

  public boolean finished() {
    return instance.destroyed();
  }

  /** One check at the clock's time; returns the time of the next one. */
  public Instant check() {
    Instant now = clock.instant();
    checks++;
    Probe probe = instance.probe(record.eventsOffset);
    record.eventsOffset = probe.eventsOffset();
    Assessment a = assessor.assess(probe, record.memory, spec.finalStep(), record.launchedAt);
    record.observe(a.memory(), probe.supervisor() != null
        && probe.supervisor().awaitingDecision(), now);
    CheckpointCatalog catalog = CheckpointCatalog.of(spec.checkpointLayout(), probe.checkpoints());
    boolean alerting = a.health() == Health.ALERT || a.health() == Health.MONITOR_STALE
        || a.health() == Health.STOPPED;
    instance.noteCheck(alerting);
    countFalseAlert(a);
    List<Alert> fresh = newAlerts(a);

    boolean settled = false;
    for (Proposal proposal : playbook.respond(a, record, spec, catalog, now)) {
      Decision decision = guard.decide(proposal.action(), guardState(catalog));
      settled |= decision.allowed() || decision instanceof Decision.Escalate;
      if (!handle(proposal.action(), decision, a)) {
        break;
      }
    }
    wakeAgentIfUnsettled(a, probe, fresh, settled, catalog, now);
    if (a.health() == Health.HEALTHY && record.phase.equals("alert")) {
      record.phase = "running";
    }
    Duration next = cadence.next(new Cadence.Input(a.health(), a.memory().checks(),
        a.memory().healthyInRow(), null, a.eta()));
    nextCheckAt = now.plus(next);
    record.remember(status(a, now, next).render());
    return nextCheckAt;
  }

  private void wakeAgentIfUnsettled(Assessment a, Probe probe, List<Alert> fresh,
      boolean settled, CheckpointCatalog catalog, Instant now) {
    boolean wake = !settled && fresh.stream().anyMatch(x -> x.kind() != AlertKind.MONITOR_STALE);
    if (a.health() == Health.MONITOR_STALE) {
      staleSince = staleSince == null ? now : staleSince;
      // A probe failing this long is reported loudly: the agent looks at the host.
      if (!staleWoken && Duration.between(staleSince, now)
          .compareTo(policy.alerts().monitorStaleAfter()) >= 0) {
        staleWoken = true;
        wake = true;
      }
    } else {
      staleSince = null;
      staleWoken = false;
    }
    if (!wake) {
      return;
    }
    wakeups++;
    long t = tokensPerWakeup.tokens(probe, record.history);
    tokens += t;
    if (!instance.faultActive()) {
      healthyTokens += t;
    }
    if (instance.needsHostMove()) {
      Action ask = new Action.SwitchInstance("host slow or unreachable");
      handle(ask, guard.decide(ask, guardState(catalog)), a);
    }
  }

  private boolean handle(Action action, Decision decision, Assessment a) {
    Instant now = clock.instant();
    if (decision instanceof Decision.Escalate escalate) {
      if (record.escalations.containsKey(escalate.approvalId())) {
        return false;
      }
      record.escalations.put(escalate.approvalId(), new RunRecord.Escalation(
          escalate.approvalId(), escalate.rule(), escalate.reason(), action.describe(), now,
          "pending"));
      record.phase = "escalated";
      escalations++;
      if (humanAt == null) {
        humanAt = now.plus(RunPlan.nth(instance.plan().humanDelays(), humanIdx++));
      }
      return false;
    }
    if (!decision.allowed()) {
      return false;
    }
    if (action.destructive()) {
      record.lastDestructiveAt = now;
    }
    if (action instanceof Action.KillTrainer kill) {
      instance.kill();
      record.killAttempt = a.memory().attempt();
      record.killRequestedAt = now;
      record.killSignature = Playbook.signatureOfKill(kill.reason());
      if (kill.reason().startsWith("stall")) {
        record.stallKillsThisAttempt++;
      }
    } else if (action instanceof Action.Relaunch relaunch) {
      long from = relaunch.fromCheckpoint() == null ? 0
          : CheckpointCatalog.stepOf(spec.checkpoints().pattern(), relaunch.fromCheckpoint())
              .orElse(0);
      instance.relaunch(from, false, false);
      record.relaunchAttempt = a.memory().attempt();
      record.relaunches.add(new GuardState.RelaunchMark(now, relaunch.signature()));
      record.phase = "running";
    } else if (action instanceof Action.Seal) {
      record.sealed = true;
      record.phase = "done";
      record.outcome = "done";
    } else if (action instanceof Action.DestroyInstance) {
      instance.destroy();
      record.phase = "torn_down";
      record.endedAt = now;
    }
    return true;
  }

  /** The alerts not open at the previous check, as RunController records them. */
  private List<Alert> newAlerts(Assessment a) {
    List<String> current = new ArrayList<>();
    List<Alert> fresh = new ArrayList<>();
    for (Alert alert : a.alerts()) {
      String key = alert.kind().label() + "#" + a.memory().attempt();
      current.add(key);
      if (record.openAlerts.add(key)) {
        fresh.add(alert);
        if (alert.kind() != AlertKind.MONITOR_STALE && !record.phase.equals("escalated")) {
          record.phase = "alert";
        }
      }
    }
    record.openAlerts.retainAll(current);
    return fresh;
  }

  private void countFalseAlert(Assessment a) {
    boolean falseAlert = a.health() == Health.ALERT && !instance.faultActive();
    if (falseAlert && !prevFalse) {
      falseAlerts++;
      if (System.getenv("BENCH_DEBUG") != null) {
        System.err.println("false alert run " + instance.plan().id() + " at " + clock.instant()
            + ": " + a.alerts().stream().map(Alert::summary).toList());
      }
    }
    prevFalse = falseAlert;
  }

  private GuardState guardState(CheckpointCatalog catalog) {
    return new GuardState(spec.name(), record.memory.attempt(), record.relaunches,
        record.stallKillsThisAttempt, record.lastDestructiveAt, catalog,
        record.rejectedCheckpoints, dollarsPerHour, cost(), record.approvedIds, null,
        true); // simulated checkpoints are durable: relaunches resume from them after a loss
  }

  private double cost() {
    return dollarsPerHour * instance.heldS() / 3600.0;
  }

  private StatusLine status(Assessment a, Instant now, Duration next) {
    Probe p = a.probe();
    String state = a.health() == Health.MONITOR_STALE ? "monitor-stale"
        : p.supervisor() == null ? a.health().label() : p.supervisor().state();
    return new StatusLine(now, spec.name(), state, a.memory().attempt(), a.step(),
        spec.finalStep(), a.stepsPerSecond(), p.gpus().isEmpty() ? null : p.meanGpuUtil(),
        p.gpus().isEmpty() ? null : (int) Math.round(p.maxGpuMemFraction() * 100),
        a.progress() == null ? null : a.progress().loss(),
        a.progress() == null ? null : a.progress().evalLoss(), cost(),
        a.eta() == null ? null : a.eta().toSeconds(), next.toSeconds(), record.lastAction,
        a.alerts().stream().map(x -> x.kind().label()).toList());
  }

  private static Instant min(Instant x, Instant y) {
    return x.isBefore(y) ? x : y;
  }
}
