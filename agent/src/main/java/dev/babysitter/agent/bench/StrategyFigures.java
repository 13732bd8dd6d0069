package dev.babysitter.agent.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one strategy over all runs of one seed. ETTR = productive GPU time ÷ GPU time
 * held, where productive is held less waste; pages count what reached the DRI.
 */
public record StrategyFigures(String strategy, String title, int runs, int finished,
    int burningAfterDone, double heldGpuH, double wasteGpuH, double wasteFraction,
    double floorGpuH, double wasteOverFloor, double ettr, double pagesPerRunDay,
    double dollarsWasted, double tokensPerRunHourHealthy, double tokensPerRunHourOverall,
    double idleAfterFaultGpuH, double lostProgressGpuH, double slowdownGpuH,
    double idleAfterDoneGpuH, double checksPerRunDay, double falseAlertsPerRunDay, int pages,
    int llmWakeups, double hoursLateMean, double parkedDollars, int faults, int undetected,
    Map<String, Latency> latencyMinutes) {

  /**
   * Detection latency of one fault kind, minutes (undetected faults are counted, not timed), and
   * the waste booked to that kind against its share of the floor, GPU-hours.
   */
  public record Latency(int n, int undetected, double p50, double p95, double wasteGpuH,
      double floorGpuH) {}

  static StrategyFigures of(Strategy s, List<RunOutcome> runs, double dollarsPerGpuHour) {
    double held = sum(runs, RunOutcome::heldGpuH);
    double waste = sum(runs, RunOutcome::wasteGpuH);
    double floor = sum(runs, RunOutcome::floorGpuH);
    double runHours = sum(runs, RunOutcome::runHours);
    double runDays = sum(runs, RunOutcome::wallHours) / 24;
    double healthyHours = sum(runs, RunOutcome::healthyHours);
    long tokens = runs.stream().mapToLong(RunOutcome::tokens).sum();
    long healthyTokens = runs.stream().mapToLong(RunOutcome::healthyTokens).sum();
    Map<String, List<Long>> byKind = new LinkedHashMap<>();
    Map<String, double[]> bill = new LinkedHashMap<>();
    for (FaultKind k : FaultKind.values()) {
      byKind.put(k.label(), new ArrayList<>());
      bill.put(k.label(), new double[2]);
    }
    int faults = 0;
    int undetected = 0;
    for (RunOutcome r : runs) {
      for (RunOutcome.Detection d : r.detections()) {
        byKind.get(d.kind().label()).add(d.latencyS());
        bill.get(d.kind().label())[0] += d.wasteGpuH();
        bill.get(d.kind().label())[1] += d.floorGpuH();
        faults++;
        undetected += d.latencyS() < 0 ? 1 : 0;
      }
    }
    Map<String, Latency> latency = new LinkedHashMap<>();
    byKind.forEach((k, v) -> {
      if (!v.isEmpty()) {
        long[] seen = v.stream().filter(x -> x >= 0).mapToLong(Long::longValue).sorted().toArray();
        latency.put(k, new Latency(v.size(), v.size() - seen.length, pct(seen, 50) / 60.0,
            pct(seen, 95) / 60.0, bill.get(k)[0], bill.get(k)[1]));
      }
    });
    int pages = runs.stream().mapToInt(RunOutcome::pages).sum();
    double late = runs.stream().mapToDouble(RunOutcome::hoursLate).filter(x -> !Double.isNaN(x))
        .average().orElse(Double.NaN);
    return new StrategyFigures(s.key(), s.title(), runs.size(),
        (int) runs.stream().filter(RunOutcome::finished).count(),
        (int) runs.stream().filter(RunOutcome::burningAfterDone).count(), held, waste,
        waste / held, floor, floor <= 0 ? Double.NaN : waste / floor, (held - waste) / held,
        pages / runDays, waste * dollarsPerGpuHour,
        healthyHours <= 0 ? 0 : healthyTokens / healthyHours, tokens / runHours,
        sum(runs, RunOutcome::idleFaultGpuH), sum(runs, RunOutcome::lostGpuH),
        sum(runs, RunOutcome::degradedGpuH), sum(runs, RunOutcome::idleDoneGpuH),
        runs.stream().mapToInt(RunOutcome::checks).sum() / runDays,
        runs.stream().mapToInt(RunOutcome::falseAlerts).sum() / runDays, pages,
        runs.stream().mapToInt(RunOutcome::llmWakeups).sum(), late,
        sum(runs, RunOutcome::parkedDollars), faults, undetected, latency);
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
}
