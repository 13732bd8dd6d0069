package dev.babysitter.agent.watch;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.logs.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Resume loss mismatch (seed 004, marin.md): a resumed attempt must continue the lineage it
 * resumes. While it replays steps the lineage already logged ("catch-up"), the loss at the same
 * step may differ by at most {@code catch_up_abs}, on two replayed steps (the first log after a
 * resume can average a shorter window than the original did); once past those steps and {@code warmup_steps}
 * beyond its resume point, the median of its first few losses may sit at most {@code relative}
 * above the lineage's last level, or more than its own step-to-step noise explains. Higher only: a lower loss is progress, not a bad resume. The
 * resume point is taken as the attempt's first logged step minus one, which errs by at most one
 * logging interval; an attempt that starts from scratch is not a resume and is not compared.
 * Pure: no clock, no I/O.
 */
public final class ResumeLossCheck {
  /** Points compared on each side for the after-warmup rule. */
  static final int SAMPLE = 5;
  /** Fewest points after warmup before that rule speaks. */
  static final int MIN_AFTER = 3;
  /** Lineage points the noise is estimated from. */
  static final int NOISE_POINTS = 40;
  /** Standard error of a median relative to a mean's (sqrt(pi/2)). */
  static final double MEDIAN_SE = 1.2533;
  /** How many standard errors apart two levels must be before noise is ruled out. */
  static final double NOISE_SIGMAS = 3;

  private final Policy.ResumeLossRules rules;

  public ResumeLossCheck(Policy.ResumeLossRules rules) {
    this.rules = rules;
  }

  /**
   * Step → train loss from parsed log lines. A reading with a loss but no step (Hugging Face's
   * dicts) takes the step of the latest progress reading before it (the bar of the same step).
   */
  public static Map<Long, Double> points(List<Progress> readings) {
    Map<Long, Double> out = new TreeMap<>();
    Long step = null;
    for (Progress p : readings) {
      Long here = p.globalStep() != null ? p.globalStep() : p.step();
      if (here != null) {
        step = here;
      }
      if (step != null && p.loss() != null && !p.nanInf()) {
        out.put(step, p.loss());
      }
    }
    return out;
  }

  /** The lineage with this check's verdict; {@link LossLineage#mismatch()} says what is wrong. */
  public LossLineage check(LossLineage l) {
    if (l.mismatch() != null || l.settled() || l.lineage().isEmpty() || l.attempt().isEmpty()) {
      return l;
    }
    NavigableMap<Long, Double> before = l.lineage();
    NavigableMap<Long, Double> now = l.attempt();
    long resumedAt = now.firstKey() - 1;
    if (resumedAt <= 0) {
      return l.verdict(null, true); // a restart from scratch is a new curve, not a resume
    }
    String firstOff = null;
    for (Map.Entry<Long, Double> e : now.entrySet()) {
      Double old = before.get(e.getKey());
      if (old == null || Math.abs(e.getValue() - old) <= rules.catchUpAbs()) {
        continue;
      }
      String off = String.format(Locale.ROOT, "step %d replayed after the resume at step %d: "
          + "loss %.4f vs %.4f before (|Δ| %.4f > %s)", e.getKey(), resumedAt, e.getValue(), old,
          Math.abs(e.getValue() - old), rules.catchUpAbs());
      if (firstOff != null) {
        return l.verdict(firstOff + "; and " + off, true);
      }
      // One is not enough: the first log after a resume can average a shorter window.
      firstOff = off;
    }
    long from = Math.max(before.lastKey(), resumedAt + rules.warmupSteps());
    List<Double> after = new ArrayList<>(now.tailMap(from, false).values());
    if (after.size() < MIN_AFTER) {
      return l;
    }
    List<Double> newSample = after.subList(0, Math.min(SAMPLE, after.size()));
    double newLevel = median(newSample);
    List<Double> last = new ArrayList<>(before.descendingMap().values());
    List<Double> oldSample = last.subList(0, Math.min(SAMPLE, last.size()));
    double oldLevel = median(oldSample);
    // Two medians of a few noisy steps differ by noise alone: the allowance is the larger of
    // the policy's relative margin and NOISE_SIGMAS standard errors of their difference.
    double sigma = stepNoise(last.subList(0, Math.min(NOISE_POINTS, last.size())));
    double noiseAllowance = NOISE_SIGMAS * MEDIAN_SE * sigma
        * Math.sqrt(1.0 / newSample.size() + 1.0 / oldSample.size());
    double allowed = Math.max(oldLevel * rules.relative(), noiseAllowance);
    if (oldLevel > 0 && newLevel > oldLevel + allowed) {
      return l.verdict(String.format(Locale.ROOT, "after the resume at step %d and %d warmup "
          + "steps the loss is %.4f, %.1f%% above %.4f where the lineage left off at step %d "
          + "(allowed %.1f%%: the larger of %.1f%% and %.0f standard errors of the lineage's "
          + "step-to-step noise %.4f)", resumedAt, rules.warmupSteps(), newLevel,
          (newLevel / oldLevel - 1) * 100, oldLevel, before.lastKey(), allowed / oldLevel * 100,
          rules.relative() * 100, NOISE_SIGMAS, sigma), true);
    }
    return l.verdict(null, true);
  }

  /**
   * The lineage's own step-to-step noise, robust to its (locally linear) trend and to spikes:
   * each point's distance from the midpoint of its neighbours, whose median absolute value is
   * scaled to a standard deviation (1.4826 / sqrt 1.5 for Gaussian noise).
   */
  static double stepNoise(List<Double> newestFirst) {
    if (newestFirst.size() < 5) {
      return 0;
    }
    List<Double> residuals = new ArrayList<>();
    for (int i = 1; i + 1 < newestFirst.size(); i++) {
      double mid = (newestFirst.get(i - 1) + newestFirst.get(i + 1)) / 2;
      residuals.add(Math.abs(newestFirst.get(i) - mid));
    }
    return median(residuals) * 1.4826 / Math.sqrt(1.5);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
