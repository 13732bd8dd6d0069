package dev.babysitter.agent.runs;

import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every run's row from its stored record (no probe, no tokens), and the table they print as. */
public final class RunTable {
  private RunTable() {}

  public static RunRow row(RunRecord r, Instant now) {
    Long step = r.memory.lastStep();
    Long finalStep = finalStep(r);
    Double rate = r.memory.stepsPerSecond();
    Double cost = null;
    if (r.instance != null && r.launchedAt != null) {
      Instant until = r.endedAt != null ? r.endedAt : now;
      cost = r.instance.dollarsPerHour() * Math.max(0, Duration.between(r.launchedAt, until)
          .toSeconds()) / 3600.0;
    }
    Instant eta = null;
    if (!r.finished() && step != null && finalStep != null && rate != null && rate > 0
        && finalStep > step) {
      eta = now.plusSeconds((long) Math.ceil((finalStep - step) / rate));
    }
    return new RunRow(r.runName, r.phase, step, finalStep, rate, cost, eta,
        r.finished() ? null : r.nextCheckAt, r.instance == null ? null : r.instance.id(),
        r.instance == null ? null : r.instance.provider());
  }

  /** The spec's final step; the spec file may have moved since, so the record is the fallback. */
  private static Long finalStep(RunRecord r) {
    if (r.specPath != null) {
      try {
        return new RunSpecLoader().load(Path.of(r.specPath)).finalStep();
      } catch (Exception e) {
        // fall through to what the last launch recorded
      }
    }
    String recorded = r.launchedSpec.get("final_step");
    try {
      return recorded == null ? null : Long.valueOf(recorded.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The rows as an aligned table, one header line; times relative to {@code now}. */
  public static List<String> render(List<RunRow> rows, Instant now) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"RUN", "PHASE", "STEP", "RATE", "COST", "ETA", "NEXT CHECK",
        "INSTANCE"});
    for (RunRow r : rows) {
      cells.add(new String[] {r.run(), r.phase(),
          (r.step() == null ? "-" : r.step().toString()) + "/"
              + (r.finalStep() == null ? "?" : r.finalStep().toString()),
          r.stepsPerSecond() == null ? "-" : String.format(Locale.ROOT, "%.2f/s",
              r.stepsPerSecond()),
          r.costUsd() == null ? "-" : String.format(Locale.ROOT, "$%.2f", r.costUsd()),
          relative(r.eta(), now), relative(r.nextCheckAt(), now),
          r.instance() == null ? "-" : r.instance()
              + (r.provider() == null ? "" : " (" + r.provider() + ")")});
    }
    int[] width = new int[cells.get(0).length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] row : cells) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        b.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + width[i]
            + "s  ", row[i]));
      }
      out.add(b.toString().stripTrailing());
    }
    return out;
  }

  /** "in 12 min", "3 min ago", or "-". */
  static String relative(Instant at, Instant now) {
    if (at == null) {
      return "-";
    }
    Duration d = Duration.between(now, at).withNanos(0);
    return d.isNegative() ? Durations.format(d.negated()) + " ago"
        : "in " + Durations.format(d);
  }
}
