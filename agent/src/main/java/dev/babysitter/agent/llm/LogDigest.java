package dev.babysitter.agent.llm;

import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.logs.ProgressParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The log as the agent reads it on waking: runs of routine progress lines are cut to their first
 * and last few with one line saying what was cut (how many, steps and loss from → to); every
 * other line (tracebacks, warnings, the supervisor's marks) stays verbatim. Progress lines are
 * most of a trainer's log and re-sent on every tool round, yet the trend is all they add; the
 * agent can still read them raw with {@code tail_log}.
 */
final class LogDigest {
  static final int KEEP_HEAD = 2;
  static final int KEEP_TAIL = 8;

  private final ProgressParser parser;

  LogDigest(ProgressParser parser) {
    this.parser = parser;
  }

  List<String> compact(List<String> lines) {
    List<String> out = new ArrayList<>();
    List<String> run = new ArrayList<>();
    List<Progress> readings = new ArrayList<>();
    for (String line : lines) {
      Progress p = routine(line);
      if (p != null) {
        run.add(line);
        readings.add(p);
        continue;
      }
      flush(run, readings, out);
      out.add(line);
    }
    flush(run, readings, out);
    return out;
  }

  /** A progress reading that carries nothing alarming; null for any other line. */
  private Progress routine(String line) {
    if (line == null || line.length() > 2_000) {
      return null;
    }
    Progress p = parser.parseLine(line).orElse(null);
    if (p == null || p.nanInf()) {
      return null;
    }
    String lower = line.toLowerCase(Locale.ROOT);
    boolean alarming = lower.contains("error") || lower.contains("warn")
        || lower.contains("exception") || lower.contains("nan") || lower.contains("inf ");
    return alarming ? null : p;
  }

  private static void flush(List<String> run, List<Progress> readings, List<String> out) {
    if (run.size() <= KEEP_HEAD + KEEP_TAIL + 1) {
      out.addAll(run);
    } else {
      out.addAll(run.subList(0, KEEP_HEAD));
      List<Progress> cut = readings.subList(KEEP_HEAD, run.size() - KEEP_TAIL);
      out.add("[… " + cut.size() + " routine progress lines cut" + span(cut) + " …]");
      out.addAll(run.subList(run.size() - KEEP_TAIL, run.size()));
    }
    run.clear();
    readings.clear();
  }

  private static String span(List<Progress> cut) {
    Long firstStep = null;
    Long lastStep = null;
    Double firstLoss = null;
    Double lastLoss = null;
    for (Progress p : cut) {
      Long s = p.globalStep() != null ? p.globalStep() : p.step();
      if (s != null) {
        firstStep = firstStep == null ? s : firstStep;
        lastStep = s;
      }
      if (p.loss() != null) {
        firstLoss = firstLoss == null ? p.loss() : firstLoss;
        lastLoss = p.loss();
      }
    }
    StringBuilder b = new StringBuilder();
    if (firstStep != null) {
      b.append(": steps ").append(firstStep).append(" → ").append(lastStep);
    }
    if (firstLoss != null) {
      b.append(b.length() == 0 ? ": " : ", ").append(String.format(Locale.ROOT,
          "loss %.4g → %.4g", firstLoss, lastLoss));
    }
    return b.toString();
  }
}
