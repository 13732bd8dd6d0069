package dev.babysitter.agent.playbook;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.hero.InstabilityRule;
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
import dev.babysitter.tools.probe.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Deterministic answers to the alerts whose answer is known, so no LLM is needed for them:
 * crash → relaunch from the newest complete checkpoint; stall → kill once, then relaunch;
 * NaN or a resume loss mismatch → stop the trainer, and the relaunch it then proposes is
 * refused by the guard's never-relaunch rule and goes to the DRI; done → verify, seal, tear down per the spec; an
 * instance with no trainer and no approved hold → tear down after a short grace. Every
 * proposal still goes through the guard; the playbook never acts itself.
 */
public final class Playbook {
  /** The supervisor sends TERM, then KILL after 5 s; past this, a second kill is a real event. */
  static final Duration KILL_GRACE = Duration.ofSeconds(15);

  private final Policy policy;

  public Playbook(Policy policy) {
    this.policy = policy;
  }

  /**
   * The failure signature a kill of ours stands for, so the relaunch after it is judged by the
   * reason we killed (never-relaunch for NaN and resume mismatch), not by the exit it caused.
   */
  public static String signatureOfKill(String reason) {
    if (reason.startsWith("stall")) {
      return HealthAssessor.HANG;
    }
    if (reason.startsWith("spend cap")) {
      return "spend_cap";
    }
    if (reason.startsWith(InstabilityRule.SIGNATURE)) {
      return InstabilityRule.SIGNATURE;
    }
    return reason.startsWith("resume loss mismatch") ? HealthAssessor.RESUME_MISMATCH
        : "nan_loss";
  }

  /**
   * Whether this attempt's exit is the kill we sent, to be judged by the cause we killed for.
   * Not when a stall kill found the trainer already gone (the supervisor says its kill reached
   * no live trainer): the trainer crashed, a loaded machine reported it late, and it was never
   * hung; its own cause counts, so a crash does not spend the hang budget. The other kills'
   * causes (a NaN, a resume mismatch, instability, the spend cap) stand however the trainer
   * exited.
   */
  public static boolean exitIsOurKill(RunRecord record, Assessment assessment) {
    if (record.killAttempt != assessment.memory().attempt() || record.killSignature == null) {
      return false;
    }
    SupervisorState sup = assessment.probe() == null ? null : assessment.probe().supervisor();
    return !(HealthAssessor.HANG.equals(record.killSignature) && sup != null
        && Boolean.FALSE.equals(sup.killed()));
  }

