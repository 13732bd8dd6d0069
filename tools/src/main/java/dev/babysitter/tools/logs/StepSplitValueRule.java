package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * build-nanogpt's {@code log/log.txt} (the "reproduce GPT-2" walkthrough, kept by its many forks): one record a line,
 * {@code <step> <split> <value>}: {@code 57 train 8.353909}, {@code 250 val 6.0851}, {@code 250 hella 0.2466} (an
 * accuracy, not read). No key names the value, so only these two splits are taken.
 */
final class StepSplitValueRule implements FormatRule {

    private static final Pattern RECORD = Pattern.compile("^(\\d+) (train|val) (" + Nums.FLOAT + ")\\s*$");

    @Override
    public List<String> names() {
        return List.of("build_nanogpt");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return line.length() < 48 && Nums.digit(line.charAt(0))
                && (line.contains(" train ") || line.contains(" val "));
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = RECORD.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        Long step = Nums.lng(m.group(1));
        Double value = Nums.dbl(m.group(3));
        return "train".equals(m.group(2))
                ? Optional.of(Progress.of("build_nanogpt", step, "global", null, null, value, null, null))
                : Optional.of(Progress.of("build_nanogpt", step, "global", null, null, null, null, value));
    }
}
