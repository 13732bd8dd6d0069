package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NGCF's epoch line, kept by the graph recommenders forked from it (KGAT, LightGCN's TensorFlow code, DGCF):
 * {@code Epoch 104 [60.5s]: train==[10.08196=8.55952 + 1.52245]}, with {@code [60.5s + 86.4s]} and recall, precision,
 * hit and ndcg lists on an evaluated epoch. The first number in {@code train==[} is the total loss, the ones after
 * {@code =} its parts; the word "train" names no loss anywhere else, so the line has its own rule.
 */
final class NgcfRule implements FormatRule {

    private static final String F = "(-?nan|-?inf|" + Nums.FLOAT + ")";
    private static final Pattern LINE = Pattern.compile("^Epoch (\\d+) \\[[^\\]]{1,40}\\]: train==\\[" + F + "=");

    @Override
    public List<String> names() {
        return List.of("ngcf");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return line.startsWith("Epoch ") && line.contains("]: train==[");
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        Double loss = Nums.dbl(m.group(2)); // NaN and inf spelled as the trainer prints them
        return Optional.of(Progress.of("ngcf", null, null, Nums.lng(m.group(1)), null, loss, null, null));
    }
}
