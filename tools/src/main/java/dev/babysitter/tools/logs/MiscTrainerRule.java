package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line trainers with fixed shapes:
 * fairseq {@code | epoch 001:    100 / 1000 loss=9.5, ..., ups=1.5, ..., num_updates=100, ...};
 * litgpt {@code Epoch 1 | iter 100 step 25 | loss train: 2.345, val: n/a | iter time: 123.45 ms (step)};
 * MaxText {@code completed step: 10, seconds: 1.234, TFLOP/s/device: ..., loss: 9.876}.
 */
final class MiscTrainerRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    // "epoch 001:    100 / 1000 loss=" (fairseq >= 0.6) and "epoch 010  2000 / 8223 loss=" (older, no colon)
    private static final Pattern FAIRSEQ = Pattern.compile("\\bepoch (\\d+):?\\s+(\\d+) / (\\d+) loss=" + F);
    // end-of-epoch summary "| epoch 009 | loss 6.233 | ... | num_updates 24633 |": an epoch average, so step only
    private static final Pattern FAIRSEQ_SUMMARY = Pattern.compile("\\bepoch (\\d+) \\| (?:train )?loss " + F
            + ".*?\\| num_updates (\\d+)");
    // older summaries without num_updates: "| epoch 010 | train loss 1.44 | train ppl 2.72 |": the epoch only
    private static final Pattern FAIRSEQ_EPOCH_SUMMARY = Pattern.compile("\\| epoch (\\d+) \\| (?:train )?loss ");
    private static final Pattern FAIRSEQ_VALID = Pattern.compile(
            "\\bvalid on '[^']+' subset \\| (?:loss|valid_loss|valid loss) " + F);
    // lit-gpt before the 2024 reformat: "iter 1760 | step 220: loss 1.5947, iter time: 263.85 ms", and earlier
    // without the bar: "iter 20 step 10: loss 3.2537, iter time: 706.44ms (optimizer.step)"
    private static final Pattern LITGPT_OLD = Pattern.compile(
            "^iter (\\d+)(?: \\|)? step (\\d+): loss " + F + ", iter time: ([\\d.]+) ?ms");
    private static final Pattern LITGPT_VAL = Pattern.compile("^iter (\\d+): val loss " + F + ", val time:");
    // torchtune's metric logger: "Step 12 | loss:1.117 lr:2e-05 tokens_per_second_per_gpu:542.98"
    private static final Pattern TORCHTUNE_STEP = Pattern.compile("^Step (\\d+) \\| loss:\\s*" + F);
    private static final Pattern LITGPT = Pattern.compile(
            "\\bEpoch (\\d+) \\| iter (\\d+) step (\\d+) \\| loss train: " + F + ", val: (n/a|" + Nums.FLOAT + ")"
                    + "(?: \\| iter time: ([\\d.]+) ms)?");
    private static final Pattern MAXTEXT = Pattern.compile(
            "\\bcompleted step: (\\d+), seconds: " + F + ".*?\\bloss: " + F);

    private static Long lng(Double d) {
        return d == null || d.isNaN() || d.isInfinite() ? null : Math.round(d);
    }

    /** A step or iteration key before {@code end}: the line reports a step, which an epoch summary never does. */
    private static boolean stepBefore(String line, int end) {
        int s = line.lastIndexOf("step ", end);
        int i = line.lastIndexOf("iter ", end);
        return s >= 0 && (s == 0 || !Character.isLetter(line.charAt(s - 1)))
                || i >= 0 && (i == 0 || !Character.isLetter(line.charAt(i - 1)));
    }

    @Override
    public List<String> names() {
        return List.of("fairseq", "litgpt", "maxtext", "torchtune");
    }

    @Override
    public long needsAll() {
        return Anchors.W_LOSS;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        // every shape names an epoch ("epoch ", "Epoch ") or a step ("iter ", "Step ", "completed step: "), except
        // fairseq's validation line, found by its literal
        // and each needs one of: " loss=" (fairseq's bar), a '|' (the summaries, validation, litgpt), "step:"
        // (MaxText's "completed step: "), or the line opening with "iter " / "Step " (old litgpt, torchtune)
        return (a & Anchors.W_LOSS) != 0
                && (Anchors.any(a, Anchors.EPOCHY | Anchors.STEPPY) || line.contains("valid on '"))
                && (Anchors.any(a, Anchors.W_LOSS_EQ | Anchors.PIPE | Anchors.W_STEP_COLON)
                || line.startsWith("iter ") || line.startsWith("Step "));
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.at(FAIRSEQ, line, "epoch ", " loss=");
        if (m != null) {
            Long updates = lng(Rx.number(line, "num_updates="));
            Double ups = Rx.number(line, "ups=");
            Rate rate = ups == null ? null : new Rate(ups, "it/s");
            if (updates != null) { // the global update count wins over the within-epoch counter
                return Optional.of(Progress.of("fairseq", updates, "global", Nums.lng(m.group(1)), null,
                        Nums.dbl(m.group(4)), rate, null));
            }
            return Optional.of(Progress.of("fairseq", Nums.lng(m.group(2)), "epoch_batch", Nums.lng(m.group(1)),
                    Nums.lng(m.group(3)), Nums.dbl(m.group(4)), rate, null));
        }
        m = Rx.at(FAIRSEQ_SUMMARY, line, "epoch ", "| num_updates ");
        if (m != null) {
            return Optional.of(Progress.of("fairseq", Nums.lng(m.group(3)), "global", Nums.lng(m.group(1)), null,
                    null, null, null));
        }
        m = Rx.at(FAIRSEQ_EPOCH_SUMMARY, line, "| epoch ");
        if (m != null && !stepBefore(line, m.start())) { // "| step 12 | epoch 0 | loss ..": a step line, not a summary
            return Optional.of(Progress.of("fairseq", null, null, Nums.lng(m.group(1)), null, null, null, null));
        }
        m = Rx.at(FAIRSEQ_VALID, line, "valid on '");
        if (m != null) {
            return Optional.of(Progress.of("fairseq", null, null, null, null, null, null, Nums.dbl(m.group(1))));
        }
        m = Rx.at(LITGPT, line, "Epoch ", " | loss train: ");
        if (m != null) {
            Rate rate = m.group(6) == null ? null : new Rate(Double.parseDouble(m.group(6)), "ms/iter");
            Double val = "n/a".equals(m.group(5)) ? null : Nums.dbl(m.group(5));
            return Optional.of(Progress.of("litgpt", Nums.lng(m.group(3)), "global", Nums.lng(m.group(1)), null,
                    Nums.dbl(m.group(4)), rate, val));
        }
        m = Rx.start(LITGPT_OLD, line, "iter ");
        if (m != null) {
            return Optional.of(Progress.of("litgpt", Nums.lng(m.group(2)), "global", null, null,
                    Nums.dbl(m.group(3)), new Rate(Double.parseDouble(m.group(4)), "ms/iter"), null));
        }
        m = Rx.start(LITGPT_VAL, line, "iter ");
        if (m != null) {
            return Optional.of(Progress.of("litgpt", null, null, null, null, null, null, Nums.dbl(m.group(2))));
        }
        m = Rx.start(TORCHTUNE_STEP, line, "Step ");
        if (m != null) {
            Double tps = Rx.number(line, "tokens_per_second_per_gpu:");
            Rate rate = tps == null || tps.isNaN() ? null : new Rate(tps, "tokens/s");
            return Optional.of(Progress.of("torchtune", Nums.lng(m.group(1)), "global", null, null,
                    Nums.dbl(m.group(2)), rate, null));
        }
        m = Rx.at(MAXTEXT, line, "completed step: ");
        if (m != null) {
            Double sec = Nums.dbl(m.group(2));
            Rate rate = sec == null ? null : new Rate(sec, "s/it");
            return Optional.of(Progress.of("maxtext", Nums.lng(m.group(1)), "global", null, null,
                    Nums.dbl(m.group(3)), rate, null));
        }
        return Optional.empty();
    }
}
