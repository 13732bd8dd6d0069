package dev.babysitter.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.tools.logs.FailureClassifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * `bench classify`: the real FailureClassifier over a labelled corpus in the
 * shared/corpus/failure-logs-dev.jsonl format; per-class precision/recall, and how many
 * healthy excerpts it would have alerted on.
 */
public final class ClassifyBench {
  /** One corpus line and what the classifier said. */
  public record Case(String id, String label, String predicted) {}

  /** Counts of one class: true positives, false positives, false negatives. */
  public record ClassScore(String label, int support, int tp, int fp, int fn) {
    public double precision() {
      return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    }
  }

  private final List<Case> cases;

  public ClassifyBench(List<Case> cases) {
    this.cases = List.copyOf(cases);
  }

  public static ClassifyBench read(Path jsonl) throws IOException {
    ObjectMapper json = new ObjectMapper();
    FailureClassifier classifier = new FailureClassifier();
    List<Case> cases = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = json.readTree(line);
      cases.add(new Case(n.path("id").asText(), n.path("label").asText(),
          classifier.classify(n.path("text").asText()).label()));
    }
    return new ClassifyBench(cases);
  }

  public List<Case> cases() {
    return cases;
  }

  public Map<String, ClassScore> scores() {
    Map<String, ClassScore> out = new TreeMap<>();
    for (Case c : cases) {
      out.putIfAbsent(c.label(), new ClassScore(c.label(), 0, 0, 0, 0));
      out.putIfAbsent(c.predicted(), new ClassScore(c.predicted(), 0, 0, 0, 0));
    }
    out.replaceAll((label, s) -> {
      int support = 0;
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (Case c : cases) {
        boolean is = c.label().equals(label);
        boolean said = c.predicted().equals(label);
        support += is ? 1 : 0;
        tp += is && said ? 1 : 0;
        fp += !is && said ? 1 : 0;
        fn += is && !said ? 1 : 0;
      }
      return new ClassScore(label, support, tp, fp, fn);
    });
    return out;
  }

  /** Healthy excerpts the classifier called a failure: each one would be a false alert. */
  public List<Case> falseAlarms() {
    return cases.stream().filter(c -> c.label().equals("healthy")
        && !c.predicted().equals("healthy")).toList();
  }

  public double accuracy() {
    return cases.isEmpty() ? Double.NaN
        : (double) cases.stream().filter(c -> c.label().equals(c.predicted())).count()
            / cases.size();
  }

  public String table() {
    StringBuilder sb = new StringBuilder("| class | n | precision | recall | tp | fp | fn |\n"
        + "|---|---:|---:|---:|---:|---:|---:|\n");
    scores().values().forEach(s -> sb.append(String.format(Locale.ROOT,
        "| %s | %d | %s | %s | %d | %d | %d |%n", s.label(), s.support(), f(s.precision()),
        f(s.recall()), s.tp(), s.fp(), s.fn())));
    long healthy = cases.stream().filter(c -> c.label().equals("healthy")).count();
    sb.append(String.format(Locale.ROOT, "%naccuracy %s over %d excerpts; false alarms on "
        + "healthy excerpts: %d of %d%n", f(accuracy()), cases.size(), falseAlarms().size(),
        healthy));
    for (Case c : cases) {
      if (!c.label().equals(c.predicted())) {
        sb.append("  miss ").append(c.id()).append(": ").append(c.label()).append(" -> ")
            .append(c.predicted()).append('\n');
      }
    }
    return sb.toString();
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }
}
