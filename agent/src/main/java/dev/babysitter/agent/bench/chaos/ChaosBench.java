package dev.babysitter.agent.bench.chaos;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Runs the chosen experiments in order, one line each as it ends, then a table. */
public final class ChaosBench {
  private final List<ChaosExperiment> experiments;
  private final Clock clock;

  public ChaosBench(List<ChaosExperiment> experiments, Clock clock) {
    this.experiments = List.copyOf(experiments);
    this.clock = clock;
  }

  /** Every experiment, in the order of the priorities. */
  public static List<ChaosExperiment> all() {
    return List.of(new ParserFuzz(), new GuardFuzz(), new SecretCanaries(),
        new PromptInjection(), new ClockSteps(), new DiskFaults(), new GitOriginFaults(), new VastFaults(), new KillNine());
  }

  public static List<String> names() {
    return all().stream().map(ChaosExperiment::name).toList();
  }

  /** The experiments named in {@code only} (all when empty); an unknown name is an error. */
  public static List<ChaosExperiment> select(Set<String> only) {
    if (only.isEmpty()) {
      return all();
    }
    Set<String> known = Set.copyOf(names());
    List<String> unknown = only.stream().filter(n -> !known.contains(n)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown experiment(s) " + unknown + "; known: "
          + names());
    }
    return all().stream().filter(e -> only.contains(e.name())).toList();
  }

  public List<ChaosResult> run(ChaosSettings settings, PrintStream out) throws Exception {
    List<ChaosResult> results = new ArrayList<>();
    for (ChaosExperiment e : experiments) {
      Instant start = clock.instant();
      ChaosResult r = e.run(settings);
      r = new ChaosResult(r.experiment(), r.trials(), r.violations(), r.violation(), r.figures(),
          r.examples(), Duration.between(start, clock.instant()));
      out.println(r.line());
      r.examples().forEach(x -> out.println("  e.g. " + x));
      results.add(r);
    }
    return results;
  }

  /** The README table: one row per experiment. */
  public static String table(List<ChaosResult> results) {
    StringBuilder sb = new StringBuilder();
    sb.append("| experiment | trials | violations (goal 0) | figures |\n");
    sb.append("|---|---:|---:|---|\n");
    for (ChaosResult r : results) {
      sb.append("| ").append(r.experiment()).append(" | ").append(r.trials()).append(" | ")
          .append(r.violations()).append(' ').append(r.violation()).append(" | ")
          .append(r.figures().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
              .collect(Collectors.joining(", "))).append(" |\n");
    }
    return sb.toString();
  }

  public static Map<String, Object> json(List<ChaosResult> results, ChaosSettings settings) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", settings.seed());
    m.put("small", settings.small());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ChaosResult r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("experiment", r.experiment());
      row.put("trials", r.trials());
      row.put("violations", r.violations());
      row.put("violation", r.violation());
      row.put("figures", r.figures());
      row.put("examples", r.examples());
      row.put("seconds", r.took().toMillis() / 1000.0);
      rows.add(row);
    }
    m.put("experiments", rows);
    return m;
  }
}
