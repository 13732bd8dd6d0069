package dev.babysitter.agent.hero;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.tools.wandb.WandbClient;
import dev.babysitter.tools.wandb.WandbException;
import dev.babysitter.tools.wandb.WandbRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * W&B as a signal (seed 004: "Validate the active W&B run id, display name, state,
 * {@code _timestamp}, {@code global_step}, and key losses against the intended run id/display
 * name recorded at launch"). Asks at most once per {@code every} (the cruise cadence, so a
 * healthy run costs one question per cruise check) and never before a 429's Retry-After;
 * remembers in the run record when it asked. Identity drift is an alert for the DRI; a W&B run
 * that died while the supervisor runs, or one lagging the log by more than a cadence, is a
 * warning for the logbook.
 */
public final class WandbWatch {
  /** What one check found; {@code run} is null when W&B was not asked or did not answer. */
  public record Finding(WandbRun run, List<Alert> alerts, List<String> warnings) {
    static final Finding NOTHING = new Finding(null, List.of(), List.of());

    public boolean asked() {
      return run != null || !warnings.isEmpty() || !alerts.isEmpty();
    }
  }

  /** {@code entity} null = the key's default entity. */
  public record Target(String entity, String project, String runId, List<String> metrics,
      String intendedName) {
    public Target(String entity, String project, String runId, List<String> metrics) {
      this(entity, project, runId, metrics, null);
    }

    /** The target a spec names, empty without {@code wandb.id} and {@code wandb.project}. */
    public static Optional<Target> of(RunSpec spec) {
      RunSpec.Wandb w = spec.wandb();
      if (w == null || w.id() == null || w.project() == null || w.project().isBlank()) {
        return Optional.empty();
      }
      int slash = w.project().indexOf('/');
      return Optional.of(slash > 0
          ? new Target(w.project().substring(0, slash), w.project().substring(slash + 1), w.id(),
              w.metrics(), w.name())
          : new Target(null, w.project(), w.id(), w.metrics(), w.name()));
    }

    String path() {
      return (entity == null ? "" : entity + "/") + project + "/" + runId;
    }
  }

  public static final String DRIFT = "wandb_identity_drift";

  private final WandbClient client;
  private final Target target;
  private final Duration every;

  /** {@code client} or {@code target} null: nothing is ever asked. */
  public WandbWatch(WandbClient client, Target target, Duration every) {
    this.client = client;
    this.target = target;
    this.every = every;
  }

  public boolean active() {
    return client != null && target != null;
  }

  /** Said once at launch: whether W&B is watched, and if not why. */
  public static String launchNote(RunSpec spec, boolean keyFound, String keySource) {
    Optional<Target> t = Target.of(spec);
    if (t.isEmpty()) {
      return "W&B not watched: no wandb.id and wandb.project in the spec; nothing is asked";
    }
    return keyFound ? "W&B run " + t.get().path() + " is checked at each cruise check (key from "
        + keySource + ")" : "W&B not watched: no key (env WANDB_API_KEY or ~/.netrc machine "
        + "api.wandb.ai) for " + t.get().path() + "; nothing is asked";
  }

  /**
   * One check. {@code logStep}: where the trainer's log is; {@code stepsPerSecond}: its rate or
   * null; {@code supervisorRunning}: the trainer is meant to be running now.
   */
  public Finding check(RunRecord record, Instant now, Long logStep, Double stepsPerSecond,
      boolean supervisorRunning) {
    return check(record, now, logStep, stepsPerSecond, supervisorRunning, false);
  }

