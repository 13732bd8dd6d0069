package dev.babysitter.agent.bench;

import dev.babysitter.agent.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * `bench sim`: every run of each seed's schedule under every strategy, then the figures per
 * seed and their median and range over the seeds. Seeds and strategies run on a small thread
 * pool; every run has its own virtual clock, instance and (for ours) controller and store.
 */
public final class SimBench {
  /** What the run was asked to do, kept with the figures so they can be reproduced. */
  public record Params(int runs, List<Long> seeds, double rateScale, double dollarsPerGpuHour,
      long tokensPerWakeupExample, String source, String command) {}

  /** One seed's figures, one entry per strategy. */
  public record SeedResult(long seed, List<StrategyFigures> strategies) {}

  /** {@code outcomes}: every run of the first seed, per strategy (for the invariants). */
  public record Result(Params params, List<SeedResult> seeds,
      Map<Strategy, List<RunOutcome>> outcomes, double wallSeconds) {}

  private final Policy policy;
  private final TokenEstimate tokens;

  public SimBench(Policy policy, TokenEstimate tokens) {
    this.policy = policy;
    this.tokens = tokens;
  }

  public Result run(int runs, long seed, double rateScale, double dollarsPerGpuHour) {
    return run(runs, List.of(seed), rateScale, dollarsPerGpuHour, 1, "");
  }

  public Result run(int runs, List<Long> seeds, double rateScale, double dollarsPerGpuHour,
      int threads, String command) {
    return run(runs, seeds, rateScale, dollarsPerGpuHour, threads, command,
        List.of(Strategy.values()));
  }

  public Result run(int runs, List<Long> seeds, double rateScale, double dollarsPerGpuHour,
      int threads, String command, List<Strategy> strategies) {
    long t0 = System.nanoTime();
    Path dir;
    try {
      Path shm = Path.of("/dev/shm");
      // Ours' run stores and logbooks: in memory where the machine has a tmpfs.
      dir = Files.isDirectory(shm) && Files.isWritable(shm)
          ? Files.createTempDirectory(shm, "babysitter-bench-")
          : Files.createTempDirectory("babysitter-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      Map<Long, Map<Strategy, Future<List<RunOutcome>>>> futures = new java.util.LinkedHashMap<>();
      for (long seed : seeds) {
        List<RunPlan> plans = new FaultSchedule(seed, rateScale).plans(runs);
        Map<Strategy, Future<List<RunOutcome>>> bySeed = new EnumMap<>(Strategy.class);
        for (Strategy s : strategies) {
          Path work = dir.resolve("seed-" + seed + "-" + s.key());
          bySeed.put(s, pool.submit(() -> {
            SimRunner runner = new SimRunner(policy, tokens, dollarsPerGpuHour, work);
            List<RunOutcome> list = new ArrayList<>();
            for (RunPlan plan : plans) {
              list.add(runner.run(plan, s));
            }
            return list;
          }));
        }
        futures.put(seed, bySeed);
      }
      List<SeedResult> results = new ArrayList<>();
      Map<Strategy, List<RunOutcome>> first = new EnumMap<>(Strategy.class);
      for (Map.Entry<Long, Map<Strategy, Future<List<RunOutcome>>>> e : futures.entrySet()) {
        List<StrategyFigures> figures = new ArrayList<>();
        for (Strategy s : strategies) {
          List<RunOutcome> list = e.getValue().get(s).get();
          if (results.isEmpty()) {
            first.put(s, list);
          }
          figures.add(StrategyFigures.of(s, list, dollarsPerGpuHour));
        }
        results.add(new SeedResult(e.getKey(), figures));
      }
      long example = tokens.promptChars() / 4 + 200L * 90 / 4;
      return new Result(new Params(runs, List.copyOf(seeds), rateScale, dollarsPerGpuHour,
          example, "shared/reference/failure-rates.md §c1 (L3, RSC, BR, MS, BLOOM, OPT, LAB, PT)",
          command), results, first, (System.nanoTime() - t0) / 1e9);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulated run failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      deleteTree(dir);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
