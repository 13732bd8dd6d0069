package dev.babysitter.agent.bench.poll;

import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.probe.Probe;
import java.time.Duration;
import java.time.Instant;

/**
 * A person or an LLM agent polling at a fixed interval with our HealthAssessor's rules, doing the
 * obvious recovery itself: relaunch after a crash, kill and relaunch a stall, a new host for a
 * slow, lost or twice-crashed-on-hardware host (checkpoints are synced, so that is no judgment
 * call). A NaN, or the same non-hardware failure twice in a row (a config change is needed),
 * is a judgment call: it pages the DRI and holds the instance until they answer.
 */
public final class FixedPoller implements Poller {
  private final Duration interval;
  private final boolean llm;
  private final HealthAssessor assessor;
  private final long finalStep;
  private final Instant launchedAt;
  private final Duration staleAfter;
  private WatchMemory memory = WatchMemory.fresh(1);
  private String lastFailure;
  private Instant unreachableSince;
  private int handledAttempt;
  /** The newest complete checkpoint when the last failure was handled. */
  private long failedAtCheckpoint = -1;

  public FixedPoller(Duration interval, boolean llm, HealthAssessor assessor, long finalStep,
      Instant launchedAt, Duration staleAfter) {
    this.interval = interval;
    this.llm = llm;
    this.assessor = assessor;
    this.finalStep = finalStep;
    this.launchedAt = launchedAt;
    this.staleAfter = staleAfter;
  }

  @Override
  public Duration interval() {
    return interval;
  }

  @Override
  public boolean readsInstance() {
    return true;
  }

  @Override
  public boolean llm() {
    return llm;
  }

  @Override
  public Reaction look(Observation o) {
    Probe probe = o.probe();
    Assessment a = assessor.assess(probe, memory, finalStep, launchedAt, o.provider());
    memory = a.memory();
    boolean alerting = a.health() == Health.ALERT || a.health() == Health.MONITOR_STALE
        || a.health() == Health.STOPPED;
    if (a.health() == Health.DONE) {
      return Reaction.of(Reaction.Verdict.TEARDOWN, null, "done");
    }
    if (!probe.reachable()) {
      unreachableSince = unreachableSince == null ? o.at() : unreachableSince;
      boolean gone = o.provider() != null && !o.provider().alive();
      if (gone || Duration.between(unreachableSince, o.at()).compareTo(staleAfter) >= 0
          || interval.compareTo(staleAfter) >= 0) {
        unreachableSince = null;
        return Reaction.of(Reaction.Verdict.MOVE_HOST, null, "host unreachable");
      }
      return Reaction.none(true);
    }
    unreachableSince = null;
    Long from = CheckpointCatalog.of(layout(), probe.checkpoints()).all().stream()
        .filter(dev.babysitter.tools.checkpoint.Checkpoint::complete)
        .map(dev.babysitter.tools.checkpoint.Checkpoint::step).reduce((x, y) -> y).orElse(0L);
    if (from > failedAtCheckpoint && failedAtCheckpoint >= 0) {
      lastFailure = null; // a new checkpoint since: the run got past the last failure
      failedAtCheckpoint = -1;
    }
    if (a.alerts().stream().anyMatch(FixedPoller::nan)) {
      return Reaction.of(Reaction.Verdict.PAGE, null, "NaN loss");
    }
    if (a.has(AlertKind.SLOW) || a.has(AlertKind.LOST) || a.has(AlertKind.OFFLINE)) {
      return Reaction.of(Reaction.Verdict.MOVE_HOST, null, "host slow or gone");
    }
    if (a.has(AlertKind.STALL)) {
      return Reaction.of(Reaction.Verdict.KILL_RELAUNCH, from, "stall");
    }
    boolean exited = probe.supervisor() != null && probe.supervisor().awaitingDecision();
    if (exited && (a.has(AlertKind.CRASH) || a.has(AlertKind.EARLY_EXIT))
        && handledAttempt != a.memory().attempt()) {
      handledAttempt = a.memory().attempt();
      String failure = a.failure() == null ? "unknown" : a.failure().label();
      // A preempted trainer (SIGTERM) is nobody's bug: relaunch, and it breaks no streak.
      boolean again = failure.equals(lastFailure) && !"preemption_sigterm".equals(failure);
      lastFailure = failure;
      failedAtCheckpoint = from;
      if (again && "cuda_driver_hw".equals(failure)) {
        return Reaction.of(Reaction.Verdict.MOVE_HOST, null, "hardware failure twice");
      }
      if (again) {
        lastFailure = null;
        return Reaction.of(Reaction.Verdict.PAGE, null, "same failure twice: " + failure);
      }
      return Reaction.of(Reaction.Verdict.RELAUNCH, from, "crash: " + failure);
    }
    return Reaction.none(alerting);
  }

  private static boolean nan(Alert x) {
    return x.kind() == AlertKind.DIVERGENCE && "nan_loss".equals(x.signature());
  }

  private static dev.babysitter.tools.checkpoint.CheckpointLayout layout() {
    return dev.babysitter.tools.checkpoint.CheckpointLayout.directories("/sim/out/checkpoints",
        "step-{n}", "metadata.json");
  }
}
