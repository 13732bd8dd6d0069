package dev.babysitter.agent.hero;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.tools.logs.GradNorms;
import dev.babysitter.tools.logs.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Numerical instability beyond NaN (seed 004), read from the readings of one log tail: a loss
 * more than {@code lossSpikeFraction} above its trend (the median of the readings before the
 * spike) for {@code lossSpikeSteps} logged steps in a row, or a grad norm above
 * {@code gradNormFactor} times its median (or non-finite). Both only after warmup, where fast
 * changes are expected. Pure; NaN losses stay the divergence alert's.
 */
public final class InstabilityRule {
  /** The failure signature: a stop for it is never followed by a blind relaunch. */
  public static final String SIGNATURE = "instability";
  /** Readings needed before the spike to call anything a trend. */
  static final int MIN_TREND = 5;
  /** How far back the trend reaches. */
  static final int TREND_WINDOW = 50;

  private final Policy.HeroRules rules;

  public InstabilityRule(Policy.HeroRules rules) {
    this.rules = rules;
  }

  /**
   * @param readings progress readings of the current attempt, oldest first
   * @param norms grad norms of the same lines, oldest first
   * @param currentStep the step the log is at, standing in for grad norms whose line names none
   */
  public Optional<Alert> check(List<Progress> readings, List<GradNorms.Reading> norms,
      Long currentStep) {
    Optional<Alert> spike = lossSpike(readings);
    return spike.isPresent() ? spike : gradExplosion(norms, currentStep);
  }

  private Optional<Alert> lossSpike(List<Progress> readings) {
    List<double[]> points = new ArrayList<>(); // {step, loss}
    for (Progress p : readings) {
      Long step = p.globalStep() != null ? p.globalStep() : p.step();
      if (step != null && p.loss() != null && Double.isFinite(p.loss())
          && step >= rules.warmupSteps()) {
        if (!points.isEmpty() && points.get(points.size() - 1)[0] == step) {
          points.set(points.size() - 1, new double[] {step, p.loss()}); // one loss per step
        } else {
          points.add(new double[] {step, p.loss()});
        }
      }
    }
    int n = rules.lossSpikeSteps();
    if (points.size() < n + MIN_TREND) {
      return Optional.empty();
    }
    List<double[]> spike = points.subList(points.size() - n, points.size());
    List<Double> before = points.subList(Math.max(0, points.size() - n - TREND_WINDOW),
        points.size() - n).stream().map(x -> x[1]).toList();
    double trend = median(before);
    double limit = trend * (1 + rules.lossSpikeFraction());
    if (trend <= 0 || spike.stream().anyMatch(x -> x[1] <= limit)) {
      return Optional.empty();
    }
    return Optional.of(new Alert(AlertKind.INSTABILITY, String.format(
        "loss above %.4g (%.0f%% over its trend %.4g) for %d logged steps in a row, steps "
            + "%d-%d, last %.4g", limit, rules.lossSpikeFraction() * 100, trend, n,
        (long) spike.get(0)[0], (long) spike.get(n - 1)[0], spike.get(n - 1)[1]), SIGNATURE,
        (long) spike.get(0)[0]));
  }

  private Optional<Alert> gradExplosion(List<GradNorms.Reading> norms, Long currentStep) {
    List<GradNorms.Reading> after = norms.stream().filter(r -> {
      Long step = r.step() != null ? r.step() : currentStep;
      return step != null && step >= rules.warmupSteps();
    }).toList();
    if (after.size() < MIN_TREND + 1) {
      return Optional.empty();
    }
    GradNorms.Reading last = after.get(after.size() - 1);
    List<Double> before = after.subList(Math.max(0, after.size() - 1 - TREND_WINDOW),
        after.size() - 1).stream().map(GradNorms.Reading::gradNorm)
        .filter(Double::isFinite).toList();
    if (before.size() < MIN_TREND) {
      return Optional.empty();
    }
    double median = median(before);
    boolean exploded = !Double.isFinite(last.gradNorm())
        || median > 0 && last.gradNorm() > rules.gradNormFactor() * median;
    if (!exploded) {
      return Optional.empty();
    }
    String at = last.step() != null ? "step " + last.step() : "the latest logged step";
    return Optional.of(new Alert(AlertKind.INSTABILITY, String.format("grad norm %s at %s, "
        + "over %.0fx its median %.4g", Double.isFinite(last.gradNorm())
        ? String.format("%.4g", last.gradNorm()) : Double.toString(last.gradNorm()), at,
        rules.gradNormFactor(), median), SIGNATURE, last.step()));
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