  public List<Proposal> respond(Assessment assessment, RunRecord record, RunSpec spec,
      CheckpointCatalog catalog, Instant now) {
    String instanceId = record.instance == null ? "none" : record.instance.id();
    if (assessment.health() == Health.DONE && record.nanOnsetStep != null && !record.sealed) {
      // Finished on a NaN loss (the kill came too late, or the NaN came last): the final
      // checkpoint is no result to seal. The DRI decides, as for any NaN.
      long onset = record.nanOnsetStep;
      return noResult(record, spec, catalog, now, instanceId, onset, "nan_loss",
          "the trainer finished, but its loss is NaN from step " + onset + ": the final "
              + "checkpoint is no result; resume from ", " (before the NaN onset)");
    }
    if (assessment.health() == Health.DONE && !record.sealed
        && stoppedForAJudgment(record, assessment)) {
      // The trainer finished before our stop reached it (a fast trainer, a loaded machine): what
      // we stopped it for stands, and its final checkpoint continues that lineage. No result to
      // seal; the relaunch carries the never-relaunch signature, so the DRI decides.
      Long first = assessment.memory().lineage().attempt().isEmpty() ? null
          : assessment.memory().lineage().attempt().firstKey();
      return noResult(record, spec, catalog, now, instanceId, first, record.killSignature,
          "the trainer finished before the babysitter's stop (" + record.killSignature
              + ") reached it: the final checkpoint continues what it was stopped for and is no "
              + "result; resume from ", " (before this attempt's first logged step, " + first + ")");
    }
    if (assessment.health() == Health.DONE) {
      return done(record, spec, catalog, instanceId);
    }
    if (assessment.health() != Health.ALERT) {
      return List.of();
    }
    int attempt = assessment.memory().attempt();
    Optional<Alert> exit = first(assessment, AlertKind.CRASH, AlertKind.EARLY_EXIT);
    if (exit.isPresent()) {
      if (hasPendingEscalation(record)) {
        return whileTheDriDecides(record, spec, now, instanceId);
      }
      if (record.relaunchAttempt == attempt) {
        return List.of(); // already asked for the next attempt; the supervisor is starting it
      }
      String signature = exitIsOurKill(record, assessment) ? record.killSignature
          : exit.get().signature();
      if (record.nanOnsetStep != null) {
        signature = "nan_loss"; // a lineage with a NaN in it resumes only from before it
      }
      if ("cuda_oom".equals(signature) && spec.oom() != null) {
        boolean eval = OomLadder.duringEval(assessment.probe().logTail());
        Optional<OomLadder.Step> rung = OomLadder.next(spec.oom(), record.oomArgs, eval);
        if (rung.isPresent()) {
          String from = catalog.newestComplete(record.rejectedCheckpoints)
              .map(Checkpoint::path).orElse(null);
          return List.of(new Proposal(new Action.Relaunch(from, OomLadder.SIGNATURE,
              Map.of(OomLadder.ARGS, rung.get().args())), "CUDA OOM "
              + (eval ? "during evaluation" : "in training") + ": " + rung.get().change()
              + "; resume from " + (from == null ? "scratch" : from)));
        }
        // The declared knobs are at their minimum: as without a ladder (budget, then the DRI).
      }
      Optional<Checkpoint> newest = catalog.newestComplete(record.rejectedCheckpoints);
      Optional<Checkpoint> source = recoverySource(catalog, record);
      String note = "";
      if (record.nanOnsetStep != null) { // the signature is nan_loss then (set above)
        long onset = record.nanOnsetStep;
        note = newest.isPresent() && newest.get().step() >= onset ? " (the newest before the"
            + " NaN onset at step " + onset + "; " + newest.get().name() + " is after it and no"
            + " recovery source)" : " (before the NaN onset at step " + onset + ")";
      }
      String from = source.map(Checkpoint::path).orElse(null);
      return List.of(new Proposal(new Action.Relaunch(from, signature, Map.of()),
          "trainer exited (" + exit.get().evidence() + "); resume from "
              + (from == null ? "scratch: no complete checkpoint" + note : from + note)));
    }
    if (record.killAttempt == attempt && record.killRequestedAt != null
        && Duration.between(record.killRequestedAt, now).compareTo(KILL_GRACE) < 0) {
      return List.of(); // our kill is on its way (TERM, then KILL after 5 s): let it land
    }
    Optional<Alert> stall = first(assessment, AlertKind.STALL);
    if (stall.isPresent()) {
      return List.of(new Proposal(new Action.KillTrainer("stall: " + stall.get().evidence()),
          "a hung trainer holds the GPU idle; kill it once and let it resume"));
    }
    Optional<Alert> diverged = first(assessment, AlertKind.DIVERGENCE);
    if (diverged.isPresent() && "nan_loss".equals(diverged.get().signature())) {
      return List.of(new Proposal(new Action.KillTrainer("divergence: "
          + diverged.get().evidence()), "a NaN run only burns money; stop it and ask the DRI"));
    }
    if (diverged.isPresent() && HealthAssessor.RESUME_MISMATCH.equals(
        diverged.get().signature())) {
      return List.of(new Proposal(new Action.KillTrainer(diverged.get().evidence()),
          "a resume that does not continue its lineage trains the wrong model; stop it and "
              + "ask the DRI before any relaunch"));
    }
    Optional<Alert> unstable = first(assessment, AlertKind.INSTABILITY);
    if (unstable.isPresent() && policy.hero().parkOnInstability()) {
      // Seed 004: "do not relaunch as if it were infrastructure"; the relaunch that follows is
      // on the never-relaunch list, so the DRI decides. Without park_on_instability the alert
      // alone goes to the DRI and training goes on.
      return List.of(new Proposal(new Action.KillTrainer(InstabilityRule.SIGNATURE + ": "
          + unstable.get().evidence()), "sustained instability after warmup: stop the trainer "
          + "and ask the DRI (the policy parks on instability)"));
    }
    Optional<Alert> badHost = first(assessment, AlertKind.SLOW, AlertKind.LOST, AlertKind.OFFLINE)
        .filter(a -> a.kind() == AlertKind.SLOW
            || assessment.probe() != null && !assessment.probe().reachable());
    if (badHost.isPresent() && record.instance != null && !recentlySwitched(record, now)) {
      // Seed 004's ladder, rung 4: a slow host, or one the provider lost, moves to a new
      // instance from the newest complete checkpoint. The guard lets it go without a person
      // only within the host_switch budget and with that checkpoint synced; else the DRI decides
      // (and the run parks meanwhile).
      if (hasPendingEscalation(record)) {
        return whileTheDriDecides(record, spec, now, instanceId);
      }
      if (badHost.get().kind() == AlertKind.SLOW && movesBetterAfterNextSave(assessment, catalog)) {
        return List.of(); // settled by the controller: the move comes right after the next save
      }
      String from = recoverySource(catalog, record).map(Checkpoint::path).orElse(null);
      return List.of(new Proposal(new Action.SwitchInstance(badHost.get().kind().label() + ": "
          + badHost.get().evidence()), "a " + (badHost.get().kind() == AlertKind.SLOW ? "slow"
          : "lost") + " host wastes every GPU-hour it holds; move to a new instance and resume "
          + "from " + (from == null ? "scratch: no complete checkpoint" : from)));
    }
    return List.of(); // idle GPU, memory, loss spike: reported, not acted on
  }

