package dev.babysitter.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures as JSON (median and range over the seeds per strategy, then every seed's own),
 * a markdown table and a hand-written SVG bar chart.
 */
public final class SimReport {
  private final SimBench.Result result;

  public SimReport(SimBench.Result result) {
    this.result = result;
  }

  /** Per strategy: every numeric figure's median over the seeds, and its [min, max]. */
  public List<Map<String, Object>> summary() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Strategy s : Strategy.values()) {
      List<StrategyFigures> per = new ArrayList<>();
      if (result.outcomes().get(s) == null) {
        continue;
      }
      for (SimBench.SeedResult seed : result.seeds()) {
        seed.strategies().stream().filter(f -> f.strategy().equals(s.key())).forEach(per::add);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("strategy", s.key());
      m.put("title", s.title());
      for (RecordComponent c : StrategyFigures.class.getRecordComponents()) {
        Class<?> t = c.getType();
        if (t != double.class && t != int.class) {
          continue;
        }
        double[] v = per.stream().mapToDouble(f -> number(c, f)).toArray();
        String key = snake(c.getName());
        m.put(key, median(v));
        m.put(key + "_range", new double[] {min(v), max(v)});
      }
      Map<String, Map<String, Object>> latency = new LinkedHashMap<>();
      for (FaultKind k : FaultKind.values()) {
        List<StrategyFigures.Latency> ls = per.stream().map(f -> f.latencyMinutes()
            .get(k.label())).filter(java.util.Objects::nonNull).toList();
        if (ls.isEmpty()) {
          continue;
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("n", ls.stream().mapToInt(StrategyFigures.Latency::n).sum());
        l.put("undetected", ls.stream().mapToInt(StrategyFigures.Latency::undetected).sum());
        l.put("p50_min", median(ls.stream().mapToDouble(StrategyFigures.Latency::p50).toArray()));
        l.put("p95_min", median(ls.stream().mapToDouble(StrategyFigures.Latency::p95).toArray()));
        l.put("waste_gpu_h", median(ls.stream().mapToDouble(StrategyFigures.Latency::wasteGpuH)
            .toArray()));
        l.put("floor_gpu_h", median(ls.stream().mapToDouble(StrategyFigures.Latency::floorGpuH)
            .toArray()));
        latency.put(k.label(), l);
      }
      m.put("detection_latency", latency);
      out.add(m);
    }
    return out;
  }

  public String json() throws com.fasterxml.jackson.core.JsonProcessingException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("params", result.params());
    out.put("strategies", summary());
    out.put("seeds", result.seeds());
    out.put("wall_seconds", result.wallSeconds());
    return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out);
  }

  public String markdown() {
    SimBench.Params p = result.params();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d simulated runs × %d seeds %s, rate scale %.1f, "
        + "$%.2f per GPU-hour; fault rates from %s. Median over the seeds [min–max].%n%n",
        p.runs(), p.seeds().size(), p.seeds(), p.rateScale(), p.dollarsPerGpuHour(), p.source()));
    if (!p.command().isEmpty()) {
      sb.append("Reproduce: `").append(p.command()).append("`\n\n");
    }
    sb.append("| strategy | waste GPU-h | floor GPU-h | waste ÷ floor | waste % | ETTR % | "
        + "pages/run-day | $ wasted | tokens/run-h healthy | tokens/run-h overall | "
        + "h late/run | unfinished |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map<String, Object> m : summary()) {
      sb.append("| ").append(m.get("title")).append(" | ")
          .append(cell(m, "waste_gpu_h", 1, "%.0f")).append(" | ")
          .append(cell(m, "floor_gpu_h", 1, "%.0f")).append(" | ")
          .append(cell(m, "waste_over_floor", 1, "%.2f")).append(" | ")
          .append(cell(m, "waste_fraction", 100, "%.2f")).append(" | ")
          .append(cell(m, "ettr", 100, "%.2f")).append(" | ")
          .append(cell(m, "pages_per_run_day", 1, "%.3f")).append(" | ")
          .append(cell(m, "dollars_wasted", 1, "%.0f")).append(" | ")
          .append(cell(m, "tokens_per_run_hour_healthy", 1, "%.0f")).append(" | ")
          .append(cell(m, "tokens_per_run_hour_overall", 1, "%.0f")).append(" | ")
          .append(cell(m, "hours_late_mean", 1, "%.1f")).append(" | ")
          .append(String.format(Locale.ROOT, "%.0f", (double) m.get("runs")
              - (double) m.get("finished"))).append(" |\n");
    }
    List<Map<String, Object>> sum = summary();
    kindTable(sb, sum, "Detection latency, minutes, p50 / p95 (median over seeds; faults, missed)",
        l -> String.format(Locale.ROOT, "%s / %s (%d%s)", num((double) l.get("p50_min")),
            num((double) l.get("p95_min")), (int) l.get("n"), (int) l.get("undetected") > 0
                ? ", " + l.get("undetected") + " missed" : ""));
    kindTable(sb, sum, "Waste booked to each fault kind (from its onset to the next fault) / its "
        + "share of the floor, GPU-h (median over seeds)", l -> String.format(Locale.ROOT,
            "%.0f / %.0f", (double) l.get("waste_gpu_h"), (double) l.get("floor_gpu_h")));
    return sb.toString();
  }

  /** One row per fault kind any strategy met, one column per strategy. */
  private static void kindTable(StringBuilder sb, List<Map<String, Object>> sum, String title,
      java.util.function.Function<Map<String, Object>, String> cell) {
    sb.append('\n').append(title).append(":\n\n| fault |");
    sum.forEach(m -> sb.append(' ').append(m.get("strategy")).append(" |"));
    sb.append("\n|---|");
    sum.forEach(m -> sb.append("---:|"));
    sb.append('\n');
    for (FaultKind k : FaultKind.values()) {
      StringBuilder row = new StringBuilder("| " + k.label() + " |");
      boolean any = false;
      for (Map<String, Object> m : sum) {
        @SuppressWarnings("unchecked")
        Map<String, Object> l = ((Map<String, Map<String, Object>>) m.get("detection_latency"))
            .get(k.label());
        any |= l != null;
        row.append(' ').append(l == null ? "–" : cell.apply(l)).append(" |");
      }
      if (any) {
        sb.append(row).append('\n');
      }
    }
  }

  private static String cell(Map<String, Object> m, String key, double scale, String fmt) {
    double v = (double) m.get(key);
    double[] r = (double[]) m.get(key + "_range");
    return String.format(Locale.ROOT, fmt + " [" + fmt + "–" + fmt + "]", v * scale,
        r[0] * scale, r[1] * scale);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "–" : v < 10 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%.0f", v);
  }

  /** Median waste and floor per strategy, as % of GPU-hours held: two bars each. */
  public String svg() {
    List<Map<String, Object>> fs = summary();
    double max = fs.stream().mapToDouble(m -> ((double[]) m.get("waste_fraction_range"))[1])
        .max().orElse(0.01);
    int w = 760;
    int rowH = 44;
    int left = 330;
    int h = 60 + rowH * fs.size();
    double scale = (w - left - 90) / Math.max(max, 1e-6);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
    sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\">GPU-hours "
        + "wasted, %% of held (%d runs × %d seeds, median, whisker: range); grey: floor</text>%n",
        result.params().runs(), result.params().seeds().size()));
    int y = 40;
    for (Map<String, Object> m : fs) {
      double waste = (double) m.get("waste_fraction");
      double[] range = (double[]) m.get("waste_fraction_range");
      double floor = (double) m.get("floor_gpu_h") / Math.max(1e-9, (double) m.get("held_gpu_h"));
      sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 16,
          esc((String) m.get("title"))));
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\""
          + " fill=\"#d9534f\"/>%n", left, y + 4, waste * scale));
      sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" "
          + "stroke=\"#333\"/>%n", left + range[0] * scale, left + range[1] * scale, y + 12,
          y + 12));
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"8\""
          + " fill=\"#888\"/>%n", left, y + 22, floor * scale));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f%%</text>%n",
          left + range[1] * scale + 6, y + 16, 100 * waste));
      y += rowH;
    }
    return sb.append("</svg>\n").toString();
  }

  private static double number(RecordComponent c, StrategyFigures f) {
    try {
      return ((Number) c.getAccessor().invoke(f)).doubleValue();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  static double median(double[] v) {
    double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).filter(x -> !Double.isNaN(x)).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
