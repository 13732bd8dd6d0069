package dev.babysitter.tools.provider.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a Slurm run asks of the cluster ({@code provider: {kind: slurm, ...}}) and where its
 * instance directories live.
 *
 * @param nodes nodes of the allocation; the supervisor runs on the first
 * @param gpusPerNode null = no {@code --gpus-per-node}
 * @param partition null = the cluster's default
 * @param account null = the user's default
 * @param time the job's {@code --time}: the scheduler's own dead-man switch
 * @param sbatchExtra further sbatch options, one per entry, e.g. {@code --cpus-per-task=8}
 * @param gpuHourUsd the $/GPU-hour rate for the status line and spend cap; null = not priced
 * @param instancesRoot where instance directories are made: on the cluster's shared filesystem
 * @param env for Slurm's client commands, e.g. {@code SLURM_CONF}
 */
public record SlurmSettings(int nodes, Integer gpusPerNode, String partition, String account,
    Duration time, List<String> sbatchExtra, Double gpuHourUsd, Path instancesRoot,
    Map<String, String> env) {

  public SlurmSettings {
    sbatchExtra = sbatchExtra == null ? List.of() : List.copyOf(sbatchExtra);
    env = env == null ? Map.of() : Map.copyOf(env);
    instancesRoot = instancesRoot.toAbsolutePath().normalize();
  }

  /** GPUs of the whole allocation (0 when none are asked for). */
  public int gpus() {
    return gpusPerNode == null ? 0 : nodes * gpusPerNode;
  }

  /** What the allocation costs per hour: the rate times its GPUs, 0 when not priced. */
  public double dollarsPerHour() {
    return gpuHourUsd == null ? 0 : gpuHourUsd * gpus();
  }
}
