package dev.babysitter.agent.bench;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.playbook.Playbook;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.InvalidSpecException;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs one {@link RunPlan} under one {@link Strategy} on its own virtual clock. */
public final class SimRunner {
  static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
  /** The event stream (tail -F over SSH) delivers a line within about this long. */
  static final Duration STREAM_LATENCY = Duration.ofSeconds(2);

  private final Policy policy;
  private final TokenEstimate tokens;
  private final double dollarsPerGpuHour;

  public SimRunner(Policy policy, TokenEstimate tokens, double dollarsPerGpuHour) {
    this.policy = policy;
    this.tokens = tokens;
    this.dollarsPerGpuHour = dollarsPerGpuHour;
  }

  public RunOutcome run(RunPlan plan, Strategy strategy) {
    return strategy == Strategy.OURS ? ours(plan) : polling(plan, strategy);
  }

  /** A run spec as `babysitter launch` would read it, for the playbook and the guard. */
  static RunSpec spec(RunPlan plan) {
    String yaml = """
        name: bench-%d
        dri: octocat
        goal: "simulated run"
        command: "python3 train.py --out {output_root}"
        source: {git_sha: auto, allow_dirty: true}
        output_root: %s
        final_step: %d
        min_steps: %d
        checkpoints: {dir: "{output_root}/checkpoints", pattern: "step-{n}", complete_marker: metadata.json, temporary_every: 30m}
        initialize_from: null
        log: "{output_root}/train.log"
        wandb: {project: null, id: null, resume: allow}
        provider: {kind: local}
        limits: {auto_destroy_after: 7d, max_cost_usd: 100000, lease_timeout: 30m}
        teardown: {on_done: destroy, on_failed: keep}
        issue: {repo: null, number: null}
        logbook: {repo: ., path: logbooks/bench.md}
        policy: policies/default.yaml
        """.formatted(plan.id(), SimInstance.OUT, plan.finalStep(), plan.finalStep() / 2);
    try {
      return new RunSpecLoader().parse(yaml, "bench");
    } catch (InvalidSpecException e) {
      throw new IllegalStateException("bench spec is invalid: " + e.getMessage(), e);
    }
  }

  HealthAssessor assessor() {
    return new HealthAssessor(policy.alerts(), new ProgressParser(), new FailureClassifier());
  }

  private Instant horizon(RunPlan plan) {
    return EPOCH.plus(plan.nominal().multipliedBy(3)).plus(Duration.ofDays(10));
  }

  OursWatcher oursWatcher(RunPlan plan, SimInstance instance, VirtualClock clock) {
    return new OursWatcher(spec(plan), instance, assessor(), new Playbook(policy),
        new PolicyGuard(policy, clock), clock, tokens, plan.gpus() * dollarsPerGpuHour);
  }

  private RunOutcome ours(RunPlan plan) {
    VirtualClock clock = new VirtualClock(EPOCH);
    SimInstance instance = new SimInstance(plan, EPOCH);
    OursWatcher watcher = oursWatcher(plan, instance, clock);
    Instant horizon = horizon(plan);
    while (!watcher.finished() && clock.instant().isBefore(horizon)) {
      Instant wake = watcher.nextCheckAt();
      Instant human = watcher.humanAt();
      boolean humanFirst = human != null && human.isBefore(wake);
      Instant target = humanFirst ? human : wake;
      Instant reached = instance.advanceTo(target, true);
      if (reached.isBefore(target)) {
        // A line on events.jsonl (exit, done, stale): the stream wakes a check at once.
        Instant at = reached.plus(STREAM_LATENCY);
        instance.advanceTo(at, false);
        clock.advanceTo(at);
        watcher.check();
      } else if (humanFirst) {
        clock.advanceTo(target);
        watcher.humanActs();
      } else {
        clock.advanceTo(target);
        watcher.check();
      }
    }
    return outcome(Strategy.OURS, plan, instance, watcher.checks, watcher.tokens,
        watcher.healthyTokens, watcher.falseAlerts, watcher.escalations, watcher.wakeups);
  }

