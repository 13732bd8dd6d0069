package dev.babysitter.agent.bench;

import java.util.List;

/**
 * One run under one strategy. GPU-hours are instance-hours × GPUs; waste = idle after a fault
 * + progress lost to rollbacks + throughput lost to a slowdown + idle after done.
 */
public record RunOutcome(Strategy strategy, int runId, double heldGpuH, double wasteGpuH,
    double idleFaultGpuH, double lostGpuH, double degradedGpuH, double idleDoneGpuH,
    double lowerBoundGpuH, double runHours, int checks, long tokens, long healthyTokens,
    double healthyHours, int falseAlerts, int escalations, int llmWakeups, boolean finished,
    boolean burningAfterDone, List<Detection> detections) {

  public RunOutcome {
    detections = List.copyOf(detections);
  }

  /** One fault occurrence: its kind and detection latency in seconds (-1: never detected). */
  public record Detection(FaultKind kind, long latencyS) {}
}
