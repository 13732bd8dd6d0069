package dev.babysitter.tools.logs;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in the data a run is, where the log says so: consumed samples (Megatron
 * {@code consumed samples: 43416}, NeMo {@code consumed_samples=51200.0}, Composer
 * {@code time/sample: 12672}, {@code samples_seen}), consumed tokens ({@code consumed tokens},
 * HF {@code 'num_input_tokens_seen': ...}, Composer {@code time/token}), or the epoch: HF's
 * fractional {@code 'epoch': 1.37}, or an epoch and a batch within it ({@code Epoch 3
 * [120/1000]}, Lightning's bar) as the parser reads them. Two failures at the same position
 * hit the same data even when their steps differ (a batch size changed in between). Kept apart
 * from {@link Progress}, like {@link GradNorms}, so that no parser rule has to change.
 */
public final class DataPositions {
  /**
   * A position in {@code unit} (samples, tokens, epochs). {@code resolution}: the finest
   * difference the log can show (one sample; 0.01 epoch when it prints two decimals).
   * {@code perStep}: how much data one optimizer step consumes here (null when unknown).
   * {@code step}: the step the position was read at, for the reader.
   */
  public record Position(String unit, double value, double resolution, Double perStep,
      Long step) {
    /**
     * Whether {@code other} is certainly within {@code windowSteps} steps' worth of data of
     * this one, by the larger batch of the two: the printed rounding is counted against it, so
     * a coarse log never makes two failures the same. Unknown (false) for other units, without
     * a batch size, or when the log's resolution is coarser than the window.
     */
    public boolean near(Position other, long windowSteps) {
      Double window = window(other, windowSteps);
      return window != null && Math.abs(value - other.value)
          + Math.max(resolution, other.resolution) <= window;
    }

    /** The window in this unit, or null when it cannot be told (see {@link #near}). */
    public Double window(Position other, long windowSteps) {
      if (other == null || !unit.equals(other.unit)) {
        return null;
      }
      double per = Math.max(perStep == null ? 0 : perStep,
          other.perStep == null ? 0 : other.perStep);
      double window = per * windowSteps;
      return per <= 0 || Math.max(resolution, other.resolution) > window ? null : window;
    }

    /** "consumed samples 8800 (step 1100)". */
    public String describe() {
      String v = resolution >= 1 ? amount(value)
          : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
      return switch (unit) {
        case "samples" -> "consumed samples " + v;
        case "tokens" -> "consumed tokens " + v;
        default -> "epoch " + v;
      } + (step == null ? "" : " (step " + step + ")");
    }
  }

  /** An amount as a person reads it: whole numbers with separators, else 4 significant digits. */
  public static String amount(double v) {
    return Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%,d", Math.round(v))
        : new BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
            .toPlainString();
  }

  private static final String NUM = "([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)";
  private static final String SEP = "['\"]?\\s*[:=]\\s*(?:tensor\\()?";
  private static final Pattern SAMPLES = Pattern.compile("(?i)(?<![a-z_])(?:consumed[ _]samples"
      + "|(?:num_)?samples[ _]seen|train time/sample|time/sample)" + SEP + NUM);
  private static final Pattern TOKENS = Pattern.compile("(?i)(?<![a-z_])(?:consumed[ _]tokens"
      + "|(?:num_)?(?:input_)?tokens[ _]seen|train time/token|time/token)" + SEP + NUM);
  /** HF Trainer's dict: a fractional epoch (a whole number would be an epoch counter). */
  private static final Pattern EPOCH = Pattern.compile(
      "['\"]epoch['\"]\\s*:\\s*([0-9]+\\.[0-9]+)");

  private final ProgressParser parser;

  public DataPositions(ProgressParser parser) {
    this.parser = parser;
  }

  /**
   * The latest position in {@code lines} (one attempt's log), with the data per step from the
   * step its line names or, failing that, the latest step read before it.
   */
  public Optional<Position> latest(List<String> lines) {
    if (lines == null || lines.isEmpty()) {
      return Optional.empty();
    }
    Map<Integer, Progress> byLine = new HashMap<>();
    for (ProgressParser.Explanation e : parser.explain(lines)) {
      byLine.put(e.lineNumber(), e.progress());
    }
    Position latest = null;
    Long lastStep = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Progress p = byLine.get(i + 1);
      Long step = p == null ? null : p.globalStep() != null ? p.globalStep()
          : "epoch_batch".equals(p.stepKind()) ? null : p.step();
      if (step != null) {
        lastStep = step;
      }
      Position here = line == null ? null : counters(line, lastStep);
      if (here == null && p != null) {
        here = epochBatch(p);
      }
      if (here != null) {
        latest = here;
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Samples, else tokens, else HF's fractional epoch, from one line. */
  static Position counters(String line, Long step) {
    if (line.indexOf(':') < 0 && line.indexOf('=') < 0) {
      return null; // every form has one: most lines cost no regex
    }
    for (Map.Entry<String, Pattern> e : List.of(Map.entry("samples", SAMPLES),
        Map.entry("tokens", TOKENS), Map.entry("epochs", EPOCH))) {
      Matcher m = e.getValue().matcher(line);
      if (m.find()) {
        BigDecimal v;
        try {
          v = new BigDecimal(m.group(1));
        } catch (NumberFormatException ex) {
          continue;
        }
        double value = v.doubleValue();
        double resolution = BigDecimal.ONE.scaleByPowerOfTen(-v.scale()).doubleValue();
        Double perStep = step == null || step <= 0 || value <= 0 ? null : value / step;
        return new Position(e.getKey(), value, resolution, perStep, step);
      }
    }
    return null;
  }

  /** An epoch and a batch within it: the epoch as a fraction, one batch its resolution. */
  static Position epochBatch(Progress p) {
    if (!"epoch_batch".equals(p.stepKind()) || p.epoch() == null || p.step() == null
        || p.total() == null || p.total() <= 0 || p.step() > p.total()) {
      return null;
    }
    long done = p.epoch() - Progress.firstEpoch(p.format());
    if (done < 0) {
      return null;
    }
    double one = 1.0 / p.total();
    return new Position("epochs", done + p.step() * one, one, one, p.globalStep());
  }
}
