package dev.babysitter.tools.probe;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything one round trip to the instance tells: supervisor state, heartbeat age, new events,
 * GPU rows, the checkpoint listing and the log tail. {@code reachable=false} means the probe
 * itself failed: the monitor is stale, which says nothing about the run's health.
 * {@code syncedStep}: the newest checkpoint step the supervisor's {@code checkpoints.sync} made
 * durable ({@code synced.json}), null when none or no sync is configured.
 */
public record Probe(
    Instant takenAt,
    boolean reachable,
    String problem,
    SupervisorState supervisor,
    Long heartbeatAgeS,
    boolean doneMarker,
    boolean supervisorAlive,
    List<String> newEvents,
    long eventsOffset,
    List<GpuRow> gpus,
    String gpuProblem,
    List<CheckpointCatalog.Entry> checkpoints,
    List<String> logTail,
    Long logAgeS,
    Long syncedStep) {

  /** Without a synced step: what a probe of an instance without checkpoint sync reads. */
  public Probe(Instant takenAt, boolean reachable, String problem, SupervisorState supervisor,
      Long heartbeatAgeS, boolean doneMarker, boolean supervisorAlive, List<String> newEvents,
      long eventsOffset, List<GpuRow> gpus, String gpuProblem,
      List<CheckpointCatalog.Entry> checkpoints, List<String> logTail, Long logAgeS) {
    this(takenAt, reachable, problem, supervisor, heartbeatAgeS, doneMarker, supervisorAlive,
        newEvents, eventsOffset, gpus, gpuProblem, checkpoints, logTail, logAgeS, null);
  }

  public static Probe unreachable(Instant at, String problem, long eventsOffset) {
    return new Probe(at, false, problem, null, null, false, false, List.of(), eventsOffset,
        List.of(), null, List.of(), List.of(), null);
  }

  /**
   * Whether the newest complete checkpoint (rejected ones aside) is synced: its step is at or
   * below {@link #syncedStep}. False when nothing is synced or there is no complete checkpoint.
   */
  public boolean newestCompleteSynced(CheckpointCatalog catalog, Set<String> rejectedPaths) {
    if (syncedStep == null || catalog == null) {
      return false;
    }
    return catalog.newestComplete(rejectedPaths).map(c -> c.step() <= syncedStep).orElse(false);
  }

  /** Mean utilisation over all GPUs, or -1 when no GPU row came back. */
  public int meanGpuUtil() {
    return gpus.isEmpty() ? -1
        : (int) Math.round(gpus.stream().mapToInt(GpuRow::utilPct).average().orElse(0));
  }

  /** The highest memory fraction over all GPUs, or -1 when no GPU row came back. */
  public double maxGpuMemFraction() {
    return gpus.isEmpty() ? -1 : gpus.stream().mapToDouble(GpuRow::memFraction).max().orElse(0);
  }
}
