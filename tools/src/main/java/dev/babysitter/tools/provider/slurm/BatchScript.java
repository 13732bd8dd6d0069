package dev.babysitter.tools.provider.slurm;

import java.util.ArrayList;
import java.util.List;

/**
 * The batch script of a run's job ({@code job.sbatch} in its instance directory): the
 * allocation as {@code #SBATCH} lines, then the supervisor on the first node with the
 * rendezvous variables a multi-node command needs ({@code srun torchrun --nnodes
 * $SLURM_NNODES --rdzv_endpoint $MASTER_ADDR:$MASTER_PORT ...}).
 */
public final class BatchScript {
  public static final String FILE_NAME = "job.sbatch";
  /** {@code --comment} of every job we submit, followed by the run's name. */
  public static final String COMMENT_PREFIX = "babysitter:";
  /** Where {@link SlurmProvider#resubmit} moves the ended job's state, for the next job. */
  static final String PREVIOUS_STATE = "state.resubmitted.json";

  private BatchScript() {}

  /** The script's text for a run named {@code runName} with its instance in {@code home}. */
  public static String text(String runName, String home, SlurmSettings s) {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/sh");
    lines.add("#SBATCH --job-name=" + runName);
    lines.add("#SBATCH --time=" + minutes(s));
    lines.add("#SBATCH --nodes=" + s.nodes());
    if (s.gpusPerNode() != null) {
      lines.add("#SBATCH --gpus-per-node=" + s.gpusPerNode());
    }
    if (s.partition() != null) {
      lines.add("#SBATCH --partition=" + s.partition());
    }
    if (s.account() != null) {
      lines.add("#SBATCH --account=" + s.account());
    }
    // The label reconcile finds our jobs by, as Vast instances carry theirs.
    lines.add("#SBATCH --comment=" + COMMENT_PREFIX + runName);
    lines.add("#SBATCH --chdir=" + home);
    lines.add("#SBATCH --output=" + home + "/slurm-%j.out");
    lines.add("#SBATCH --open-mode=append");
    for (String extra : s.sbatchExtra()) {
      lines.add("#SBATCH " + extra);
    }
    lines.add("# The supervisor runs on the first node; the run's command reaches the others"
        + " with srun.");
    lines.add("MASTER_ADDR=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)");
    lines.add("MASTER_PORT=${MASTER_PORT:-$((20000 + SLURM_JOB_ID % 20000))}");
    lines.add(s.gpusPerNode() == null
        ? "WORLD_SIZE=${SLURM_NTASKS:-$SLURM_JOB_NUM_NODES}"
        : "WORLD_SIZE=$((SLURM_JOB_NUM_NODES * " + s.gpusPerNode() + "))");
    lines.add("export MASTER_ADDR MASTER_PORT WORLD_SIZE");
    lines.add("cd " + quote(home) + " || exit 64");
    lines.add("echo \"$SLURM_JOB_ID\" > slurm_job_id");
    // Only the attempt number comes back: the old job's "stopped" must never read as this one's.
    lines.add("# A resubmitted job continues the attempt numbering of the job before it.");
    lines.add("if [ ! -f state.json ] && [ -f " + PREVIOUS_STATE + " ]; then");
    lines.add("  a=$(sed -n 's/.*\"attempt\":\\([0-9][0-9]*\\).*/\\1/p' " + PREVIOUS_STATE
        + ")");
    lines.add("  printf '{\"state\":\"starting\",\"attempt\":%s}\\n' \"${a:-0}\" > state.json");
    lines.add("fi");
    lines.add("exec sh ./supervisor.sh " + quote(home));
    lines.add("");
    return String.join("\n", lines);
  }

  /** {@code --time} in whole minutes, rounded up: never shorter than the spec's limit. */
  static long minutes(SlurmSettings s) {
    return Math.max(1, (s.time().toSeconds() + 59) / 60);
  }

  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
