package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * detectron2 {@code eta: 0:10:00  iter: 19  total_loss: 1.2  loss_cls: ...  time: 0.5  ...} and the
 * torchvision-references / DETR / MAE MetricLogger {@code Epoch: [0]  [ 10/500]  eta: ...  loss: 2.3 (2.4)  time: 0.5 (0.6)}
 * (median first, global average in parentheses: we keep the median, the recent value).
 */
final class MetricLoggerRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    private static final Pattern D2 = Pattern.compile("\\biter:\\s*(\\d+)\\s+total_loss:\\s*" + F);
    private static final Pattern MRCNN = Pattern.compile("\\biter:\\s*(\\d+)\\s+loss:\\s*" + F);
    private static final Pattern ML = Pattern.compile("\\bEpoch:\\s*\\[(\\d+)\\]\\s*\\[\\s*(\\d+)\\s*/\\s*(\\d+)\\]");

    @Override
    public List<String> names() {
        return List.of("detectron2", "metric_logger");
    }

    @Override
    public long needsAll() {
        return 0;
    }

    @Override
    public long needsAny() {
        return Anchors.W_ITER_COLON | Anchors.W_EPOCH_COLON_BRACKET;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return Anchors.any(a, Anchors.W_ITER_COLON | Anchors.W_EPOCH_COLON_BRACKET);
    }

    @Override
    public Optional<Progress> parse(String line) {
        int which = 0;
        Matcher m = Rx.at(D2, line, "iter:", "total_loss:");
        if (m == null) {
            which = 1;
            m = Rx.at(MRCNN, line, "iter:", "loss:");
        }
        if (m == null) {
            which = 2;
            m = Rx.at(ML, line, "Epoch:");
        }
        if (m == null) {
            return Optional.empty(); // no Matcher matched: skip the time: lookup
        }
        Double t = Rx.number(line, "time:");
        Rate rate = t == null || t.isNaN() ? null : new Rate(t, "s/it");
        if (which == 0) {
            // detectron2 logs iter 0-based: "iter: 19" is the 20th step; we report what is printed
            return Optional.of(Progress.of("detectron2", Nums.lng(m.group(1)), "global", null, null,
                    Nums.dbl(m.group(2)), rate, null));
        }
        if (which == 1) { // maskrcnn-benchmark flavour: "iter: 1120  loss: 1.4617 (1.4511)"
            return Optional.of(Progress.of("metric_logger", Nums.lng(m.group(1)), "global", null, null,
                    Nums.dbl(m.group(2)), rate, null));
        }
        Double loss = Rx.number(line, "loss:");
        if (loss == null) {
            // "closs: 0.92 (0.93)", "Loss 6.98e+00 (7.08e+00)": any loss-like key the generic scanner knows
            loss = MetricScanner.scan(line, m.end(), line.length()).loss;
        }
        return Optional.of(Progress.of("metric_logger", Nums.lng(m.group(2)), "epoch_batch", Nums.lng(m.group(1)),
                Nums.lng(m.group(3)), loss, rate, null));
    }
}
