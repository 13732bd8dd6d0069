package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenMMLab loggers: mmengine {@code Epoch(train) [1][200/735]  lr: ...  time: 2.89 ...  loss: 2.75},
 * {@code Iter(train) [ 50/1000] ...} and the older mmcv {@code Epoch [1][25/612]\tlr: ..., loss: 0.96}.
 * Only the key {@code loss} is the total; {@code loss_cls} etc. are components.
 */
final class MmengineRule implements FormatRule {

    private static final Pattern EPOCH = Pattern.compile(
            "\\bEpoch(?:\\((train|val|test)\\))?\\s*\\[\\s*(\\d+)\\s*\\]\\s*\\[\\s*(\\d+)\\s*/\\s*(\\d+)\\s*\\]");
    private static final Pattern ITER = Pattern.compile(
            "\\bIter(?:\\((train|val|test)\\))?\\s*\\[\\s*(\\d+)\\s*/\\s*(\\d+)\\s*\\]");

    @Override
    public List<String> names() {
        return List.of("mmengine");
    }

    @Override
    public long needsAll() {
        return 0;
    }

    @Override
    public long needsAny() {
        return Anchors.W_EPOCH_OPEN | Anchors.W_ITER_PAREN;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        // the patterns need "Epoch(" / "Epoch [" / "Iter(" / "Iter [": no Matcher for "Epoch 3/10" or "Epoch: [0]"
        return Anchors.any(a, Anchors.W_EPOCH_OPEN | Anchors.W_ITER_PAREN);
    }

    @Override
    public Optional<Progress> parse(String line) {
        String mode;
        Long epoch = null;
        Long step;
        Long total;
        String kind;
        Matcher m = Rx.at(EPOCH, line, "Epoch");
        if (m != null) {
            mode = m.group(1);
            epoch = Nums.lng(m.group(2));
            step = Nums.lng(m.group(3));
            total = Nums.lng(m.group(4));
            kind = "epoch_batch";
        } else {
            m = Rx.at(ITER, line, "Iter");
            if (m == null) {
                return Optional.empty();
            }
            mode = m.group(1);
            step = Nums.lng(m.group(2));
            total = Nums.lng(m.group(3));
            kind = "global";
        }
        Double loss = Rx.number(line, "loss:");
        if (loss == null && mode == null && line.contains("Loss")) {
            // not mmengine's lower-case keys ("Epoch: [199/200] Iter [1487/1487] || lr: .. || Loss: 1.1"): a
            // home-made line the generic reader takes whole, epoch and loss with the counter
            return Optional.empty();
        }
        if (mode != null && !"train".equals(mode)) {
            return loss == null ? Optional.empty()
                    : Optional.of(Progress.of("mmengine", null, null, null, null, null, null, loss));
        }
        Double t = Rx.number(line, "time:");
        Rate rate = t == null || t.isNaN() ? null : new Rate(t, "s/it");
        return Optional.of(Progress.of("mmengine", step, kind, epoch, total, loss, rate, null));
    }
}
