package dev.babysitter.agent.bench;

import dev.babysitter.agent.policy.Policy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * `bench scale`: one thread of one process watching N simulated runs with our real per-check
 * path. Virtual time runs {@code speedup} times faster than the wall clock, so a cruise cadence
 * of 30 min still produces many checks in seconds; a check is missed when it starts more than
 * {@link #TOLERANCE} (wall) after its due time.
 */
public final class ScaleBench {
  static final Duration TOLERANCE = Duration.ofSeconds(1);

  /** What one scale run measured. */
  public record Figures(int runs, int seconds, int speedup, int checks, double cpuMicrosP50,
      double cpuMicrosP99, double cpuMicrosMean, long rssKib, long heapUsedKib, int missed,
      long worstLateMs) {
    public String render() {
      return String.format(Locale.ROOT, "runs watched        %d (one thread, one process)%n"
          + "wall / virtual      %d s / x%d%n" + "checks              %d%n"
          + "CPU per check       p50 %.0f us, p99 %.0f us, mean %.0f us (ThreadMXBean)%n"
          + "resident memory     %d MiB (VmRSS); heap used %d MiB%n"
          + "checks missed       %d (later than due by > %d ms; worst %d ms)%n", runs, seconds,
          speedup, checks, cpuMicrosP50, cpuMicrosP99, cpuMicrosMean, rssKib / 1024,
          heapUsedKib / 1024, missed, TOLERANCE.toMillis(), worstLateMs);
    }
  }

  private final Policy policy;
  private final TokenEstimate tokens;

  public ScaleBench(Policy policy, TokenEstimate tokens) {
    this.policy = policy;
    this.tokens = tokens;
  }

  public Figures run(int runs, long seed, int seconds, int speedup)
      throws InterruptedException, IOException {
    Path dir = Files.createTempDirectory("babysitter-scale-");
    SimRunner runner = new SimRunner(policy, tokens, 2.5, dir);
    List<RunPlan> plans = new FaultSchedule(seed, 1).plans(runs);
    List<OursRun> watchers = new ArrayList<>();
    for (RunPlan plan : plans) {
      watchers.add(runner.oursRun(plan));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long wallStart = System.nanoTime();
    long wallEnd = wallStart + seconds * 1_000_000_000L;
    List<Long> cpu = new ArrayList<>();
    int missed = 0;
    long worst = 0;
    while (System.nanoTime() < wallEnd) {
      int next = -1;
      for (int i = 0; i < watchers.size(); i++) {
        if (!watchers.get(i).finished() && (next < 0
            || watchers.get(i).nextCheckAt().isBefore(watchers.get(next).nextCheckAt()))) {
          next = i;
        }
      }
      if (next < 0) {
        break;
      }
      Instant due = watchers.get(next).nextCheckAt();
      long dueWall = wallStart + Duration.between(SimRunner.EPOCH, due).toNanos() / speedup;
      long wait = dueWall - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long late = (System.nanoTime() - dueWall) / 1_000_000;
      worst = Math.max(worst, late);
      missed += late > TOLERANCE.toMillis() ? 1 : 0;
      long c0 = mx.getCurrentThreadCpuTime();
      watchers.get(next).checkAt(due);
      cpu.add(mx.getCurrentThreadCpuTime() - c0);
    }
    long[] sorted = cpu.stream().mapToLong(Long::longValue).sorted().toArray();
    double mean = Arrays.stream(sorted).average().orElse(0) / 1000;
    SimBench.deleteTree(dir);
    Runtime rt = Runtime.getRuntime();
    return new Figures(runs, seconds, speedup, sorted.length,
        StrategyFigures.pct(sorted, 50) / 1000, StrategyFigures.pct(sorted, 99) / 1000, mean,
        rssKib(), (rt.totalMemory() - rt.freeMemory()) / 1024, missed, worst);
  }

  /** VmRSS from /proc/self/status; the JVM's committed heap where there is no /proc. */
  static long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return Runtime.getRuntime().totalMemory() / 1024;
  }
}
