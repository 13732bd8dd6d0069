package dev.babysitter.agent.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The guard's and the watcher's rules, loaded from {@code policies/*.yaml}: data, not Java. */
public record Policy(
    String name,
    String description,
    CadenceRules cadence,
    AlertRules alerts,
    RetryRules retries,
    List<String> neverRelaunch,
    int stallKillsPerAttempt,
    Duration destructiveMinInterval,
    Duration idleTeardownGrace,
    Duration leaseGrace,
    SupervisorRules supervisor,
    SpendRules spend,
    EscalationRules escalate,
    Duration approvalTtl,
    Duration digestEvery,
    LlmRules llm,
    HeroRules hero) {

  /** Cadence: early ladder, cruise after healthy checks, alert cadence, milestone checks. */
  public record CadenceRules(List<Duration> early, int healthyChecksToCruise, Duration cruise,
      Duration alert, Duration milestoneMargin, Duration minInterval) {}

  /**
   * The alert table of DESIGN.md, with its thresholds. Silent phases real trainers have are not
   * hangs: before an attempt's first progress line the stall rule waits {@code startupGrace}
   * (imports, model load, data download, compilation); after the final step it waits
   * {@code exitGrace} for the trainer to exit (a last save, torchrun's monitor interval); an
   * eval or checkpoint save seen at the end of the log adds {@code saveGrace}; and without GPU
   * telemetry progress must be stale for {@code staleWithoutGpu}, since idleness is unknown.
   */
  public record AlertRules(int stallChecks, Duration staleAfter, int stallGpuUtilBelow,
      double slowFraction, int slowChecks, int idleGpuUtilBelow, int idleChecks,
      double memoryFractionAbove, double divergenceFactor, int divergenceWindow,
      Duration pendingAfter, int baselineChecks, Duration monitorStaleAfter,
      ResumeLossRules resumeLoss, Duration startupGrace, Duration exitGrace,
      Duration saveGrace, Duration staleWithoutGpu) {}

  /**
   * Resume loss mismatch (seed 004): while a resumed attempt replays steps its lineage already
   * logged, the loss at the same step may differ by at most {@code catchUpAbs}; once it is past
   * those steps and {@code warmupSteps} beyond its resume point, its loss may sit at most
   * {@code relative} above where the lineage left off.
   */
  public record ResumeLossRules(double catchUpAbs, double relative, int warmupSteps) {}

  /** Retry budgets per failure signature, and a total, counted within a window. */
  public record RetryRules(int total, Duration window, Map<String, Integer> perSignature,
      int defaultBudget) {
    public int budgetFor(String signature) {
      // The OOM ladder's halvings have their own budget, 2 unless the policy says otherwise.
      return perSignature.getOrDefault(signature, OOM_HALVING.equals(signature)
          ? DEFAULT_OOM_HALVINGS : defaultBudget);
    }

    static final String OOM_HALVING = "oom_halving";
    static final int DEFAULT_OOM_HALVINGS = 2;
  }

  /** What the on-instance supervisor may do on its own. */
  public record SupervisorRules(int maxAutoFixes, Duration heartbeat, Duration staleAfter,
      boolean oomReduceEvalBatch) {}

  /**
   * Spend: the most per hour at launch and in total; the total is also checked against the
   * projection (cost so far + current rate x ETA).
   */
  public record SpendRules(double maxDollarsPerHour, double maxTotalUsd) {}

  /**
   * The agents' leash: tool-calling round trips per question, and token caps per run per day
   * and over all runs per day. Over a cap the agent stays asleep; the playbook carries on.
   */
  public record LlmRules(int maxToolRounds, long maxTokensPerRunDay, long maxTokensPerDay) {}

  /**
   * What always needs the DRI, beyond the fixed rules: every destructive action, every relaunch,
   * and destroying an instance while its newest checkpoint is not yet on durable storage.
   */
  public record EscalationRules(boolean destructive, boolean relaunch, boolean unsyncedDestroy) {}

  /**
   * Seed 004's hero-run protocol. Instability after {@code warmupSteps}: a loss more than
   * {@code lossSpikeFraction} above its trend for {@code lossSpikeSteps} logged steps in a row,
   * or a grad norm above {@code gradNormFactor} times its median; {@code parkOnInstability}
   * says whether the trainer is then stopped (parked) or only the DRI told. A second failure
   * within {@code sameStepWindow} steps of an earlier one is a deterministic bug. Checkpoints
   * are stuck when none completes for {@code checkpointStuckFactor} times their usual spacing
   * while steps advance, or a directory lacks its marker longer than {@code checkpointSaveMax}.
   */
  public record HeroRules(int warmupSteps, double lossSpikeFraction, int lossSpikeSteps,
      double gradNormFactor, boolean parkOnInstability, long sameStepWindow,
      double checkpointStuckFactor, Duration checkpointSaveMax) {}
}