  /**
   * A fixed poller: the same HealthAssessor rules at its poll times, and the obvious recovery
   * (relaunch from the newest clean checkpoint; a new host when it is slow or gone) on an
   * alert that calls for one. The poller is the person or agent, so nothing is escalated.
   */
  private RunOutcome polling(RunPlan plan, Strategy strategy) {
    SimInstance instance = new SimInstance(plan, EPOCH);
    HealthAssessor assessor = assessor();
    WatchMemory memory = WatchMemory.fresh(1);
    long offset = 0;
    int checks = 0;
    int falseAlerts = 0;
    boolean prevFalse = false;
    long used = 0;
    long healthyUsed = 0;
    Instant staleSince = null;
    Instant t = EPOCH;
    Instant horizon = horizon(plan);
    while (!instance.destroyed() && t.isBefore(horizon)) {
      t = t.plus(strategy.interval());
      instance.advanceTo(t, false);
      Probe probe = instance.probe(offset);
      offset = probe.eventsOffset();
      Assessment a = assessor.assess(probe, memory, plan.finalStep(), EPOCH);
      memory = a.memory();
      checks++;
      boolean alerting = a.health() == Health.ALERT || a.health() == Health.MONITOR_STALE
          || a.health() == Health.STOPPED;
      instance.noteCheck(alerting);
      boolean falseAlert = a.health() == Health.ALERT && !instance.faultActive();
      falseAlerts += falseAlert && !prevFalse ? 1 : 0;
      prevFalse = falseAlert;
      if (strategy == Strategy.LLM_5) {
        long n = tokens.tokens(probe, List.of());
        used += n;
        healthyUsed += instance.faultActive() ? 0 : n;
      }
      staleSince = a.health() == Health.MONITOR_STALE ? (staleSince == null ? t : staleSince)
          : null;
      if (a.health() == Health.DONE) {
        instance.destroy();
      } else if (actionable(a) || staleFor(staleSince, t, strategy)) {
        instance.obviousRecovery();
      }
    }
    return outcome(strategy, plan, instance, checks, used, healthyUsed, falseAlerts, 0,
        strategy == Strategy.LLM_5 ? checks : 0);
  }

  private boolean staleFor(Instant since, Instant now, Strategy strategy) {
    if (since == null) {
      return false;
    }
    Duration limit = policy.alerts().monitorStaleAfter();
    return strategy.interval().compareTo(limit) >= 0
        || Duration.between(since, now).compareTo(limit) >= 0;
  }

  private static boolean actionable(Assessment a) {
    return a.has(AlertKind.CRASH) || a.has(AlertKind.EARLY_EXIT) || a.has(AlertKind.STALL)
        || a.has(AlertKind.SLOW) || a.has(AlertKind.LOST) || a.alerts().stream().anyMatch(
            x -> x.kind() == AlertKind.DIVERGENCE && "nan_loss".equals(x.signature()));
  }

  private RunOutcome outcome(Strategy strategy, RunPlan plan, SimInstance inst, int checks,
      long used, long healthyUsed, int falseAlerts, int escalations, int wakeups) {
    double g = plan.gpus() / 3600.0;
    double waste = inst.idleFaultS() + inst.lostS() + inst.degradedS() + inst.idleDoneS();
    double runHours = inst.heldS() / 3600.0;
    double faultS = 0;
    List<RunOutcome.Detection> detections = new ArrayList<>();
    for (SimInstance.Episode e : inst.episodes()) {
      detections.add(new RunOutcome.Detection(e.kind, e.detectedAt == null ? -1
          : Duration.between(e.onset, e.detectedAt).toSeconds()));
      Instant end = e.recoveredAt != null ? e.recoveredAt : inst.now();
      faultS += Duration.between(e.onset, end).toSeconds();
    }
    double healthyHours = Math.max(0, runHours - faultS / 3600.0);
    return new RunOutcome(strategy, plan.id(), inst.heldS() * g, waste * g,
        inst.idleFaultS() * g, inst.lostS() * g, inst.degradedS() * g, inst.idleDoneS() * g,
        inst.lowerBoundS() * g, runHours, checks, used, healthyUsed, healthyHours, falseAlerts,
        escalations, wakeups, inst.done() || inst.destroyed() && inst.doneAt() != null,
        inst.done() && !inst.destroyed(), detections);
  }
}
