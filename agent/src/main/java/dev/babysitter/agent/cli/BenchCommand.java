package dev.babysitter.agent.cli;

import dev.babysitter.agent.bench.ClassifyBench;
import dev.babysitter.agent.bench.ScaleBench;
import dev.babysitter.agent.bench.SimBench;
import dev.babysitter.agent.bench.SimReport;
import dev.babysitter.agent.bench.TokenEstimate;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter bench sim|classify|scale}: figures, not tests. See docs/bench.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: simulated waste/latency/tokens per strategy, classifier "
        + "accuracy, watcher scale.",
    subcommands = {BenchCommand.Sim.class, BenchCommand.Classify.class, BenchCommand.Scale.class,
        ChaosBenchCommand.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    throw new UserException("bench needs a subcommand: sim, classify or scale", ExitCodes.USAGE);
  }

  static Path home() {
    return dev.babysitter.agent.session.Workspace.installRoot();
  }

  static Policy policy(Path file) throws Exception {
    return new PolicyLoader().load(file == null ? home().resolve("policies/default.yaml") : file);
  }

  static TokenEstimate tokens() throws java.io.IOException {
    return new TokenEstimate(Files.readString(home().resolve("prompts/babysitter.md"),
        StandardCharsets.UTF_8).length());
  }

  @Command(name = "sim", mixinStandardHelpOptions = true,
      description = "Discrete-event simulation of N runs on a virtual clock, every strategy on "
          + "the same fault schedule.")
  static final class Sim implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "200") int runs;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--seeds", defaultValue = "1",
        description = "run seeds seed, seed+1, …: figures are the median and range over them")
    int seeds;
    @Option(names = "--threads", defaultValue = "2") int threads;
    @Option(names = "--strategies", split = ",",
        description = "only these (ours, poll_15, poll_30, llm_5, marin_15, skypilot, dstack, "
            + "none); default all")
    java.util.List<String> only;
    @Option(names = "--rate-scale", defaultValue = "1.0",
        description = "multiply the per-day fault rates (sweep within failure-rates.md §c1)")
    double rateScale;
    @Option(names = "--dph", defaultValue = "2.5", description = "$ per GPU-hour") double dph;
    @Option(names = "--policy") Path policy;
    @Option(names = "--json") Path json;
    @Option(names = "--md") Path md;
    @Option(names = "--svg") Path svg;

    @Override
    public Integer call() throws Exception {
      java.util.List<Long> list = new java.util.ArrayList<>();
      for (int i = 0; i < Math.max(1, seeds); i++) {
        list.add(seed + i);
      }
      String command = String.format(java.util.Locale.ROOT, "./babysitter bench sim --runs %d "
          + "--seed %d --seeds %d --rate-scale %s --dph %s", runs, seed, list.size(), rateScale,
          dph);
      SimBench.Result result = new SimBench(policy(policy), tokens()).run(runs, list, rateScale,
          dph, threads, command, only == null ? java.util.List.of(
              dev.babysitter.agent.bench.Strategy.values()) : only.stream().map(x ->
              dev.babysitter.agent.bench.Strategy.valueOf(x.strip().toUpperCase(
                  java.util.Locale.ROOT))).toList());
      System.err.printf(java.util.Locale.ROOT, "simulated in %.1f s%n", result.wallSeconds());
      SimReport report = new SimReport(result);
      String table = report.markdown();
      System.out.print(table);
      write(json, report.json());
      write(md, table);
      write(svg, report.svg());
      return ExitCodes.OK;
    }
  }

  @Command(name = "classify", mixinStandardHelpOptions = true,
      description = "Per-class precision/recall and false alarms on healthy excerpts of a "
          + "corpus (id, label, framework, source, text per line).")
  static final class Classify implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.jsonl") Path file;

    @Override
    public Integer call() throws Exception {
      System.out.print(ClassifyBench.read(file).table());
      return ExitCodes.OK;
    }
  }

  @Command(name = "scale", mixinStandardHelpOptions = true,
      description = "One watcher thread checking N simulated runs: CPU per check, RSS, "
          + "missed checks.")
  static final class Scale implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "200") int runs;
    @Option(names = "--seconds", defaultValue = "20", description = "wall-clock seconds")
    int seconds;
    @Option(names = "--speedup", defaultValue = "60",
        description = "virtual seconds per wall second") int speedup;
    @Option(names = "--seed", defaultValue = "42") long seed;

    @Override
    public Integer call() throws Exception {
      System.out.print(new ScaleBench(policy(null), tokens()).run(runs, seed, seconds,
          speedup).render());
      return ExitCodes.OK;
    }
  }

  private static void write(Path file, String text) throws java.io.IOException {
    if (file != null) {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      System.err.println("wrote " + file);
    }
  }
}
