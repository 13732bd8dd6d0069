package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NeMo 2 progress printer:
 * {@code Training epoch 0, iteration 120/149 | lr: 3e-05 | consumed_samples: 121 | global_batch_size: 1 |
 * global_step: 120 | reduced_train_loss: 1.233 | train_step_timing in s: 0.03146 | val_loss: 4.106}.
 * The global step wins over the iteration counter; {@code val_loss} is the latest validation. (NeMo 1 prints a
 * Lightning bar with {@code reduced_train_loss=} and {@code global_step=} in the postfix: see {@link TqdmBarRule}.)
 */
final class NemoRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    private static final Pattern LINE = Pattern.compile("\\bTraining epoch (\\d+), iteration (\\d+)\\s*/\\s*(\\d+)");
    private static final Pattern GLOBAL = Pattern.compile("\\|\\s*global_step:\\s*" + F);
    private static final Pattern LOSS = Pattern.compile("\\|\\s*(?:reduced_train_loss|train_loss|loss):\\s*" + F);
    private static final Pattern TIMING = Pattern.compile("\\|\\s*train_step_timing in s:\\s*" + F);
    private static final Pattern VAL = Pattern.compile("\\|\\s*val_loss:\\s*" + F);

    @Override
    public List<String> names() {
        return List.of("nemo");
    }

    @Override
    public long needsAll() {
        return 0;
    }

    @Override
    public long needsAny() {
        return Anchors.W_TRAINING_EPOCH;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return (a & Anchors.W_TRAINING_EPOCH) != 0;
    }

    // the fields are found with Rx.find(p, line, '|', literal): a pattern slid over the whole line costs micros
    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.at(LINE, line, "Training epoch ");
        if (m == null) {
            return Optional.empty();
        }
        Long global = Nums.lng(Rx.find(GLOBAL, line, '|', "global_step:"));
        Long epoch = Nums.lng(m.group(1));
        Double t = Nums.dbl(Rx.find(TIMING, line, '|', "train_step_timing in s:"));
        Rate rate = t == null || t.isNaN() ? null : new Rate(t, "s/it");
        Double loss = Nums.dbl(Rx.find(LOSS, line, '|', "loss:"));
        Double val = Nums.dbl(Rx.find(VAL, line, '|', "val_loss:"));
        if (global != null) {
            return Optional.of(Progress.of("nemo", global, "global", epoch, Nums.lng(m.group(3)), loss, rate, val));
        }
        return Optional.of(Progress.of("nemo", Nums.lng(m.group(2)), "epoch_batch", epoch, Nums.lng(m.group(3)),
                loss, rate, val));
    }
}
