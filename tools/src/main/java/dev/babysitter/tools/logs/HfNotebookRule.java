package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face Trainer's progress in a notebook (NotebookProgressCallback), as a stored output shows it:
 * {@code [14885/14885 9:52:08, Epoch 4/5]}, {@code [ 310/1500 02:11 < 08:26, 2.35 it/s, Epoch 1.03/5]}: the global
 * step against its total, and the epoch (a fraction while one runs) against the epochs. Its metrics table is read
 * by {@link HtmlTable}.
 */
final class HfNotebookRule implements FormatRule {

    private static final Pattern LINE = Pattern.compile("\\[\\s*(\\d+)/(\\d+) [\\d:]+(?: < [\\d:]+)?(?:, ("
            + Nums.FLOAT + ") it/s)?, Epoch (\\d+)(?:\\.\\d+)?/\\d+\\]");

    @Override
    public List<String> names() {
        return List.of("hf_notebook");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT | Anchors.SLASH | Anchors.LBRACKET | Anchors.W_EPOCH;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return line.charAt(0) == '[' && line.charAt(line.length() - 1) == ']' && line.contains(", Epoch ");
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        long step = Long.parseLong(m.group(1));
        long total = Long.parseLong(m.group(2));
        Rate rate = m.group(3) == null ? null : new Rate(Double.parseDouble(m.group(3)), "it/s");
        return Optional.of(Progress.of("hf_notebook", step, "global", Long.parseLong(m.group(4)),
                step <= total ? total : null, null, rate, null));
    }
}