  /**
   * A slow host still trains: moving now throws away the progress since the newest complete
   * checkpoint (redone at full speed elsewhere), staying until the next save costs only the
   * slowdown on the steps up to it. Whichever costs less GPU time; unknown intervals move now.
   */
  public static boolean movesBetterAfterNextSave(Assessment assessment,
      CheckpointCatalog catalog) {
    Double slow = assessment.stepsPerSecond();
    Long step = assessment.step();
    var baseline = assessment.memory() == null ? null : assessment.memory().baseline();
    if (slow == null || slow <= 0 || step == null || baseline == null
        || baseline.stepsPerSecond() <= slow) {
      return false;
    }
    OptionalLong next = catalog.nextSaveAfter(step);
    Optional<Checkpoint> last = catalog.newestComplete(Set.of());
    if (next.isEmpty() || last.isEmpty() || step < last.get().step()) {
      return false;
    }
    long sinceSave = step - last.get().step();
    long toNextSave = next.getAsLong() - step;
    double full = baseline.stepsPerSecond();
    double moveNowLoses = sinceSave / full;
    double stayingLoses = toNextSave / slow - toNextSave / full;
    return stayingLoses < moveNowLoses;
  }

  /** A new instance gets its startup allowance before its own slowness or loss counts. */
  private boolean recentlySwitched(RunRecord record, Instant now) {
    return record.hostSwitchedAt != null
        && now.isBefore(record.hostSwitchedAt.plus(policy.alerts().startupGrace()));
  }

  private List<Proposal> done(RunRecord record, RunSpec spec, CheckpointCatalog catalog,
      String instanceId) {
    String finalName = spec.checkpoints().nameFor(spec.finalStep());
    Optional<Checkpoint> last = catalog.atStep(spec.finalStep());
    String path = last.map(Checkpoint::path)
        .orElse(spec.resolvedCheckpointDir() + "/" + finalName);
    if (!record.sealed) {
      Proposal seal = new Proposal(new Action.Seal(path, last.map(Checkpoint::complete)
          .orElse(false)), "the supervisor reports done; the final checkpoint must be complete");
      if ("destroy".equals(spec.teardown().onDone())) {
        return List.of(seal, destroy(instanceId, "done: final checkpoint verified"));
      }
      return List.of(seal);
    }
    if ("destroy".equals(spec.teardown().onDone()) && !"torn_down".equals(record.phase)) {
      return List.of(destroy(instanceId, "done: final checkpoint verified"));
    }
    return List.of();
  }

