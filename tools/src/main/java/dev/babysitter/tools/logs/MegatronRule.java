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
    private static final String[] LOSS_KEYS = {"lm loss:", "loss:", "total loss:", "lm_loss:"};
    private static final Pattern VALID = Pattern.compile(
            "validation loss at iteration\\s+(\\d+)\\s*(?:on \\w+ set\\s*)?\\|\\s*(?:lm )?loss value:\\s*" + F);

    /** The first "| lm loss:", "| loss:", "| total loss:" or "| lm_loss:" field, by hand (it runs on every line). */
    private static Double loss(String line) {
        int best = -1;
        int at = -1;
        for (String key : LOSS_KEYS) {
            for (int i = line.indexOf(key); i >= 0 && (best < 0 || i < best); i = line.indexOf(key, i + 1)) {
                int j = i - 1;
                while (j >= 0 && Character.isWhitespace(line.charAt(j))) {
                    j--;
                }
                if (j >= 0 && line.charAt(j) == '|') {
                    best = i;
                    at = i + key.length();
                    break;
                }
            }
        }
        return at < 0 ? null : Rx.numberAt(line, at);
    }

    @Override
    public List<String> names() {
        return List.of("megatron");
    }

    @Override
    public long needsAll() {
        return Anchors.W_ITERATION | Anchors.PIPE;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return Anchors.has(a, Anchors.W_ITERATION | Anchors.PIPE);
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.at(ITER, line, "iteration");
        if (m != null) {
            Double ms = Rx.number(line, "elapsed time per iteration (ms):");
            Rate rate = ms == null ? null : new Rate(ms, "ms/iter");
            return Optional.of(Progress.of("megatron", Nums.lng(m.group(1)), "global", null, Nums.lng(m.group(2)),
                    loss(line), rate, null));
        }
        m = Rx.at(VALID, line, "validation loss at iteration");
        if (m != null) {
            return Optional.of(Progress.of("megatron", null, null, null, null, null, null, Nums.dbl(m.group(2))));
        }
        return Optional.empty();
    }
}
