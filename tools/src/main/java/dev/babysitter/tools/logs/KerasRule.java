package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keras progbar: Keras 2 {@code 120/500 [=====>....] - ETA: 1:02 - loss: 0.4321} /
 * {@code 500/500 [====] - 12s 24ms/step - loss: 0.43 - val_loss: 0.5} and Keras 3
 * {@code 120/500 ━━━━━━━━━━━━━━━━━━━━ 1:02 125ms/step - loss: 0.4321}. Steps are batches within the epoch.
 */
final class KerasRule implements FormatRule {

    private static final Pattern BAR = Pattern.compile("^\\s*(\\d+)/(\\d+)\\s+(?:\\[[=>.]*\\]|[━─\u2501\u2500]{5,}|-\\s+\\d+m?s\\b)");
    private static final Pattern EPOCH = Pattern.compile("^Epoch (\\d+)/(\\d+)$");
    private static final Pattern PER_STEP = Pattern.compile("\\b([\\d.]+)(s|ms|us)/step\\b");

    @Override
    public List<String> names() {
        return List.of("keras");
    }

    @Override
    public long needsAll() {
        return Anchors.SLASH;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        if ((a & Anchors.SLASH) == 0) {
            return false;
        }
        if (line.startsWith("Epoch ")) {
            // only EPOCH can match (BAR starts with a digit): "Epoch 3/10" and nothing after, so no second blank
            // (Lightning's "Epoch 0:  90% 1534/1702 [...]" stops here)
            return line.length() > 6 && Nums.digit(line.charAt(6)) && line.indexOf(' ', 6) < 0;
        }
        // the bar starts the line: blanks, digits, '/' (no Matcher for the many lines that merely hold a '/')
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        int d = i;
        while (i < line.length() && Nums.digit(line.charAt(i))) {
            i++;
        }
        return i > d && i < line.length() && line.charAt(i) == '/'
                && Anchors.any(a, Anchors.LBRACKET | Anchors.HEAVY | Anchors.SPACED_DASH);
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.start(BAR, line, null);
        if (m == null) {
            Matcher e = line.startsWith("Epoch ") ? Rx.start(EPOCH, line, "Epoch ") : null; // "Epoch 3/10" alone: the epoch of the bars below
            return e != null ? Optional.of(Progress.of("keras", null, null, Nums.lng(e.group(1)), null, null, null, null))
                    : Optional.empty();
        }
        if (m.group(1).equals(m.group(2)) && line.indexOf("loss", m.end()) < 0) {
            return Optional.empty(); // a finished bar without a loss: predict() or evaluate() after training
        }
        Rate rate = null;
        Matcher r = line.contains("/step") ? PER_STEP.matcher(line) : null;
        if (r != null && r.find()) {
            double v = Double.parseDouble(r.group(1));
            double ms = switch (r.group(2)) {
                case "s" -> v * 1000;
                case "us" -> v / 1000;
                default -> v;
            };
            rate = new Rate(ms, "ms/iter");
        }
        return Optional.of(Progress.of("keras", Nums.lng(m.group(1)), "epoch_batch", null, Nums.lng(m.group(2)),
                Rx.number(line, "loss:"), rate, Rx.number(line, "val_loss:")));
    }
}
