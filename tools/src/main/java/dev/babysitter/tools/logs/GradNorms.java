package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Grad norm where the trainer logs one, beside the progress the {@link ProgressParser} reads
 * from the same line: HF's dict ({@code 'grad_norm': 1.23}), mmengine ({@code grad_norm: 2.76}),
 * Megatron ({@code grad norm: nan |}), torchtitan and Lightning ({@code grad_norm=0.5}).
 * Kept apart from {@link Progress} so that no parser rule has to change to carry it.
 */
public final class GradNorms {
  /** One grad norm and the step its line names (null when the line names none). */
  public record Reading(Long step, double gradNorm) {}

  private static final Pattern GRAD_NORM = Pattern.compile(
      "(?i)(?<![a-z_])(?:grad(?:ient)?[ _]?norm|total_norm|gnorm)['\"]?\\s*[:=]\\s*"
          + "(?:tensor\\()?([-+]?(?:nan|inf(?:inity)?|[0-9]*\\.?[0-9]+(?:e[-+]?[0-9]+)?))");

  private final ProgressParser parser;

  public GradNorms(ProgressParser parser) {
    this.parser = parser;
  }

  /** The grad norm a line carries, if any. NaN and Inf are read as such. */
  public static Optional<Double> of(String line) {
    Matcher m = GRAD_NORM.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    String v = m.group(1).toLowerCase(java.util.Locale.ROOT);
    if (v.contains("nan")) {
      return Optional.of(Double.NaN);
    }
    if (v.contains("inf")) {
      return Optional.of(v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    return Optional.of(Double.parseDouble(v));
  }

  /** Every grad norm in {@code lines}, in order, with the global step of its line. */
  public List<Reading> readings(List<String> lines) {
    List<Reading> out = new ArrayList<>();
    for (String line : lines) {
      Optional<Double> norm = of(line);
      if (norm.isPresent()) {
        Long step = parser.parseLine(line).map(p -> p.globalStep() != null ? p.globalStep()
            : p.step()).orElse(null);
        out.add(new Reading(step, norm.get()));
      }
    }
    return out;
  }
}
