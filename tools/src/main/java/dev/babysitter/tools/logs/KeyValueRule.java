package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The home-made loop's {@code key=value} line, e.g. {@code INFO trainer step=3800 loss=2.1034
 * lr=2.9e-04 grad_norm=0.81 tokens/s=48000}: a step key and a loss key, both with {@code =}.
 * Tried after every named format, so it only reads lines none of them claims.
 */
final class KeyValueRule implements FormatRule {
  private static final Pattern STEP = Pattern.compile(
      "(?<![\\w/.])(?:global_step|step|iter|iteration)=(\\d+)\\b");
  private static final Pattern TOTAL = Pattern.compile(
      "(?<![\\w/.])(?:step|iter|iteration)=\\d+/(\\d+)\\b");
  private static final Pattern LOSS = Rx.field("(?:train[/_])?loss", "=");
  private static final Pattern RATE = Rx.field("(?:it|steps)/s", "=");

  @Override
  public List<String> names() {
    return List.of("key_value");
  }

  @Override
  public boolean mayMatch(String line) {
    return line.contains("loss=") && (line.contains("step=") || line.contains("iter="));
  }

  @Override
  public Optional<Progress> parse(String line) {
    Long step = Rx.findLong(STEP, line);
    Double loss = Rx.findDouble(LOSS, line);
    if (step == null || loss == null) {
      return Optional.empty();
    }
    Double itPerS = Rx.findDouble(RATE, line);
    Rate rate = itPerS == null || itPerS.isNaN() ? null : new Rate(itPerS, "it/s");
    return Optional.of(Progress.of("key_value", step, "global", null, Rx.findLong(TOTAL, line),
        loss, rate, null));
  }
}
