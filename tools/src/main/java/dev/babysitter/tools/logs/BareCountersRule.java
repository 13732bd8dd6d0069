package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An epoch's and a batch's counters alone on a line, {@code [0/25][1000/1563]}: crnn.pytorch's progress line
 * ({@code [e/E][i/N] Loss: x}) in a fork that prints it without the loss. Read as the batch within the epoch.
 */
final class BareCountersRule implements FormatRule {

    private static final Pattern LINE = Pattern.compile(
            "\\[\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*\\]\\s*\\[\\s*(\\d{1,12})\\s*/\\s*(\\d{1,12})\\s*\\]");

    @Override
    public List<String> names() {
        return List.of("bracket_counter");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT | Anchors.SLASH | Anchors.LBRACKET;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return line.length() <= 48 && line.charAt(0) == '[' && line.charAt(line.length() - 1) == ']';
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        long epoch = Long.parseLong(m.group(1));
        long epochs = Long.parseLong(m.group(2));
        long batch = Long.parseLong(m.group(3));
        long batches = Long.parseLong(m.group(4));
        if (epoch > epochs || batch > batches) {
            return Optional.empty(); // not two counters against their totals
        }
        return Optional.of(Progress.of("bracket_counter", batch, "epoch_batch", epoch, batches, null, null, null));
    }
}
