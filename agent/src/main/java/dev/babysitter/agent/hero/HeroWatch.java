package dev.babysitter.agent.hero;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.tools.checkpoint.Checkpoint;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.logs.DataPositions;
import dev.babysitter.tools.logs.GradNorms;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import dev.babysitter.tools.provider.LaunchRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hero-run protocol's checks beside the health assessor, once per check: instability,
 * stuck checkpoints, the rollback window and retention candidates from the probe's listing,
 * and W&B at cruise cadence. Adds its alerts to the assessment (so they are recorded, reach
 * the DRI at once and go through the playbook like the others) and returns logbook notes.
 */
public final class HeroWatch {
  /** The assessment with hero alerts added, and warnings for the logbook (title, text). */
  public record Result(Assessment assessment, List<Map.Entry<String, String>> notes) {}

  private final RunSpec spec;
  private final Policy.HeroRules rules;
  private final ProgressParser parser;
  private final InstabilityRule instability;
  private final StuckCheckpoints stuck;
  private final RetentionPlanner retention = new RetentionPlanner();
  private final WandbWatch wandb;
  private final DataPositions positions;

  public HeroWatch(RunSpec spec, Policy policy, ProgressParser parser, WandbWatch wandb) {
    this.spec = spec;
    this.rules = policy.hero();
    this.parser = parser;
    this.instability = new InstabilityRule(rules);
    this.stuck = new StuckCheckpoints(rules);
    this.wandb = wandb;
    this.positions = new DataPositions(parser);
  }

  /**
   * The data position (consumed samples or tokens, the epoch) that the assessed attempt last
   * showed, for the same-step rule; null when its log shows none.
   */
  public static DataPositions.Position failedAt(RunRecord record, Assessment a) {
    return a == null || record.dataPosition == null
        || record.dataPositionAttempt != a.memory().attempt() ? null : record.dataPosition;
  }

  public WandbWatch wandb() {
    return wandb;
  }

  public Result check(Assessment a, CheckpointCatalog catalog, RunRecord record, Instant now) {
    Probe probe = a.probe();
    SupervisorState sup = probe == null ? null : probe.supervisor();
    boolean running = sup != null && "running".equals(sup.state()) && probe.supervisorAlive();
    List<Alert> extra = new ArrayList<>();
    List<Map.Entry<String, String>> notes = new ArrayList<>();
    List<String> lines = sup == null ? List.of()
        : HealthAssessor.attemptLines(probe.logTail(), sup.attempt());
    // Kept while the attempt runs: its last lines before a failure may be a long traceback.
    positions.latest(lines).ifPresent(p -> {
      record.dataPosition = p;
      record.dataPositionAttempt = a.memory().attempt();
    });
    if (running) {
      List<Progress> readings = parser.readings(lines);
      instability.check(readings, new GradNorms(parser).readings(lines), a.step())
          .ifPresent(extra::add);
      stuck.check(catalog, a.step(), now).ifPresent(extra::add);
    }
    if (probe != null && probe.reachable()) {
      retention(catalog, record, probe).ifPresent(extra::add);
      notes.addAll(listCandidates(catalog, record, probe));
    }
    boolean sealWaits = a.health() == Health.DONE && !record.sealed;
    if (running || sealWaits) {
      WandbWatch.Finding w = wandb.check(record, now, a.step(), a.stepsPerSecond(), running,
          sealWaits && wandb.sealCaveat(record, spec.finalStep()) != null);
      extra.addAll(w.alerts());
      w.warnings().forEach(text -> notes.add(Map.entry("W&B warning", text)));
    }
    if (extra.isEmpty()) {
      return new Result(a, notes);
    }
    List<Alert> alerts = new ArrayList<>(a.alerts());
    alerts.addAll(extra);
    Health health = a.health() == Health.HEALTHY || a.health() == Health.SUSPECT
        || a.health() == Health.STARTING ? Health.ALERT : a.health();
    return new Result(new Assessment(health, alerts, a.progress(), a.failure(),
        a.stepsPerSecond(), a.eta(), a.memory(), a.probe()), notes);
  }

  /**
   * Seed 004: "Verify W&B is finished or has the expected final state and metrics" before the
   * seal. {@code hold}: keep the seal back this check; {@code note}: what to write in the
   * logbook now (once when the wait starts, once when the seal goes ahead without W&B).
   */
  public record SealGate(boolean hold, String note) {}

