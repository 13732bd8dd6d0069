package dev.babysitter.agent.bench.chaos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one experiment measured: how many trials it ran, how many violated its oracle (goal 0),
 * its other figures in the order it reported them, and the first few violations in words.
 */
public record ChaosResult(String experiment, long trials, long violations, String violation,
    Map<String, String> figures, java.util.List<String> examples, Duration took) {

  public ChaosResult {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    examples = java.util.List.copyOf(examples);
  }

  /** One printed line: name, trials, violations and every figure. */
  public String line() {
    String rest = figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(" "));
    return String.format(java.util.Locale.ROOT, "%-18s trials=%d %s=%d%s took=%ds",
        experiment, trials, violation.replace(' ', '_'), violations,
        rest.isEmpty() ? "" : " " + rest, took.toSeconds());
  }
}
