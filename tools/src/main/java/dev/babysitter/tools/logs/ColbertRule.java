package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ColBERT's training line, its {@code print_message(batch_idx, avg_loss)} and the retrievers forked from it (PLAID,
 * ColBERTv2 fine-tunes): {@code [Mar 29, 16:34:28] 1016 5.299243152939811}, a "%b %d, %H:%M:%S" stamp, the batch
 * index and the running average loss, nothing else. Its other messages under the same stamp start with "#>".
 */
final class ColbertRule implements FormatRule {

    private static final String F = "(-?nan|-?inf|" + Nums.FLOAT + ")";
    private static final Pattern LINE = Pattern.compile(
            "^\\[[A-Z][a-z]{2} \\d{1,2}, \\d{2}:\\d{2}:\\d{2}\\] (\\d+) " + F + "\\s*$");

    @Override
    public List<String> names() {
        return List.of("colbert");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return line.length() > 22 && line.charAt(0) == '[' && line.charAt(7) == ',' || line.length() > 22
                && line.charAt(0) == '[' && line.charAt(6) == ',';
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        Double loss = Nums.dbl(m.group(2)); // NaN and inf spelled as the trainer prints them
        return Optional.of(Progress.of("colbert", Nums.lng(m.group(1)), "global", null, null, loss, null, null));
    }
}
