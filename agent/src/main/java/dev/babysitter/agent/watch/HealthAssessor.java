package dev.babysitter.agent.watch;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.logs.Classification;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import dev.babysitter.tools.provider.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a probe into a verdict using the alert table of the policy. Deterministic: no LLM, no
 * clock of its own (the probe carries its time). A failed probe is "monitor stale", never "run
 * unhealthy".
 */
public final class HealthAssessor {
  static final String ATTEMPT_MARK = "=== babysitter attempt";
  /** The failure signature of a resume loss mismatch: on the never-relaunch list. */
  public static final String RESUME_MISMATCH = "resume_loss_mismatch";
  /** The signature of a stall: a hung trainer. */
  public static final String HANG = "hang";

  private final Policy.AlertRules rules;
  private final ProgressParser parser;
  private final FailureClassifier classifier;
  private final ResumeLossCheck resumeCheck;
  private final StallRule stallRule;

  public HealthAssessor(Policy.AlertRules rules, ProgressParser parser,
      FailureClassifier classifier) {
    this.rules = rules;
    this.parser = parser;
    this.classifier = classifier;
    this.resumeCheck = new ResumeLossCheck(rules.resumeLoss());
    this.stallRule = new StallRule(rules);
  }

  public Assessment assess(Probe probe, WatchMemory before, long finalStep, Instant launchedAt) {
    return assess(probe, before, finalStep, launchedAt, null);
  }

