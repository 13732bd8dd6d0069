package dev.babysitter.agent.bench;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.playbook.Playbook;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.session.CheckOutcome;
import dev.babysitter.agent.session.RunController;
import dev.babysitter.agent.session.RunJournal;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.issues.IssueComment;
import dev.babysitter.tools.issues.Outbox;
import dev.babysitter.tools.logbook.Logbook;
import dev.babysitter.tools.probe.Prober;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ours on one simulated run: the product's own {@link RunController} (real Prober, HealthAssessor,
 * Playbook, PolicyGuard, Cadence, RunJournal) over a {@link SimProvider} and {@link SimShell}, on
 * the virtual clock, scheduled as the product's Watcher does (at the cadence's next check, and at
 * once when the event stream delivers a line). The journal writes its logbook to a temp file with
 * no git, the issue thread is in memory, and the run store is a temp directory. The DRI reads the
 * thread: a comment that mentions them is a page, answered after the run's next delay draw with
 * {@code /approve ID} for each escalation, after fixing the cause on the instance.
 */
final class OursRun {
  private static final Pattern ESCALATION = Pattern.compile("escalation \\*\\*([^*]+)\\*\\*");
  private static final Pattern APPROVE_HINT = Pattern.compile("/approve ([A-Za-z0-9_.:-]+)");
  /** The product's Watcher retries a failed check after this long. */
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final RunPlan plan;
  private final SimInstance instance;
  private final VirtualClock clock;
  private final RunController controller;
  private final InMemoryIssues issues;
  private final SimAgent agent;
  private final String dri;
  private final Set<String> pendingIds = new LinkedHashSet<>();
  private Instant humanAt;
  private int humanIdx;
  int checks;
  int pages;
  private final SimProvider provider;
  long tokens;
  long healthyTokens;
  int falseAlerts;
  int failedChecks;
  private boolean prevFalse;
  private boolean finished;
  private Instant nextCheck = SimRunner.EPOCH;

