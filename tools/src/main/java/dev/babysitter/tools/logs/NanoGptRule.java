package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Karpathy-style training scripts, whose lines are plain prints:
 * nanoGPT {@code iter 100: loss 2.3456, time 45.12ms, mfu 35.20%} and {@code step 200: train loss 2.1, val loss 2.3};
 * llama2.c {@code 100 | loss 2.3456 | lr 1.000000e-04 | 45.12ms | mfu 35.20%};
 * llm.c {@code step   10/5000 | train loss 9.1234 | norm 1.2 | lr 6.00e-04 | (123.45 ms | 456789 tok/s)}.
 */
final class NanoGptRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    private static final Pattern ITER = Pattern.compile("\\biter (\\d+): loss " + F + "(?:, time ([\\d.]+)ms)?");
    private static final Pattern EVAL = Pattern.compile("\\bstep (\\d+): train loss " + F + ", val loss " + F);
    private static final Pattern LLAMA2C = Pattern.compile("^(\\d+) \\| loss " + F + " \\| lr \\S+ \\| ([\\d.]+)ms");
    private static final Pattern LLMC = Pattern.compile(
            "\\bstep\\s+(\\d+)/(\\d+)\\s*[|:]\\s*(?:train )?loss " + F + ".*?\\(([\\d.]+) ms");
    private static final Pattern LLMC_VAL = Pattern.compile("^val loss " + F);

    @Override
    public List<String> names() {
        return List.of("nanogpt", "llama2c", "llmc");
    }

    @Override
    public long needsAll() {
        return 0;
    }

    @Override
    public long needsAny() {
        return Anchors.W_LOSS_BLANK;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        // every shape but llm.c's validation line names a step ("iter ", "step ") or has a '|' (llama2.c); most
        // lines with "loss " have neither and skip the five literal scans of parse
        return (a & Anchors.W_LOSS_BLANK) != 0
                && (Anchors.any(a, Anchors.STEPPY | Anchors.PIPE) || line.startsWith("val loss "));
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.at(ITER, line, "iter ", ": loss ");
        if (m != null) {
            Rate rate = m.group(3) == null ? null : new Rate(Double.parseDouble(m.group(3)), "ms/iter");
            return Optional.of(Progress.of("nanogpt", Nums.lng(m.group(1)), "iteration", null, null,
                    Nums.dbl(m.group(2)), rate, null));
        }
        m = Rx.at(EVAL, line, "step ", ": train loss ");
        if (m != null) {
            return Optional.of(Progress.of("nanogpt", Nums.lng(m.group(1)), "iteration", null, null,
                    Nums.dbl(m.group(2)), null, Nums.dbl(m.group(3))));
        }
        m = line.contains(" | loss ") ? Rx.start(LLAMA2C, line, null) : null;
        if (m != null) {
            return Optional.of(Progress.of("llama2c", Nums.lng(m.group(1)), "iteration", null, null,
                    Nums.dbl(m.group(2)), new Rate(Double.parseDouble(m.group(3)), "ms/iter"), null));
        }
        m = Rx.at(LLMC, line, "step ", " ms");
        if (m != null) {
            return Optional.of(Progress.of("llmc", Nums.lng(m.group(1)), "global", null, Nums.lng(m.group(2)),
                    Nums.dbl(m.group(3)), new Rate(Double.parseDouble(m.group(4)), "ms/iter"), null));
        }
        m = Rx.start(LLMC_VAL, line, "val loss ");
        if (m != null) {
            return Optional.of(Progress.of("llmc", null, null, null, null, null, null, Nums.dbl(m.group(1))));
        }
        return Optional.empty();
    }
}