  /**
   * No trainer runs and the DRI has been asked: never hold the GPUs while a person thinks.
   * Pending: park (GPUs released, disk and checkpoints kept, resumed on approval). Denied: tear
   * down per {@code teardown.on_failed}; with {@code keep} the run stays parked.
   */
  private List<Proposal> whileTheDriDecides(RunRecord record, RunSpec spec, Instant now,
      String instanceId) {
    boolean denied = record.escalations.values().stream()
        .anyMatch(e -> "denied".equals(e.status()));
    if (denied && "destroy".equals(spec.teardown().onFailed())) {
      return idleTeardown(record, spec, now, instanceId);
    }
    if ("parked".equals(record.phase)) {
      return List.of();
    }
    String waiting = record.escalations.values().stream()
        .filter(e -> "pending".equals(e.status()) || "denied".equals(e.status()))
        .map(RunRecord.Escalation::id).findFirst().orElse("?");
    return List.of(new Proposal(new Action.Park(instanceId, (denied ? "the DRI denied "
        : "waiting for the DRI on ") + waiting), "never hold a GPU for a person: release "
        + "it while the DRI decides; the disk and its checkpoints are kept"));
  }

  private List<Proposal> idleTeardown(RunRecord record, RunSpec spec, Instant now,
      String instanceId) {
    if (!"destroy".equals(spec.teardown().onFailed()) || record.idleSince == null) {
      return List.of(); // teardown.on_failed: keep is the DRI's approved debugging hold
    }
    Duration idle = Duration.between(record.idleSince, now);
    if (idle.compareTo(policy.idleTeardownGrace()) < 0) {
      return List.of();
    }
    return List.of(destroy(instanceId, "idle " + idle.toSeconds() + "s with no trainer, "
        + "waiting for the DRI, no debugging hold"));
  }

  private static Proposal destroy(String instanceId, String reason) {
    return new Proposal(new Action.DestroyInstance(instanceId, reason),
        "never leave an expensive instance idle");
  }

  /**
   * Where a relaunch of this run may resume from: the newest complete checkpoint, or, in a
   * lineage with a NaN in it, the newest complete one before the onset (weights saved at or
   * after it may already carry the NaN). The controller's other endings use the same source.
   */
  public static Optional<Checkpoint> recoverySource(CheckpointCatalog catalog, RunRecord record) {
    return record.nanOnsetStep == null ? catalog.newestComplete(record.rejectedCheckpoints)
        : catalog.newestCompleteBefore(record.nanOnsetStep, record.rejectedCheckpoints);
  }

  /**
   * A finish that is no result to seal: a relaunch under {@code signature}, which the guard
   * escalates, from the newest complete checkpoint before {@code before} (the newest when null);
   * while an escalation waits, what the run does while the DRI decides.
   *
   * @param why the reason up to the recovery source; {@code beforeNote} follows it when
   *     {@code before} is set
   */
  private List<Proposal> noResult(RunRecord record, RunSpec spec, CheckpointCatalog catalog,
      Instant now, String instanceId, Long before, String signature, String why,
      String beforeNote) {
    if (hasPendingEscalation(record)) {
      return whileTheDriDecides(record, spec, now, instanceId);
    }
    String from = (before == null ? catalog.newestComplete(record.rejectedCheckpoints)
        : catalog.newestCompleteBefore(before, record.rejectedCheckpoints))
        .map(Checkpoint::path).orElse(null);
    return List.of(new Proposal(new Action.Relaunch(from, signature, Map.of()),
        why + (from == null ? "scratch" : from) + (before == null ? "" : beforeNote)));
  }

  /**
   * This attempt was stopped by us for a cause the DRI must judge (a resume that left its
   * lineage, instability); a NaN has its own finish above, a stall or the spend cap none.
   */
  private static boolean stoppedForAJudgment(RunRecord record, Assessment assessment) {
    return record.killAttempt == assessment.memory().attempt()
        && (HealthAssessor.RESUME_MISMATCH.equals(record.killSignature)
        || InstabilityRule.SIGNATURE.equals(record.killSignature));
  }

  private static boolean hasPendingEscalation(RunRecord record) {
    // A denied escalation keeps the run waiting as a pending one does: the DRI said no.
    return record.escalations.values().stream().anyMatch(e -> "pending".equals(e.status())
        || "denied".equals(e.status()));
  }

  private static Optional<Alert> first(Assessment assessment, AlertKind... kinds) {
    for (AlertKind kind : kinds) {
      Optional<Alert> found = assessment.alerts().stream().filter(a -> a.kind() == kind)
          .findFirst();
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
