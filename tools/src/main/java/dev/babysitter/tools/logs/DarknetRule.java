package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * darknet's iteration line in the forks that print no "loss" word: {@code 9000: 3.196224, 9.366272 avg, 0.000100
 * rate, 4.678261 seconds, 9000 images}: the iteration, the batch's loss, its running average. AlexeyAB's
 * {@code 2: 2099.2, 2097.26 avg loss, ..} names its average the loss and is the generic reader's.
 */
final class DarknetRule implements FormatRule {

    private static final String F = "(-?nan|" + Nums.FLOAT + ")";
    private static final Pattern LINE = Pattern.compile(
            "^(\\d+): " + F + ", " + F + " avg, " + F + " rate, " + F + " seconds, \\d+ images");

    @Override
    public List<String> names() {
        return List.of("darknet");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return Nums.digit(line.charAt(0)) && line.contains(" avg, ") && line.contains(" rate, ");
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        Double loss = m.group(2).endsWith("nan") ? Double.NaN : Nums.dbl(m.group(2));
        Double seconds = Nums.dbl(m.group(5));
        Rate rate = seconds == null || seconds <= 0 ? null : new Rate(seconds, "s/it");
        return Optional.of(Progress.of("darknet", Nums.lng(m.group(1)), "iteration", null, null, loss, rate, null));
    }
}
