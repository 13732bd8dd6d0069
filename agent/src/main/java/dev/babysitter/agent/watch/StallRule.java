package dev.babysitter.agent.watch;

import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * When a quiet trainer is hung rather than busy in one of the silent phases real jobs have.
 * Stall age runs from the last progress the watcher saw (or the attempt's start before its first
 * progress line), never from lines the supervisor writes; the log must be silent too, and the
 * GPU idle where there is telemetry. The allowance depends on the phase: startup before the
 * first progress line, the exit after the final step, an eval or checkpoint save seen at the end
 * of the log, and a longer wait when GPU idleness cannot be known.
 */
final class StallRule {
  /** Words real trainers print when they start an eval or a save, then go quiet for a while. */
  private static final Pattern BUSY = Pattern.compile("(?i)\\b(sav(e|ed|es|ing)\\b|checkpoint"
      + "|evaluat|validat|\\beval\\b|\\bvalid\\b|running eval|consolidat|upload)");

  private final Policy.AlertRules rules;

  StallRule(Policy.AlertRules rules) {
    this.rules = rules;
  }

  /** What the assessor knows at this check. */
  record Signals(int attempt, Long step, long finalStep, int unchangedChecks, Duration progressAge,
      Long logAgeS, int gpuUtil, List<String> attemptLines) {}

  /** The stall's evidence, or null when the run is not stalled. */
  String check(Signals s) {
    return s.unchangedChecks() < rules.stallChecks() ? null : evaluate(s);
  }

  /**
   * Whether everything but the count of unchanged checks says stall: the first suspect reading,
   * which moves the watcher to alert cadence so one more check confirms it (or not) soon.
   */
  boolean suspect(Signals s) {
    return evaluate(s) != null;
  }

  private String evaluate(Signals s) {
    if (s.logAgeS() == null
        || s.logAgeS() <= rules.staleAfter().toSeconds()) {
      return null;
    }
    boolean gpuKnown = s.gpuUtil() >= 0;
    if (gpuKnown && s.gpuUtil() >= rules.stallGpuUtilBelow()) {
      return null;
    }
    Duration allowance;
    String phase;
    if (s.step() == null) {
      allowance = rules.startupGrace();
      phase = "no progress line in attempt " + s.attempt() + " for " + seconds(s.progressAge())
          + " (startup grace " + seconds(rules.startupGrace()) + ")";
    } else if (s.finalStep() > 0 && s.step() >= s.finalStep()) {
      allowance = rules.exitGrace();
      phase = "reached the final step " + s.step() + " but the trainer has not exited for "
          + seconds(s.progressAge()) + " (exit grace " + seconds(rules.exitGrace()) + ")";
    } else {
      allowance = rules.staleAfter();
      phase = "step " + s.step() + " unchanged for " + s.unchangedChecks() + " checks, no new "
          + "step for " + seconds(s.progressAge());
    }
    if (!gpuKnown && rules.staleWithoutGpu().compareTo(allowance) > 0) {
      allowance = rules.staleWithoutGpu();
    }
    String busy = busyLine(s.attemptLines());
    if (busy != null) {
      allowance = allowance.plus(rules.saveGrace());
    }
    if (s.progressAge().compareTo(allowance) <= 0) {
      return null;
    }
    return phase + ", log silent " + s.logAgeS() + "s, " + (gpuKnown ? "GPU util " + s.gpuUtil()
        + "%" : "no GPU telemetry (stall needs " + seconds(rules.staleWithoutGpu())
        + " without progress instead)") + (busy == null ? "" : "; the log's last line looks"
        + " like an eval or save (+" + seconds(rules.saveGrace()) + "): " + clip(busy));
  }

  /** The last non-blank line when it announces an eval or a save, else null. */
  static String busyLine(List<String> lines) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (!line.isEmpty()) {
        return BUSY.matcher(line).find() ? line : null;
      }
    }
    return null;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  private static String clip(String line) {
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }
}