  /**
   * {@code instance}: what the provider says about the machine, asked only when the probe
   * failed (null when not asked or unknown). It tells a machine still loading or gone from a
   * monitor that merely cannot reach a running one.
   */
  public Assessment assess(Probe probe, WatchMemory before, long finalStep, Instant launchedAt,
      InstanceState instance) {
    Instant now = probe.takenAt();
    if (!probe.reachable()) {
      return unreachable(probe, before, launchedAt, instance);
    }
    SupervisorState sup = probe.supervisor();
    WatchMemory memory = before;
    if (sup != null && sup.attempt() != before.attempt()) {
      // Each attempt earns its own baseline; the last formed one stays as the reference.
      Baseline formed = memory.baseline() != null
          && memory.baseline().samples() >= rules.baselineChecks() ? memory.baseline()
          : memory.previous();
      memory = memory.nextAttempt(sup.attempt(), formed);
    }
    List<String> attemptLines = sup == null ? currentAttempt(probe.logTail())
        : attemptLines(probe.logTail(), sup.attempt());
    List<Progress> readings = parser.readings(attemptLines);
    // Every reachable probe feeds the lineage: a crashed attempt's last losses are the ones the
    // next attempt must reproduce.
    memory = memory.withLineage(resumeCheck.check(memory.lineage()
        .withPoints(ResumeLossCheck.points(readings))));
    Progress progress = parser.merge(readings).orElse(null);
    Long step = Assessment.counter(progress);
    boolean stepMoved = step != null && !step.equals(memory.lastStep());
    Double rate = observedRate(memory, step, now, progress);
    int util = probe.meanGpuUtil();
    double mem = probe.maxGpuMemFraction();

    List<Alert> alerts = new ArrayList<>();
    Classification failure = null;
    Health health;
    if (sup == null) {
      health = probe.supervisorAlive() ? Health.STARTING : Health.ALERT;
      if (!probe.supervisorAlive()) {
        Duration sinceLaunch = launchedAt == null ? Duration.ZERO : Duration.between(launchedAt, now);
        if (sinceLaunch.compareTo(rules.pendingAfter()) > 0) {
          alerts.add(new Alert(AlertKind.PENDING, "no supervisor state " + sinceLaunch.toSeconds()
              + "s after launch", null));
        } else {
          health = Health.STARTING;
        }
      }
    } else if ("done".equals(sup.state()) && probe.doneMarker()) {
      health = Health.DONE;
    } else if ("done".equals(sup.state())) {
      // The supervisor writes state.json, then DONE last: this probe fell between the two.
      // Not done until the marker says so, and nothing to alert about either.
      health = Health.STARTING;
    } else if ("stopped".equals(sup.state())) {
      health = Health.STOPPED;
      alerts.add(new Alert(AlertKind.LOST, "supervisor stopped: " + sup.reason(), null));
    } else if (!probe.supervisorAlive()) {
      health = Health.ALERT;
      alerts.add(new Alert(AlertKind.LOST, "supervisor is not running (state " + sup.state()
          + (sup.reason() == null || sup.reason().isBlank() ? "" : ": " + sup.reason()) + ")",
          "instance_lost"));
    } else if ("setup".equals(sup.state()) || "syncing".equals(sup.state())) {
      // No trainer on purpose (the spec's setup before attempt 1, the final checkpoint's sync
      // after it): a silent log and an idle GPU are expected, not a stall. But the instance
      // bills all the while, so one that outlasts pending_after is said.
      health = Health.STARTING;
      Instant since = "setup".equals(sup.state()) ? launchedAt : memory.lastStepAt();
      if (since != null && Duration.between(since, now).compareTo(rules.pendingAfter()) > 0) {
        health = Health.ALERT;
        alerts.add(new Alert(AlertKind.PENDING, ("setup".equals(sup.state())
            ? "setup still running " : "final checkpoint sync still running ")
            + Duration.between(since, now).toSeconds() + "s after "
            + ("setup".equals(sup.state()) ? "launch" : "the last step") + " (see "
            + sup.state().replace("syncing", "sync") + ".log)", null));
      }
    } else if (sup.awaitingDecision()) {
      health = Health.ALERT;
      failure = classifier.classify(attemptLines);
      if (sup.exitCode() != null && sup.exitCode() == 0) {
        alerts.add(new Alert(AlertKind.EARLY_EXIT, "trainer exited 0 at step " + step
            + " before the final step " + finalStep + ": " + sup.reason(), "early_exit"));
      } else {
        String evidence = failure.healthy()
            ? "exit code " + sup.exitCode() + " (" + sup.reason() + ")"
            : failure.evidence();
        alerts.add(new Alert(AlertKind.CRASH, evidence, failure.healthy() ? "other_error"
            : failure.label()));
      }
    } else {
      health = "running".equals(sup.state()) ? Health.HEALTHY : Health.STARTING;
      // No step yet counts as "unchanged" too, but a log that does not exist yet is not stale:
      // a trainer still starting up must not be killed as hung.
      int unchangedChecks = stepMoved ? 0 : memory.unchangedChecks() + 1;
      StallRule.Signals stallSignals = new StallRule.Signals(memory.attempt(), step, finalStep,
          unchangedChecks, progressAge(sup, memory, step, stepMoved, probe.logAgeS(), launchedAt,
          now), probe.logAgeS(), util, attemptLines);
      String stalled = stallRule.check(stallSignals);
      boolean suspect = stalled == null && stallRule.suspect(stallSignals);
      if (stalled != null) {
        alerts.add(new Alert(AlertKind.STALL, stalled, HANG));
      }
      if (progress != null && progress.nanInf()) {
        Long onset = nanOnset(readings);
        alerts.add(new Alert(AlertKind.DIVERGENCE, "train loss is " + progress.loss()
            + " at step " + step + (onset != null && !onset.equals(step)
                ? " (first non-finite at step " + onset + ")" : ""), "nan_loss", onset));
      } else if (memory.lineage().mismatch() != null) {
        alerts.add(new Alert(AlertKind.DIVERGENCE, "resume loss mismatch: "
            + memory.lineage().mismatch(), RESUME_MISMATCH));
      } else if (progress != null && progress.loss() != null && diverging(memory, progress.loss())) {
        alerts.add(new Alert(AlertKind.DIVERGENCE, "loss " + progress.loss() + " is above "
            + rules.divergenceFactor() + "x its rolling median", "loss_spike"));
      }
      Baseline baseline = memory.baseline();
      Baseline reference = baseline != null && baseline.samples() >= rules.baselineChecks()
          ? baseline : memory.previous();
      boolean belowReference = reference != null && rate != null
          && rate < reference.stepsPerSecond() * rules.slowFraction();
      int slowChecks = memory.slowChecks();
      if (reference != null && rate != null && stepMoved) {
        slowChecks = belowReference ? slowChecks + 1 : 0;
        if (slowChecks >= rules.slowChecks()) {
          alerts.add(new Alert(AlertKind.SLOW, String.format("%.2f steps/s is below %.0f%% of "
              + "the baseline %.2f for %d checks", rate, rules.slowFraction() * 100,
              reference.stepsPerSecond(), slowChecks), null));
        }
      }
      // Before the attempt's first step the GPU idles while shards and the checkpoint load;
      // that is startup, not an idle GPU (bench sim raised it on every launch and relaunch).
      // A low reading while steps advance at the usual pace is a sample that hit a checkpoint
      // save or an eval, not an idle GPU: count it only when progress is also short of normal.
      boolean keepingPace = stepMoved && rate != null && reference != null && !belowReference;
      // At the final step the trainer saves its last checkpoint and exits: an idle GPU then is
      // the end of the run, not waste to report (a hang there is the stall rule's, after
      // exit_grace). A loaded machine's supervisor can take seconds to see the exit.
      boolean finishing = step != null && finalStep > 0 && step >= finalStep;
      int idleChecks = util >= 0 && util < rules.idleGpuUtilBelow() && step != null
          && !keepingPace && !finishing ? memory.idleChecks() + 1 : 0;
      if (idleChecks >= rules.idleChecks() && alerts.stream().noneMatch(a -> a.kind() == AlertKind.STALL)) {
        alerts.add(new Alert(AlertKind.IDLE_GPU, "GPU util " + util + "% for " + idleChecks
            + " checks while the trainer runs", null));
      }
      if (mem > rules.memoryFractionAbove()) {
        alerts.add(new Alert(AlertKind.MEMORY, String.format("GPU memory at %.1f%%", mem * 100),
            null));
      }
      if (!alerts.isEmpty()) {
        health = Health.ALERT;
      } else if (health == Health.HEALTHY && (suspect || slowChecks > 0 || idleChecks > 0)) {
        health = Health.SUSPECT; // confirmed or cleared at alert cadence, not a cruise later
      }
      boolean forming = baseline == null || baseline.samples() < rules.baselineChecks();
      if (health == Health.HEALTHY && forming && rate != null && stepMoved && !belowReference) {
        baseline = (baseline == null ? new Baseline(memory.attempt(), 0, 0, 0, 0) : baseline)
            .add(rate, Math.max(util, 0), Math.max(mem, 0));
      }
      memory = new WatchMemory(memory.attempt(), memory.checks(), memory.healthyInRow(),
          memory.lastStep(), memory.lastStepAt(), memory.lastCheckAt(), unchangedChecks,
          baseline, slowChecks, idleChecks, memory.losses(), memory.stepsPerSecond(),
          memory.previous(), memory.lineage());
    }
    List<Double> losses = new ArrayList<>(memory.losses());
    if (progress != null && progress.loss() != null && stepMoved && !progress.nanInf()) {
      losses.add(progress.loss());
      while (losses.size() > rules.divergenceWindow()) {
        losses.remove(0);
      }
    }
    boolean healthy = health == Health.HEALTHY;
    WatchMemory after = new WatchMemory(memory.attempt(), memory.checks() + 1,
        healthy ? memory.healthyInRow() + 1 : 0, step != null ? step : memory.lastStep(),
        stepMoved ? now : memory.lastStepAt(), now, memory.unchangedChecks(), memory.baseline(),
        memory.slowChecks(), memory.idleChecks(), losses, rate != null ? rate
            : memory.stepsPerSecond(), memory.previous(), memory.lineage());
    Duration eta = eta(after.stepsPerSecond(), step, finalStep);
    return new Assessment(health, alerts, progress, failure, after.stepsPerSecond(), eta, after,
        probe);
  }

