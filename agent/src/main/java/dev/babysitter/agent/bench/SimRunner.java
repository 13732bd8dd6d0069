package dev.babysitter.agent.bench;

import dev.babysitter.agent.bench.poll.DstackPoller;
import dev.babysitter.agent.bench.poll.FixedPoller;
import dev.babysitter.agent.bench.poll.Observation;
import dev.babysitter.agent.bench.poll.Poller;
import dev.babysitter.agent.bench.poll.Reaction;
import dev.babysitter.agent.bench.poll.SkyPilotPoller;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.InvalidSpecException;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.Probe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs one {@link RunPlan} under one {@link Strategy} on its own virtual clock. */
public final class SimRunner {
  static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
  /** The event stream (tail -F over SSH) delivers a line within about this long. */
  static final Duration STREAM_LATENCY = Duration.ofSeconds(2);
  /** A host that vanished: three unanswered 15 s keepalives close the stream's session. */
  static final Duration STREAM_DROP_LATENCY = Duration.ofSeconds(45);
  /** The person who owns a run watched by a scheduler alone still looks now and then. */
  static final Duration PERSON_LOOKS_EVERY = Duration.ofHours(8);

  private final Policy policy;
  private final TokenEstimate tokens;
  private final double dollarsPerGpuHour;
  private final Path workDir;

  /** {@code workDir}: where ours' run stores and logbooks go (a temp directory). */
  public SimRunner(Policy policy, TokenEstimate tokens, double dollarsPerGpuHour, Path workDir) {
    this.policy = policy;
    this.tokens = tokens;
    this.dollarsPerGpuHour = dollarsPerGpuHour;
    this.workDir = workDir;
  }

  public RunOutcome run(RunPlan plan, Strategy strategy) {
    return strategy == Strategy.OURS ? ours(plan) : polling(plan, strategy);
  }

  static String runName(RunPlan plan) {
    return "bench-" + plan.id();
  }

  /** A run spec as `babysitter launch` would read it, for the playbook and the guard. */
  static RunSpec spec(RunPlan plan) {
    String yaml = """
        name: %s
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
        """.formatted(runName(plan), SimInstance.OUT, plan.finalStep(), plan.finalStep() / 2);
    try {
      return new RunSpecLoader().parse(yaml, "bench");
    } catch (InvalidSpecException e) {
      throw new IllegalStateException("bench spec is invalid: " + e.getMessage(), e);
    }
  }

  HealthAssessor assessor() {
    return new HealthAssessor(policy.alerts(), new ProgressParser(), new FailureClassifier());
  }

  static Instant horizon(RunPlan plan) {
    return EPOCH.plus(plan.nominal().multipliedBy(3)).plus(Duration.ofDays(10));
  }

  OursRun oursRun(RunPlan plan) {
    return new OursRun(plan, policy, tokens, plan.gpus() * dollarsPerGpuHour,
        workDir.resolve(runName(plan)));
  }

  private RunOutcome ours(RunPlan plan) {
    OursRun run = oursRun(plan);
    run.run(horizon(plan));
    return outcome(Strategy.OURS, plan, run.instance(), run.checks, run.tokens,
        run.healthyTokens, run.falseAlerts, run.pages, run.wakeups());
  }

  /** The looks of one strategy: its own mechanism, and a person's look for the schedulers. */
  private List<Poller> pollers(RunPlan plan, Strategy s) {
    Duration stale = policy.alerts().monitorStaleAfter();
    return switch (s) {
      case SKYPILOT -> List.of(new SkyPilotPoller(), new FixedPoller(PERSON_LOOKS_EVERY, false,
          assessor(), plan.finalStep(), EPOCH, stale));
      case DSTACK -> List.of(new DstackPoller(), new FixedPoller(PERSON_LOOKS_EVERY, false,
          assessor(), plan.finalStep(), EPOCH, stale));
      default -> List.of(new FixedPoller(s.interval(), s == Strategy.LLM_5
          || s == Strategy.MARIN_15, assessor(), plan.finalStep(), EPOCH, stale));
    };
  }

