package dev.babysitter.agent.guard;

import java.util.Map;

/**
 * Every side effect an agent or the playbook can ask for. Nothing acts on the world except
 * through {@link PolicyGuard#decide}; reading actions go through it too, for budgets and audit.
 */
public sealed interface Action {

  /** A short stable name, used in the logbook and in tool results. */
  String name();

  /** Whether the action can lose work or money if it is wrong. */
  default boolean destructive() {
    return false;
  }

  /** Whether the action only reads: allowed reads are counted in the logbook, not listed. */
  default boolean read() {
    return false;
  }

  /** One line for the logbook: the action with its arguments. */
  String describe();

  /** Sorted, so that describe() and the approval id derived from it are stable. */
  private static Map<String, String> sorted(Map<String, String> map) {
    return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(map));
  }

  record LaunchInstance(String runName, double dollarsPerHour) implements Action {
    public String name() { return "launch_instance"; }
    public String describe() { return "launch " + runName + " at $" + dollarsPerHour + "/h"; }
  }

  record DestroyInstance(String instanceId, String reason) implements Action {
    public String name() { return "destroy_instance"; }
    public boolean destructive() { return true; }
    public String describe() { return "destroy " + instanceId + " (" + reason + ")"; }
  }

  /**
   * Releases the instance's GPUs while a person decides, keeping its disk (Vast stop; local: the
   * supervisor stopped). Not destructive: the run resumes from where it stopped on approval.
   */
  record Park(String instanceId, String reason) implements Action {
    public String name() { return "park"; }
    public String describe() { return "park " + instanceId + " (" + reason + ")"; }
  }

  /** A new attempt from {@code fromCheckpoint} (null: from scratch) after {@code signature}. */
  record Relaunch(String fromCheckpoint, String signature, Map<String, String> configDelta)
      implements Action {
    public Relaunch {
      configDelta = sorted(configDelta);
    }
    public String name() { return "relaunch"; }
    public String describe() {
      return "relaunch after " + signature + " from "
          + (fromCheckpoint == null ? "scratch" : fromCheckpoint)
          + (configDelta.isEmpty() ? "" : " with " + configDelta);
    }
  }

  record KillTrainer(String reason) implements Action {
    public String name() { return "kill_trainer"; }
    public boolean destructive() { return true; }
    public String describe() { return "kill the trainer (" + reason + ")"; }
  }

  record ApplyFix(String kind, String detail) implements Action {
    public String name() { return "apply_fix"; }
    public String describe() { return "apply fix " + kind + ": " + detail; }
  }

  /**
   * A relaunch on a new instance. {@code budget}: the retry budget it is charged to,
   * {@code host_switch} for a slow, lost or failing host; a preempted instance's move is the
   * preemption's own relaunch ({@code preemption_sigterm}).
   */
  record SwitchInstance(String reason, String budget) implements Action {
    public SwitchInstance {
      budget = budget == null ? "host_switch" : budget;
    }

    public SwitchInstance(String reason) {
      this(reason, null);
    }

    public String name() { return "switch_instance"; }
    public boolean destructive() { return true; }
    public String describe() { return "switch instance (" + reason + ")"; }
  }

  record ReduceConfig(Map<String, String> delta, String reason) implements Action {
    public ReduceConfig {
      delta = sorted(delta);
    }
    public String name() { return "reduce_config"; }
    public String describe() { return "reduce config " + delta + " (" + reason + ")"; }
  }

  record DeleteCheckpoint(String path) implements Action {
    public String name() { return "delete_checkpoint"; }
    public boolean destructive() { return true; }
    public String describe() { return "delete checkpoint " + path; }
  }

  record TailLog(int lines) implements Action {
    public String name() { return "tail_log"; }
    public boolean read() { return true; }
    public String describe() { return "tail " + lines + " log lines"; }
  }

  record GpuStatus() implements Action {
    public String name() { return "gpu_status"; }
    public boolean read() { return true; }
    public String describe() { return "read nvidia-smi"; }
  }

  record CommitLogbook(String message) implements Action {
    public String name() { return "commit_logbook"; }
    public String describe() { return "commit logbook: " + message; }
  }

  record CommentIssue(String body) implements Action {
    public String name() { return "comment_issue"; }
    public String describe() {
      return "comment on issue: " + (body.length() > 80 ? body.substring(0, 80) + "…" : body);
    }
  }

  /** Seal the run: only after the final checkpoint is verified complete. */
  record Seal(String finalCheckpoint, boolean finalCheckpointComplete) implements Action {
    public String name() { return "seal"; }
    public String describe() { return "seal the run at " + finalCheckpoint; }
  }
}