  public SealGate sealGate(RunRecord record, Instant now, java.time.Duration grace) {
    String caveat = wandb.sealCaveat(record, spec.finalStep());
    if (caveat == null) {
      record.wandbSealWaitSince = null;
      return new SealGate(false, null);
    }
    if (record.wandbSealWaitSince == null) {
      record.wandbSealWaitSince = now;
      return new SealGate(true, caveat + ": the seal waits up to "
          + dev.babysitter.agent.run.Durations.format(grace) + " for W&B to finish");
    }
    if (now.isBefore(record.wandbSealWaitSince.plus(grace))) {
      return new SealGate(true, null);
    }
    // Never hold a GPU for W&B: past the grace the seal goes ahead, with the caveat on record.
    if (record.wandbSealCaveatNoted) {
      return new SealGate(false, null);
    }
    record.wandbSealCaveatNoted = true;
    return new SealGate(false, caveat + " after waiting "
        + dev.babysitter.agent.run.Durations.format(grace) + ": sealed with this caveat");
  }

  /** The retention plan for the current listing. */
  public RetentionPlan plan(CheckpointCatalog catalog, RunRecord record, Probe probe) {
    Map<String, String> pinned = new LinkedHashMap<>();
    if (spec.initializeFrom() != null) {
      pinned.put(spec.resolve(spec.initializeFrom()), "launch checkpoint (initialize_from)");
    }
    String resumedFrom = resumedFrom(record);
    if (resumedFrom != null) {
      pinned.put(resumedFrom, "the current attempt's recovery source");
    }
    catalog.newestComplete(record.rejectedCheckpoints).ifPresent(c ->
        pinned.putIfAbsent(c.path(), "recovery source (newest complete)"));
    String synced = null;
    if (probe.syncedStep() != null) {
      synced = catalog.all().stream().filter(c -> c.complete() && c.step() <= probe.syncedStep())
          .reduce((x, y) -> y).map(Checkpoint::path).orElse(null);
    }
    return retention.plan(catalog, spec.checkpoints().keepLastOrDefault(),
        spec.checkpoints().keepPermanentEvery(), spec.finalStep(), pinned, synced);
  }

  private Optional<Alert> retention(CheckpointCatalog catalog, RunRecord record, Probe probe) {
    int complete = (int) catalog.all().stream().filter(Checkpoint::complete).count();
    int before = record.mostCompleteCheckpoints;
    record.mostCompleteCheckpoints = Math.max(before, complete);
    RetentionPlan plan = plan(catalog, record, probe);
    // Only a window that existed and shrinks (or that the plan would shrink) collapses: a run
    // that has not yet saved twice has no window to lose.
    if (plan.windowCollapsing() && Math.max(before, complete) >= RetentionPlan.MIN_ROLLBACK) {
      return Optional.of(new Alert(AlertKind.ROLLBACK_WINDOW, "rollback window collapsing: "
          + complete + " complete checkpoint(s) now (" + Math.max(before, complete)
          + " at most before), " + plan.completeRemaining() + " would remain after the "
          + "retention candidates; fewer than " + RetentionPlan.MIN_ROLLBACK
          + " leaves no rollback", null));
    }
    return Optional.empty();
  }

  private List<Map.Entry<String, String>> listCandidates(CheckpointCatalog catalog,
      RunRecord record, Probe probe) {
    RetentionPlan plan = plan(catalog, record, probe);
    String listed = plan.describeCandidates();
    if (plan.candidates().isEmpty() || listed.equals(record.retentionListed)) {
      return List.of();
    }
    record.retentionListed = listed;
    return List.of(Map.entry("retention candidates", "keep_last "
        + spec.checkpoints().keepLastOrDefault() + ", keep_permanent_every "
        + spec.checkpoints().keepPermanentEvery() + ": deletion candidates " + listed
        + ". Nothing is deleted without the DRI: each deletion goes through the guard's "
        + "delete-checkpoint rule."));
  }

  /**
   * Carries out a checkpoint deletion the guard allowed (the DRI approved it): only a path the
   * retention plan lists as a candidate, so the final, launch, recovery, anchor, newest synced
   * and the last N are never deleted whatever was approved. Returns what happened.
   */
  public String delete(dev.babysitter.tools.shell.RemoteShell shell, String path,
      CheckpointCatalog catalog, RunRecord record, Probe probe) throws java.io.IOException {
    RetentionPlan plan = plan(catalog, record, probe);
    if (plan.kept().containsKey(path)) {
      return "not deleted: " + path + " is kept (" + String.join(", ", plan.kept().get(path))
          + ")";
    }
    if (plan.candidates().stream().noneMatch(c -> c.path().equals(path))) {
      return "not deleted: " + path + " is not a checkpoint of this run's listing";
    }
    if (path.contains("'")) {
      return "not deleted: " + path + " cannot be quoted safely";
    }
    dev.babysitter.tools.shell.ExecResult r = shell.exec("rm -rf -- '" + path + "'",
        java.time.Duration.ofMinutes(5));
    return r.ok() ? "deleted " + path : "deletion of " + path + " failed (exit " + r.exitCode()
        + "): " + r.stderr().strip();
  }

  /** The checkpoint the current attempt was relaunched from, or null. */
  static String resumedFrom(RunRecord record) {
    return LaunchRequest.resumeFromOf(record.relaunchRequest);
  }
}
