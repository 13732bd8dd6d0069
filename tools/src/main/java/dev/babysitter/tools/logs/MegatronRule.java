package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Megatron-LM / Megatron-DeepSpeed / NeMo-Megatron iteration lines:
 * {@code iteration 10/ 10000 | consumed samples: 320 | elapsed time per iteration (ms): 1234.5 | ... | lm loss: 9.876543E+00 | ...}
 * and {@code validation loss at iteration 100 | lm loss value: 2.3 |}. "number of nan iterations: 0" is a counter, not a loss.
 */
final class MegatronRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    private static final Pattern ITER = Pattern.compile("\\biteration\\s+(\\d+)\\s*/\\s*(\\d+)\\s*\\|");
    private static final Pattern MS = Pattern.compile("elapsed time per iteration \\(ms\\):\\s*" + F);
    private static final Pattern LOSS = Pattern.compile("\\|\\s*(?:lm loss|loss|total loss|lm_loss):\\s*" + F);
    private static final Pattern VALID = Pattern.compile(
            "validation loss at iteration\\s+(\\d+)\\s*(?:on \\w+ set\\s*)?\\|\\s*(?:lm )?loss value:\\s*" + F);

    @Override
    public List<String> names() {
        return List.of("megatron");
    }

    @Override
    public boolean mayMatch(String line) {
        return line.contains("iteration");
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = ITER.matcher(line);
        if (m.find()) {
            Double ms = Rx.findDouble(MS, line);
            Rate rate = ms == null ? null : new Rate(ms, "ms/iter");
            return Optional.of(Progress.of("megatron", Nums.lng(m.group(1)), "global", null, Nums.lng(m.group(2)),
                    Rx.findDouble(LOSS, line), rate, null));
        }
        m = VALID.matcher(line);
        if (m.find()) {
            return Optional.of(Progress.of("megatron", null, null, null, null, null, null, Nums.dbl(m.group(2))));
        }
        return Optional.empty();
    }
}