  OursRun(RunPlan plan, Policy policy, TokenEstimate estimate, double dollarsPerHour, Path dir) {
    this.plan = plan;
    this.clock = new VirtualClock(SimRunner.EPOCH);
    this.instance = new SimInstance(plan, SimRunner.EPOCH);
    RunSpec spec = SimRunner.spec(plan);
    this.dri = spec.dri();
    this.provider = new SimProvider(instance, dollarsPerHour);
    this.issues = new InMemoryIssues(clock);
    UnaryOperator<String> scrub = UnaryOperator.identity();
    try {
      Files.createDirectories(dir);
      Recorder recorder = new Recorder(spec.name(), new Logbook(dir.resolve("logbook.md"), scrub),
          dir.resolve("logbook.md"), null, issues, new Outbox(dir.resolve("outbox.jsonl"),
              issues, clock), scrub);
      RunJournal journal = new RunJournal(recorder, scrub, clock, dri, r -> { });
      RunRecord record = new RunRecord();
      record.runName = spec.name();
      record.instance = provider.handle();
      record.launchedAt = clock.instant();
      record.phase = "running";
      record.memory = WatchMemory.fresh(1);
      record.issue = recorder.open("Run " + spec.name(), java.util.Map.of("DRI", dri), null,
          spec.logbook().path());
      RunStore store = new RunStore(dir.resolve("state"));
      store.save(record);
      PolicyGuard guard = new PolicyGuard(policy, clock);
      this.controller = new RunController(spec, record, store, provider,
          new Prober(clock, Duration.ofSeconds(30)), new HealthAssessor(policy.alerts(),
              new dev.babysitter.tools.logs.ProgressParser(),
              new dev.babysitter.tools.logs.FailureClassifier()),
          new Playbook(policy), guard, journal, clock);
      this.agent = new SimAgent(guard, estimate, n -> {
        tokens += n;
        healthyTokens += instance.faultActive() ? 0 : n;
      });
      controller.escalateTo(agent);
      // As the product's factory does: a parked instance that cannot start again moves host.
      controller.launchAnewWith((avoid, from) -> provider.launch(from == null ? null
          : new dev.babysitter.tools.provider.LaunchRequest("sim", null, java.util.Map.of())
              .resumingFrom(from)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  SimInstance instance() {
    return instance;
  }

  SimProvider provider() {
    return provider;
  }

  int wakeups() {
    return agent.wakeups;
  }

  Instant nextCheckAt() {
    return nextCheck;
  }

  boolean finished() {
    return finished;
  }

  /** One scheduled check at {@code due} (for `bench scale`, which paces checks in wall time). */
  void checkAt(Instant due) {
    instance.advanceTo(due, false);
    clock.advanceTo(due);
    nextCheck = check();
  }

  void run(Instant horizon) {
    Instant next = nextCheck;
    while (!finished && clock.instant().isBefore(horizon)) {
      boolean humanFirst = humanAt != null && humanAt.isBefore(next);
      Instant target = humanFirst ? humanAt : next;
      Instant reached = instance.advanceTo(target, true);
      if (reached.isBefore(target)) {
        // A line on events.jsonl: the event stream wakes a check at once; a stream whose host
        // vanished wakes it once its keepalives go unanswered.
        Instant at = reached.plus(instance.takeStreamDrop() ? SimRunner.STREAM_DROP_LATENCY
            : SimRunner.STREAM_LATENCY);
        instance.advanceTo(at, false);
        clock.advanceTo(at);
        next = check();
      } else if (humanFirst) {
        clock.advanceTo(target);
        driActs();
      } else {
        clock.advanceTo(target);
        next = check();
      }
    }
    if (!instance.destroyed() && !instance.parked() && clock.instant().isBefore(horizon)) {
      // The babysitter stopped watching an instance that still holds GPUs: the DRI finds it
      // after their next delay and tears it down.
      Instant at = clock.instant().plus(RunPlan.nth(plan.humanDelays(), humanIdx++));
      instance.advanceTo(at, false);
      clock.advanceTo(at);
      instance.destroy();
    }
  }

  private Instant check() {
    checks++;
    CheckOutcome outcome;
    try {
      outcome = controller.check();
      failedChecks = 0;
    } catch (IOException | RuntimeException e) {
      if (++failedChecks > 50) {
        throw new IllegalStateException("run " + plan.id() + ": checks keep failing", e);
      }
      return clock.instant().plus(RETRY);
    }
    Health h = outcome.assessment().health();
    boolean alerting = h == Health.ALERT || h == Health.MONITOR_STALE || h == Health.STOPPED;
    instance.noteCheck(alerting);
    boolean falseAlert = h == Health.ALERT && !instance.faultActive();
    falseAlerts += falseAlert && !prevFalse ? 1 : 0;
    prevFalse = falseAlert;
    readThread();
    finished = outcome.finished() || instance.destroyed();
    return clock.instant().plus(outcome.next());
  }

  /** Pages: comments that mention the DRI or ask for an approval. */
  private void readThread() {
    for (IssueComment c : issues.unread()) {
      String body = c.body();
      if (System.getenv("BENCH_DEBUG") != null) {
        System.err.println("run " + plan.id() + " " + clock.instant() + " comment: " + body);
      }
      if (dri.equals(c.author()) || !body.contains("@" + dri) && !body.contains("/approve")) {
        continue;
      }
      boolean fresh = false;
      for (Pattern p : new Pattern[] {ESCALATION, APPROVE_HINT}) {
        Matcher m = p.matcher(body);
        while (m.find()) {
          fresh |= pendingIds.add(m.group(1));
        }
      }
      if (fresh || body.contains("@" + dri)) {
        pages++;
        if (humanAt == null) {
          humanAt = clock.instant().plus(RunPlan.nth(plan.humanDelays(), humanIdx++));
        }
      }
    }
  }

  /**
   * The DRI answers: finds the cause and fixes it on the instance (a smaller batch, batches
   * skipped after a NaN, a new host), restarts by hand what the babysitter left stopped and not
   * parked, and approves every escalation so that the babysitter resumes what it parked.
   */
  private void driActs() {
    humanAt = null;
    instance.personFixes();
    if (!instance.parked() && instance.needsRecovery()) {
      instance.obviousRecovery();
    }
    for (String id : pendingIds) {
      issues.commentAs(dri, "/approve " + id);
    }
    pendingIds.clear();
  }
}
