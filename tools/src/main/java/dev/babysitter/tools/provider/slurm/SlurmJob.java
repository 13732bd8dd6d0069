package dev.babysitter.tools.provider.slurm;

import dev.babysitter.tools.provider.InstanceState;
import java.util.Locale;
import java.util.Set;

/**
 * One job as Slurm reports it: its state ({@code PENDING}, {@code RUNNING}, {@code CANCELLED},
 * ...), the reason Slurm gives (why it pends, who cancelled it), its nodes, and once it ended
 * its exit code as Slurm writes it ({@code 1:0}: exit status 1, no signal; {@code 0:9}: killed
 * by signal 9; empty when not known). {@code state} is {@code GONE} when the scheduler no
 * longer knows the job (purged after MinJobAge) and no accounting remembers it.
 */
public record SlurmJob(String id, String state, String reason, String nodes, String exitCode) {
  public static final String GONE = "GONE";

  public SlurmJob {
    exitCode = exitCode == null ? "" : exitCode.strip();
  }

  /** Without an exit code: a job that has not ended, or whose exit code is not known. */
  public SlurmJob(String id, String state, String reason, String nodes) {
    this(id, state, reason, nodes, "");
  }

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

  /**
   * For status lines: {@code pending (Resources)}, {@code running on node1}, {@code timeout},
   * {@code failed, exit 1}, {@code cancelled (by uid 0), signal 15}.
   */
  public String describe() {
    String s = state.toLowerCase(Locale.ROOT);
    if (reason != null && !reason.isBlank() && !"None".equals(reason)) {
      s += " (" + reason + ")";
    }
    s += exitDescription();
    return nodes == null || nodes.isBlank() || instanceState() != InstanceState.RUNNING
        && instanceState() != InstanceState.LOADING ? s : s + " on " + nodes;
  }

  /** {@code ", exit 1"}, {@code ", signal 9"}, or empty for 0:0 and unknown. */
  private String exitDescription() {
    String[] f = exitCode.split(":");
    if (f.length != 2 || !f[0].matches("\\d+") || !f[1].matches("\\d+")) {
      return "";
    }
    String out = "0".equals(f[0]) ? "" : ", exit " + f[0];
    return "0".equals(f[1]) ? out : out + ", signal " + f[1];
  }
}