  private Assessment unreachable(Probe probe, WatchMemory before, Instant launchedAt,
      InstanceState instance) {
    List<Alert> alerts = new ArrayList<>();
    Health health;
    if (instance == InstanceState.LOADING) {
      // Still pulling the image or booting: nothing to reach yet, but it bills, so say so once
      // it has taken longer than pending_after.
      Duration sinceLaunch = launchedAt == null ? Duration.ZERO
          : Duration.between(launchedAt, probe.takenAt());
      health = Health.STARTING;
      if (sinceLaunch.compareTo(rules.pendingAfter()) > 0) {
        health = Health.ALERT;
        alerts.add(new Alert(AlertKind.PENDING, "instance still loading "
            + sinceLaunch.toSeconds() + "s after launch", "instance_loading"));
      }
    } else if (instance == InstanceState.EXITED || instance == InstanceState.OFFLINE) {
      health = Health.ALERT;
      String state = instance.name().toLowerCase(java.util.Locale.ROOT);
      alerts.add(new Alert(AlertKind.OFFLINE, "the provider reports the instance " + state
          + "; probe: " + probe.problem(), "instance_" + state));
    } else if (instance == InstanceState.GONE) {
      health = Health.ALERT;
      alerts.add(new Alert(AlertKind.LOST, "the provider no longer has the instance; probe: "
          + probe.problem(), "instance_lost"));
    } else {
      // Running (or unknown) but unreachable: our link is broken, not the run.
      health = Health.MONITOR_STALE;
      alerts.add(new Alert(AlertKind.MONITOR_STALE, probe.problem(), null));
    }
    return new Assessment(health, alerts, null, null, null, null, before, probe);
  }

