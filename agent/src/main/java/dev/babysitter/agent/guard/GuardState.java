package dev.babysitter.agent.guard;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.logs.DataPositions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the guard may look at: a snapshot of the run record and of the instance, so that
 * {@link PolicyGuard#decide} is a pure function of (action, state, clock).
 *
 * <p>{@code eta}: time to the final step at the current rate, null when unknown.
 * {@code newestCheckpointSynced}: whether the newest checkpoint is on durable storage; the
 * provider says (the local provider's output root is durable); unknown means false.
 * {@code hold}: a person's standing instruction from the run's mailbox ("don't relaunch before
 * I look"), or null: while set, the guard escalates instead of relaunching or destroying.
 */
public record GuardState(
    String runName,
    int attempt,
    List<RelaunchMark> relaunches,
    int stallKillsThisAttempt,
    Instant lastDestructiveAt,
    CheckpointCatalog checkpoints,
    Set<String> rejectedCheckpoints,
    double dollarsPerHour,
    double costSoFarUsd,
    Set<String> approvedIds,
    Duration eta,
    boolean newestCheckpointSynced,
    String hold,
    Double runCapUsd,
    Long failedAtStep,
    DataPositions.Position failedAtPosition) {

  /**
   * One past relaunch: when, after which failure signature, and the step and data position
   * the failed attempt had reached (null when unknown, as in records from before they were
   * kept, or a log that shows no data position).
   */
  public record RelaunchMark(Instant at, String signature, Long step,
      DataPositions.Position position) {
    public RelaunchMark(Instant at, String signature) {
      this(at, signature, null, null);
    }

    public RelaunchMark(Instant at, String signature, Long step) {
      this(at, signature, step, null);
    }
  }

  public GuardState {
    relaunches = List.copyOf(relaunches);
    rejectedCheckpoints = Set.copyOf(rejectedCheckpoints);
    approvedIds = Set.copyOf(approvedIds);
  }

  /** Without the failing step. */
  public GuardState(String runName, int attempt, List<RelaunchMark> relaunches,
      int stallKillsThisAttempt, Instant lastDestructiveAt, CheckpointCatalog checkpoints,
      Set<String> rejectedCheckpoints, double dollarsPerHour, double costSoFarUsd,
      Set<String> approvedIds, Duration eta, boolean newestCheckpointSynced, String hold) {
    this(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt, checkpoints,
        rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, hold, null, null, null);
  }

  /** The step the current attempt failed at (or has reached), for the same-step rule. */
  public GuardState withFailedAtStep(Long step) {
    return withFailedAt(step, failedAtPosition);
  }

  /** The step and data position the current attempt failed at, for the same-step rule. */
  public GuardState withFailedAt(Long step, DataPositions.Position position) {
    return new GuardState(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt,
        checkpoints, rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, hold, runCapUsd, step, position);
  }

  /** Without a hold. */
  public GuardState(String runName, int attempt, List<RelaunchMark> relaunches,
      int stallKillsThisAttempt, Instant lastDestructiveAt, CheckpointCatalog checkpoints,
      Set<String> rejectedCheckpoints, double dollarsPerHour, double costSoFarUsd,
      Set<String> approvedIds, Duration eta, boolean newestCheckpointSynced) {
    this(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt, checkpoints,
        rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, null, null, null, null);
  }

  public GuardState withHold(String reason) {
    return new GuardState(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt,
        checkpoints, rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, reason, runCapUsd, failedAtStep, failedAtPosition);
  }

  /** The run's own spend cap ({@code limits.max_cost_usd}); null: the policy's cap applies. */
  public GuardState withRunCap(Double capUsd) {
    return new GuardState(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt,
        checkpoints, rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, hold, capUsd, failedAtStep, failedAtPosition);
  }

  /** The cap this run's spending answers to: its own, or else the policy's. */
  public double spendCapUsd(double policyCapUsd) {
    return runCapUsd != null ? runCapUsd : policyCapUsd;
  }

  public static GuardState empty(String runName, CheckpointCatalog checkpoints) {
    return new GuardState(runName, 1, List.of(), 0, null, checkpoints, Set.of(), 0, 0, Set.of(),
        null, false);
  }

  public Map<String, Long> relaunchesBySignature(Instant since) {
    return relaunches.stream().filter(r -> !r.at().isBefore(since))
        .collect(java.util.stream.Collectors.groupingBy(RelaunchMark::signature,
            java.util.stream.Collectors.counting()));
  }
}
