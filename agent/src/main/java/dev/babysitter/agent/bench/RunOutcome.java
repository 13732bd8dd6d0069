package dev.babysitter.agent.bench;

import java.util.List;

/**
 * One run under one strategy. GPU-hours are instance-hours × GPUs; waste = idle after a fault
 * (restarts and host moves included) + progress lost to rollbacks + throughput lost to a
 * slowdown + idle after done. {@code floorGpuH}: what any strategy must pay (progress since the
 * last complete checkpoint at each fault, and the restarts and host moves the faults force, as
 * drawn for the run). {@code parkedGpuH}: GPU
 * time released while the disk was kept (not waste; its storage is in {@code parkedDollars}).
 */
public record RunOutcome(Strategy strategy, int runId, double heldGpuH, double wasteGpuH,
    double idleFaultGpuH, double lostGpuH, double degradedGpuH, double idleDoneGpuH,
    double floorGpuH, double runHours, double wallHours, double hoursLate, int checks,
    long tokens, long healthyTokens, double healthyHours, int falseAlerts, int pages,
    int llmWakeups, boolean finished, boolean burningAfterDone, double parkedDollars,
    List<Detection> detections) {

  public RunOutcome {
    detections = List.copyOf(detections);
  }

  /**
   * One fault occurrence: its kind, detection latency in seconds (-1: never detected), the waste
   * booked from its onset to the next fault and its share of the floor, GPU-hours.
   */
  public record Detection(FaultKind kind, long latencyS, double wasteGpuH, double floorGpuH) {}
}