  /**
   * The first step whose train loss reads NaN or Inf in this attempt's lines; a loss line
   * without a step (Hugging Face's dicts) takes the step of the progress reading before it, and
   * in a log that counts epochs only, the epoch is the step.
   */
  static Long nanOnset(List<Progress> readings) {
    Long step = null;
    boolean steps = false; // once the log printed a step, an epoch-only reading is not one
    for (Progress p : readings) {
      Long here = p.globalStep() != null ? p.globalStep() : p.step();
      if (here != null) {
        step = here;
        steps = true;
      } else if (!steps && p.epoch() != null) {
        step = p.epoch(); // a log that counts epochs only (skorch's table)
      }
      if (p.nanInf()) {
        return step;
      }
    }
    return null;
  }

  /**
   * The log lines of {@code attempt} only. The probe reads state.json before the log, so a
   * relaunch in between leaves the next attempt's banner and first lines in the tail: they are
   * not this attempt's (its losses would enter the lineage the next attempt is checked against).
   */
  public static List<String> attemptLines(List<String> tail, int attempt) {
    int end = tail.size();
    for (int i = tail.size() - 1; i >= 0; i--) {
      String line = tail.get(i);
      if (line.startsWith(ATTEMPT_MARK)) {
        if (bannerAttempt(line) > attempt) {
          end = i;
          continue;
        }
        return tail.subList(i + 1, end);
      }
    }
    return tail.subList(0, end);
  }

  private static int bannerAttempt(String line) {
    int n = 0;
    for (int i = ATTEMPT_MARK.length(); i < line.length(); i++) {
      char c = line.charAt(i);
      if (c >= '0' && c <= '9') {
        n = n * 10 + (c - '0');
      } else if (n > 0 || c != ' ') {
        break;
      }
    }
    return n;
  }

  /** The log lines of the current attempt only: an old traceback must not re-raise a crash. */
  public static List<String> currentAttempt(List<String> tail) {
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (tail.get(i).startsWith(ATTEMPT_MARK)) {
        return tail.subList(i + 1, tail.size());
      }
    }
    return tail;
  }

  /**
   * How long since the last progress. With a step: at least since the check that first saw it,
   * and at least the log's age, since the progress line is in the log (both are lower bounds;
   * a babysitter restarted onto a silent run sees the step "new" but the log old). Before the
   * attempt's first progress line: since the attempt started (the supervisor's own banner in
   * the log is not progress).
   */
  private static Duration progressAge(SupervisorState sup, WatchMemory memory, Long step,
      boolean stepMoved, Long logAgeS, Instant launchedAt, Instant now) {
    Instant since;
    if (step != null) {
      since = stepMoved || memory.lastStepAt() == null ? now : memory.lastStepAt();
      Duration seen = Duration.between(since, now);
      Duration log = Duration.ofSeconds(logAgeS == null ? 0 : Math.max(0, logAgeS));
      return seen.compareTo(log) >= 0 ? seen : log;
    } else if (sup.attemptStartedAt() != null) {
      since = Instant.ofEpochSecond(sup.attemptStartedAt());
    } else {
      since = sup.startedAt() > 0 ? Instant.ofEpochSecond(sup.startedAt()) : launchedAt;
    }
    if (since == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(since, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  private static Double observedRate(WatchMemory memory, Long step, Instant now, Progress p) {
    if (p != null && p.stepsPerSecond() != null && p.stepsPerSecond() > 0) {
      return p.stepsPerSecond();
    }
    if (step == null || memory.lastStep() == null || memory.lastStepAt() == null
        || step <= memory.lastStep()) {
      return null;
    }
    double seconds = Duration.between(memory.lastStepAt(), now).toMillis() / 1000.0;
    return seconds <= 0 ? null : (step - memory.lastStep()) / seconds;
  }

  private boolean diverging(WatchMemory memory, double loss) {
    if (memory.losses().size() < rules.divergenceWindow()) {
      return false;
    }
    List<Double> sorted = new ArrayList<>(memory.losses());
    sorted.sort(Double::compare);
    double median = sorted.get(sorted.size() / 2);
    return median > 0 && loss > median * rules.divergenceFactor();
  }

  private static Duration eta(Double rate, Long step, long finalStep) {
    if (rate == null || rate <= 0 || step == null || finalStep <= 0) {
      return null;
    }
    return Duration.ofMillis((long) (Math.max(0, finalStep - step) / rate * 1000));
  }
}