  /**
   * A polling strategy: each of its pollers looks at its own interval and sees an
   * {@link Observation} only. A page waits for the DRI (the run's delay draws, in order, as for
   * ours) while the instance stays as it is; a stop releases the GPUs until the DRI restarts.
   */
  private RunOutcome polling(RunPlan plan, Strategy strategy) {
    SimInstance instance = new SimInstance(plan, EPOCH);
    List<Poller> pollers = pollers(plan, strategy);
    List<Instant> due = new ArrayList<>();
    pollers.forEach(p -> due.add(EPOCH.plus(p.interval())));
    long used = 0;
    long healthyUsed = 0;
    int checks = 0;
    int pages = 0;
    int falseAlerts = 0;
    boolean prevFalse = false;
    int humanIdx = 0;
    Instant humanAt = null;
    Instant horizon = horizon(plan);
    long probeOffset = 0;
    while (!instance.destroyed() && instance.now().isBefore(horizon)) {
      int next = 0;
      for (int i = 1; i < due.size(); i++) {
        next = due.get(i).isBefore(due.get(next)) ? i : next;
      }
      if (humanAt != null && !humanAt.isAfter(due.get(next))) {
        instance.advanceTo(humanAt, false);
        humanAt = null;
        instance.personFixes();
        if (instance.needsRecovery()) {
          instance.obviousRecovery();
        }
        continue;
      }
      Instant t = due.get(next);
      due.set(next, t.plus(pollers.get(next).interval()));
      instance.advanceTo(t, false);
      Poller poller = pollers.get(next);
      Probe probe = null;
      if (poller.readsInstance()) {
        probe = instance.probe(probeOffset);
        probeOffset = probe.eventsOffset();
      }
      Reaction r = poller.look(new Observation(t, instance.jobState(), instance.exitCode(),
          instance.gpuUtilization(), instance.providerState(), probe));
      checks++;
      if (poller.llm()) {
        long n = tokens.tokens(probe, List.of());
        used += n;
        healthyUsed += instance.faultActive() ? 0 : n;
      }
      instance.noteCheck(r.alerting());
      boolean falseAlert = r.alerting() && !instance.faultActive();
      falseAlerts += falseAlert && !prevFalse ? 1 : 0;
      prevFalse = falseAlert;
      if (humanAt != null && r.verdict() != Reaction.Verdict.TEARDOWN) {
        continue; // waiting for the DRI: the instance is held as it is
      }
      long from = r.fromStep() != null ? r.fromStep() : instance.lastComplete(false);
      switch (r.verdict()) {
        case TEARDOWN -> instance.destroy();
        case RELAUNCH -> instance.relaunch(from, false, false);
        case KILL_RELAUNCH -> {
          instance.kill();
          instance.relaunch(from, false, false);
        }
        case MOVE_HOST -> {
          instance.kill();
          instance.relaunch(from, false, true);
        }
        case PAGE, STOP_AND_PAGE -> {
          if (r.verdict() == Reaction.Verdict.STOP_AND_PAGE) {
            instance.park();
          }
          pages++;
          humanAt = t.plus(RunPlan.nth(plan.humanDelays(), humanIdx++));
        }
        default -> { }
      }
    }
    return outcome(strategy, plan, instance, checks, used, healthyUsed, falseAlerts, pages,
        strategy == Strategy.LLM_5 || strategy == Strategy.MARIN_15 ? checks : 0);
  }

  private RunOutcome outcome(Strategy strategy, RunPlan plan, SimInstance inst, int checks,
      long used, long healthyUsed, int falseAlerts, int pages, int wakeups) {
    double g = plan.gpus() / 3600.0;
    double waste = inst.idleFaultS() + inst.lostS() + inst.degradedS() + inst.idleDoneS();
    double runHours = inst.heldS() / 3600.0;
    double faultS = 0;
    double[] floorShares = inst.floorShares();
    double floorS = Arrays.stream(floorShares).sum();
    List<RunOutcome.Detection> detections = new ArrayList<>();
    List<SimInstance.Episode> episodes = inst.episodes();
    for (int k = 0; k < episodes.size(); k++) {
      SimInstance.Episode e = episodes.get(k);
      detections.add(new RunOutcome.Detection(e.kind, e.detectedAt == null ? -1
          : Duration.between(e.onset, e.detectedAt).toSeconds(), e.wasteS * g, floorShares[k] * g));
      Instant end = e.recoveredAt != null ? e.recoveredAt : inst.now();
      faultS += Duration.between(e.onset, end).toSeconds();
    }
    double healthyHours = Math.max(0, runHours - faultS / 3600.0);
    Instant end = inst.doneAt() != null ? inst.doneAt() : inst.now();
    double wallHours = Duration.between(EPOCH, end).toSeconds() / 3600.0;
    double late = inst.doneAt() == null ? Double.NaN
        : wallHours - plan.nominal().toSeconds() / 3600.0;
    return new RunOutcome(strategy, plan.id(), inst.heldS() * g, waste * g,
        inst.idleFaultS() * g, inst.lostS() * g, inst.degradedS() * g, inst.idleDoneS() * g,
        floorS * g, runHours, wallHours, late, checks, used, healthyUsed, healthyHours,
        falseAlerts, pages, wakeups, inst.doneAt() != null, inst.done() && !inst.destroyed(),
        inst.parkedS() / 3600.0 * plan.gpus() * dollarsPerGpuHour * SimProvider.STORAGE_SHARE,
        detections);
  }
}
