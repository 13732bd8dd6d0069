package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MosaicML Composer's ConsoleLogger, which prints a header then one metric per line:
 * <pre>
 * [epoch=1][batch=16/16]:        (max duration in epochs: batch within the epoch)
 * [batch=2/10]:                  (max duration in batches: global)
 *      Train loss/train/total: 12.0570
 *      Train throughput/batches_per_sec: 0.0503
 * </pre>
 * Each line is read on its own; {@link ProgressParser#lastProgress} merges them. {@code [Eval batch=...]} is eval.
 */
final class ComposerRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    private static final Pattern HEADER = Pattern.compile("^\\[(?:epoch=(\\d+)(?:/\\d+)?\\]\\[)?batch=(\\d+)/(\\d+)\\]:?\\s*$");
    private static final Pattern LOSS = Pattern.compile("^Train loss/train/total:\\s*" + F);
    private static final Pattern BPS = Pattern.compile("^Train throughput/batches_per_sec:\\s*" + F);
    private static final Pattern EVAL = Pattern.compile("^Eval metrics/eval/(?:LanguageCrossEntropy|CrossEntropy|Loss):\\s*" + F);

    @Override
    public List<String> names() {
        return List.of("composer");
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return (a & Anchors.W_BATCH_EQ) != 0 && line.startsWith("[") || line.startsWith("Train ") || line.startsWith("Eval ");
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.start(HEADER, line, "[");
        if (m != null) {
            Long step = Nums.lng(m.group(2));
            Long total = Nums.lng(m.group(3));
            return m.group(1) == null
                    ? Optional.of(Progress.of("composer", step, "global", null, total, null, null, null))
                    : Optional.of(Progress.of("composer", step, "epoch_batch", Nums.lng(m.group(1)), total, null, null, null));
        }
        m = Rx.start(LOSS, line, "Train loss");
        if (m != null) {
            return Optional.of(Progress.of("composer", null, null, null, null, Nums.dbl(m.group(1)), null, null));
        }
        m = Rx.start(BPS, line, "Train through");
        if (m != null) {
            Double v = Nums.dbl(m.group(1));
            return v == null || v.isNaN() ? Optional.empty()
                    : Optional.of(Progress.of("composer", null, null, null, null, null, new Rate(v, "it/s"), null));
        }
        m = Rx.start(EVAL, line, "Eval ");
        if (m != null) {
            return Optional.of(Progress.of("composer", null, null, null, null, null, null, Nums.dbl(m.group(1))));
        }
        return Optional.empty();
    }
}