  /** {@code now}: ask whatever the cadence (the seal is waiting), a 429's wait aside. */
  public Finding check(RunRecord record, Instant now, Long logStep, Double stepsPerSecond,
      boolean supervisorRunning, boolean askNow) {
    if (!active() || record.wandbNotBefore != null && now.isBefore(record.wandbNotBefore)
        || !askNow && record.wandbAskedAt != null
        && now.isBefore(record.wandbAskedAt.plus(every))) {
      return Finding.NOTHING;
    }
    record.wandbAskedAt = now;
    Optional<WandbRun> answer;
    try {
      answer = client.run(target.entity(), target.project(), target.runId(), target.metrics());
    } catch (WandbException e) {
      if (e.kind() == WandbException.Kind.RATE_LIMITED && e.retryAfter() != null) {
        record.wandbNotBefore = now.plus(e.retryAfter());
      }
      return new Finding(null, List.of(), List.of("W&B not checked: " + e.getMessage()
          + (e.kind() == WandbException.Kind.RATE_LIMITED ? "; asked again after "
          + (e.retryAfter() == null ? "the next cadence" : e.retryAfter().toSeconds() + "s")
          : "")));
    }
    if (answer.isEmpty()) {
      return new Finding(null, List.of(new Alert(AlertKind.WANDB_DRIFT, "W&B has no run "
          + target.path() + ": the trainer logs to another run or project, or never started "
          + "W&B", DRIFT)), List.of());
    }
    WandbRun run = answer.get();
    record.wandbState = run.state();
    record.wandbStep = run.step();
    List<Alert> alerts = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (run.id() != null && !run.id().equals(target.runId())) {
      alerts.add(new Alert(AlertKind.WANDB_DRIFT, "W&B answers with run id " + run.id()
          + ", not the intended " + target.runId(), DRIFT));
    }
    if (record.wandbDisplayName == null && target.intendedName() != null) {
      record.wandbDisplayName = target.intendedName(); // pinned in the spec before launch
    }
    if (record.wandbDisplayName == null) {
      record.wandbDisplayName = run.displayName(); // recorded at the first answer after launch
    } else if (run.displayName() != null && !run.displayName().equals(record.wandbDisplayName)) {
      alerts.add(new Alert(AlertKind.WANDB_DRIFT, "W&B run " + target.runId()
          + " is now named \"" + run.displayName() + "\", not \"" + record.wandbDisplayName
          + "\" as recorded at launch", DRIFT));
    }
    long slack = stepsPerSecond == null || stepsPerSecond <= 0 ? 0
        : (long) Math.ceil(stepsPerSecond * every.toSeconds());
    if (run.step() != null && logStep != null && slack > 0 && run.step() > logStep + slack) {
      // Ahead of the trainer by more than a cadence of steps: another writer on this id.
      alerts.add(new Alert(AlertKind.WANDB_DRIFT, "W&B is at step " + run.step()
          + ", ahead of the trainer's log at step " + logStep + ": its metrics come from "
          + "another lineage", DRIFT));
    }
    if (supervisorRunning && run.died()) {
      warnings.add("W&B says run " + target.runId() + " is " + run.state() + " while the "
          + "supervisor runs the trainer: W&B lost the run (its metrics stop here)");
    }
    if (supervisorRunning && logStep != null && run.timestamp() != null
        && Duration.between(run.timestamp(), now).compareTo(every) > 0
        && (run.step() == null || run.step() < logStep)) {
      warnings.add("W&B lags the log: its last metrics (step " + run.step() + ") are "
          + Duration.between(run.timestamp(), now).toMinutes() + " min old while the log is at"
          + " step " + logStep);
    }
    return new Finding(run, alerts, warnings);
  }

  /**
   * Whether the seal may go ahead: W&B says {@code finished} at the final step. Null when it
   * may (or W&B is not watched), else what is missing, for the logbook's caveat.
   */
  public String sealCaveat(RunRecord record, long finalStep) {
    if (!active()) {
      return null;
    }
    if ("finished".equals(record.wandbState) && record.wandbStep != null
        && record.wandbStep >= finalStep) {
      return null;
    }
    return "W&B run " + target.runId() + " is " + (record.wandbState == null ? "not yet seen"
        : record.wandbState + " at step " + record.wandbStep) + ", not finished at step "
        + finalStep;
  }
}
