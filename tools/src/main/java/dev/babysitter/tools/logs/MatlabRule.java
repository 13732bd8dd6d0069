package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MATLAB's Neural Network Toolbox training on the command line ({@code showCommandLine}): {@code Epoch 751/10000, Time
 * 99.7285, Performance 4.7255e-11/1e-12, Gradient 2.516e-05/1e-06, Validation Checks 500/500}. Its performance is
 * the training function's loss (the mean squared error by default), written over its goal; the epoch counts against
 * the epoch limit.
 */
final class MatlabRule implements FormatRule {

    private static final Pattern LINE = Pattern.compile("^Epoch (?<epoch>\\d+)/\\d+, Time \\S+, Performance"
            + " (?<loss>-?nan|-?inf|NaN|Inf|" + Nums.FLOAT + ")/\\S+, Gradient ");

    @Override
    public List<String> names() {
        return List.of("matlab");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT | Anchors.SLASH;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return line.startsWith("Epoch ") && line.contains(", Performance ");
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        return Optional.of(Progress.of("matlab", null, null, Nums.lng(m.group("epoch")), null, Nums.dbl(m.group("loss")),
                null, null));
    }
}
