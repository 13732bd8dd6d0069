package dev.babysitter.agent.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one strategy over all runs: what the JSON, the table and the chart show. */
public record StrategyFigures(String strategy, String title, int runs, int finished,
    int burningAfterDone, double totalGpuH, double wasteGpuH, double wasteFraction,
    double lowerBoundGpuH, double lowerBoundFraction, double idleAfterFaultGpuH,
    double lostProgressGpuH, double slowdownGpuH, double idleAfterDoneGpuH,
    double checksPerRunDay, double tokensPerRunHourHealthy, double tokensPerRunHourOverall,
    double falseAlertsPerRunDay, int escalations, int llmWakeups, double dollarsWasted,
    int faults, int undetected, Map<String, Latency> latencyMinutes) {

  /** Detection latency of one fault kind, minutes; undetected faults are counted, not timed. */
  public record Latency(int n, int undetected, double p50, double p95) {}

  static StrategyFigures of(Strategy s, List<RunOutcome> runs, double dollarsPerGpuHour) {
    double held = sum(runs, RunOutcome::heldGpuH);
    double waste = sum(runs, RunOutcome::wasteGpuH);
    double lower = sum(runs, RunOutcome::lowerBoundGpuH);
    double runHours = sum(runs, RunOutcome::runHours);
    double healthyHours = sum(runs, RunOutcome::healthyHours);
    long tokens = runs.stream().mapToLong(RunOutcome::tokens).sum();
    long healthyTokens = runs.stream().mapToLong(RunOutcome::healthyTokens).sum();
    Map<String, List<Long>> byKind = new LinkedHashMap<>();
    for (FaultKind k : FaultKind.values()) {
      byKind.put(k.label(), new ArrayList<>());
    }
    int faults = 0;
    int undetected = 0;
    for (RunOutcome r : runs) {
      for (RunOutcome.Detection d : r.detections()) {
        byKind.get(d.kind().label()).add(d.latencyS());
        faults++;
        undetected += d.latencyS() < 0 ? 1 : 0;
      }
    }
    Map<String, Latency> latency = new LinkedHashMap<>();
    byKind.forEach((k, v) -> {
      if (!v.isEmpty()) {
        long[] seen = v.stream().filter(x -> x >= 0).mapToLong(Long::longValue).sorted().toArray();
        latency.put(k, new Latency(v.size(), v.size() - seen.length, pct(seen, 50) / 60.0,
            pct(seen, 95) / 60.0));
      }
    });
    return new StrategyFigures(s.key(), s.title(), runs.size(),
        (int) runs.stream().filter(RunOutcome::finished).count(),
        (int) runs.stream().filter(RunOutcome::burningAfterDone).count(), held, waste,
        waste / held, lower, lower / held, sum(runs, RunOutcome::idleFaultGpuH),
        sum(runs, RunOutcome::lostGpuH), sum(runs, RunOutcome::degradedGpuH),
        sum(runs, RunOutcome::idleDoneGpuH),
        runs.stream().mapToInt(RunOutcome::checks).sum() / (runHours / 24),
        healthyHours <= 0 ? 0 : healthyTokens / healthyHours, tokens / runHours,
        runs.stream().mapToInt(RunOutcome::falseAlerts).sum() / (runHours / 24),
        runs.stream().mapToInt(RunOutcome::escalations).sum(),
        runs.stream().mapToInt(RunOutcome::llmWakeups).sum(), waste * dollarsPerGpuHour,
        faults, undetected, latency);
  }

  private static double sum(List<RunOutcome> runs,
      java.util.function.ToDoubleFunction<RunOutcome> f) {
    return runs.stream().mapToDouble(f).sum();
  }

  /** Nearest-rank percentile; NaN when nothing was detected. */
  static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static long[] sorted(List<Long> v) {
    long[] a = v.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return a;
  }
}
