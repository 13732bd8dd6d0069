package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * build-nanogpt's {@code log/log.txt} (the "reproduce GPT-2" walkthrough, kept by its many forks): one record a line,
 * {@code <step> <split> <value>}: {@code 57 train 8.353909}, {@code 250 val 6.0851}, {@code 250 hella 0.2466} (an
 * accuracy, not read). No key names the value, so only these two splits are taken. llm.c's {@code main.log} is the
 * same record in C: {@code s:19542 trl:3.0810 lr:0.000000 norm:0.29} (train loss), {@code s:19500 tel:3.2731} (val
 * loss), {@code s:19500 eval:0.3012} (HellaSwag's accuracy: the step only).
 */
final class StepSplitValueRule implements FormatRule {

    private static final Pattern RECORD = Pattern.compile("^(\\d+) (train|val) (" + Nums.FLOAT + ")\\s*$");
    private static final Pattern LLMC_LOG = Pattern.compile("^s:(\\d+) (trl|tel|eval):(" + Nums.FLOAT + ")(?:\\s|$)");

    @Override
    public List<String> names() {
        return List.of("build_nanogpt", "llmc");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return line.length() < 48 && Nums.digit(line.charAt(0))
                && (line.contains(" train ") || line.contains(" val "))
                || line.length() < 96 && line.startsWith("s:");
    }

    @Override
    public Optional<Progress> parse(String line) {
        if (line.startsWith("s:")) {
            Matcher l = LLMC_LOG.matcher(line);
            if (!l.lookingAt()) {
                return Optional.empty();
            }
            Long step = Nums.lng(l.group(1));
            Double value = Nums.dbl(l.group(3));
            return Optional.of(switch (l.group(2)) {
                case "trl" -> Progress.of("llmc", step, "global", null, null, value, null, null);
                case "tel" -> Progress.of("llmc", step, "global", null, null, null, null, value);
                default -> Progress.of("llmc", step, "global", null, null, null, null, null);
            });
        }
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
