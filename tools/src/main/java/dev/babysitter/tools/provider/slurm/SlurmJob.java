package dev.babysitter.tools.provider.slurm;

import dev.babysitter.tools.provider.InstanceState;
import java.util.Locale;
import java.util.Set;

/**
 * One job as Slurm reports it: its state ({@code PENDING}, {@code RUNNING}, {@code CANCELLED},
 * ...), the reason Slurm gives (why it pends), and its nodes. {@code state} is {@code GONE}
 * when the scheduler no longer knows the job (purged after MinJobAge).
 */
public record SlurmJob(String id, String state, String reason, String nodes) {
  public static final String GONE = "GONE";

  // Ended from outside the run: the scheduler or a person took the allocation away, so a new
  // job may resume from the checkpoints on the shared filesystem.
  private static final Set<String> LOST = Set.of("CANCELLED", "NODE_FAIL", "PREEMPTED",
      "BOOT_FAIL", GONE);
  private static final Set<String> WAITING = Set.of("PENDING", "CONFIGURING", "REQUEUED",
      "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SPECIAL_EXIT", "RESIZING");
  private static final Set<String> LIVE = Set.of("RUNNING", "COMPLETING", "SUSPENDED",
      "STOPPED", "SIGNALING", "STAGE_OUT");

  public InstanceState instanceState() {
    if (WAITING.contains(state)) {
      return InstanceState.LOADING;
    }
    if (LIVE.contains(state)) {
      return InstanceState.RUNNING;
    }
    return GONE.equals(state) ? InstanceState.GONE : InstanceState.EXITED;
  }

  /** Whether the job ended from outside (cancelled, preempted, its node failed, or purged). */
  public boolean lost() {
    return LOST.contains(state);
  }

  /** For status lines: {@code pending (Resources)}, {@code running on node1}, {@code timeout}. */
  public String describe() {
    String s = state.toLowerCase(Locale.ROOT);
    if (reason != null && !reason.isBlank() && !"None".equals(reason)) {
      s += " (" + reason + ")";
    }
    return nodes == null || nodes.isBlank() ? s : s + " on " + nodes;
  }
}
