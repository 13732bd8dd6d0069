package dev.babysitter.agent.guard;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
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
    Long failedAtStep) {

  /**
   * One past relaunch: when, after which failure signature, and the step the failed attempt
   * had reached (null when unknown, as in records from before it was kept).
   */
  public record RelaunchMark(Instant at, String signature, Long step) {
    public RelaunchMark(Instant at, String signature) {
      this(at, signature, null);
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
        newestCheckpointSynced, hold, null, null);
  }

  /** The step the current attempt failed at (or has reached), for the same-step rule. */
  public GuardState withFailedAtStep(Long step) {
    return new GuardState(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt,
        checkpoints, rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, hold, runCapUsd, step);
  }

  /** Without a hold. */
  public GuardState(String runName, int attempt, List<RelaunchMark> relaunches,
      int stallKillsThisAttempt, Instant lastDestructiveAt, CheckpointCatalog checkpoints,
      Set<String> rejectedCheckpoints, double dollarsPerHour, double costSoFarUsd,
      Set<String> approvedIds, Duration eta, boolean newestCheckpointSynced) {
    this(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt, checkpoints,
        rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, null, null, null);
  }

  public GuardState withHold(String reason) {
    return new GuardState(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt,
        checkpoints, rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, reason, runCapUsd, failedAtStep);
  }

  /** The run's own spend cap ({@code limits.max_cost_usd}); null: the policy's cap applies. */
  public GuardState withRunCap(Double capUsd) {
    return new GuardState(runName, attempt, relaunches, stallKillsThisAttempt, lastDestructiveAt,
        checkpoints, rejectedCheckpoints, dollarsPerHour, costSoFarUsd, approvedIds, eta,
        newestCheckpointSynced, hold, capUsd, failedAtStep);
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
