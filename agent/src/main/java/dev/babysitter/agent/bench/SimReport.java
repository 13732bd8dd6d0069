package dev.babysitter.agent.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures as JSON, a markdown table and a hand-written SVG bar chart. */
public final class SimReport {
  private final SimBench.Result result;

  public SimReport(SimBench.Result result) {
    this.result = result;
  }

  public String json() throws com.fasterxml.jackson.core.JsonProcessingException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("params", result.params());
    out.put("strategies", result.strategies());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(out);
  }

  public String markdown() {
    SimBench.Params p = result.params();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d simulated runs, seed %d, rate scale %.1f, $%.2f "
        + "per GPU-hour; fault rates from %s.%n%n", p.runs(), p.seed(), p.rateScale(),
        p.dollarsPerGpuHour(), p.source()));
    sb.append("| strategy | waste % | lower bound % | waste GPU-h | $ wasted | idle after done "
        + "GPU-h | checks/run-day | tokens/run-h healthy | tokens/run-h overall | false alerts/"
        + "run-day | escalations | undetected | unfinished |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (StrategyFigures f : result.strategies()) {
      sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.0f | %.0f | %.1f | %.1f | "
          + "%.0f | %.0f | %.2f | %d | %d/%d | %d |%n", f.title(), 100 * f.wasteFraction(),
          100 * f.lowerBoundFraction(), f.wasteGpuH(), f.dollarsWasted(), f.idleAfterDoneGpuH(),
          f.checksPerRunDay(), f.tokensPerRunHourHealthy(), f.tokensPerRunHourOverall(),
          f.falseAlertsPerRunDay(), f.escalations(), f.undetected(), f.faults(),
          f.runs() - f.finished()));
    }
    sb.append("\nDetection latency, minutes, p50 / p95 (n faults):\n\n| fault |");
    result.strategies().forEach(f -> sb.append(' ').append(f.strategy()).append(" |"));
    sb.append("\n|---|");
    result.strategies().forEach(f -> sb.append("---:|"));
    sb.append('\n');
    for (FaultKind k : FaultKind.values()) {
      StringBuilder row = new StringBuilder("| " + k.label() + " |");
      boolean any = false;
      for (StrategyFigures f : result.strategies()) {
        StrategyFigures.Latency l = f.latencyMinutes().get(k.label());
        any |= l != null;
        row.append(l == null ? " – |" : String.format(Locale.ROOT, " %s / %s (%d%s) |",
            num(l.p50()), num(l.p95()), l.n(), l.undetected() > 0 ? ", " + l.undetected()
                + " missed" : ""));
      }
      if (any) {
        sb.append(row).append('\n');
      }
    }
    return sb.toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "–" : v < 10 ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%.0f", v);
  }

  /** Waste and its lower bound per strategy, as % of GPU-hours: two bars each. */
  public String svg() {
    List<StrategyFigures> fs = result.strategies();
    double max = fs.stream().mapToDouble(StrategyFigures::wasteFraction).max().orElse(0.01);
    int w = 720;
    int rowH = 44;
    int left = 260;
    int h = 60 + rowH * fs.size();
    double scale = (w - left - 80) / Math.max(max, 1e-6);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
    sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"20\" font-size=\"14\">GPU-hours "
        + "wasted, %% of total (%d runs, seed %d); grey: lower bound</text>%n",
        result.params().runs(), result.params().seed()));
    int y = 40;
    for (StrategyFigures f : fs) {
      sb.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 16,
          esc(f.title())));
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\""
          + " fill=\"#d9534f\"/>%n", left, y + 4, f.wasteFraction() * scale));
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"8\""
          + " fill=\"#888\"/>%n", left, y + 22, f.lowerBoundFraction() * scale));
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f%%</text>%n",
          left + f.wasteFraction() * scale + 6, y + 16, 100 * f.wasteFraction()));
      y += rowH;
    }
    return sb.append("</svg>\n").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
