package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Levanter's tqdm_loggable line (marin.md section 7):
 * {@code Progress on:train 11.0it/18.0it rate:34.5s/it remaining:04:01 elapsed:17:46 postfix:loss=15.5},
 * usually behind a logging prefix. Counts completed steps; "-" before the first step.
 */
final class LevanterRule implements FormatRule {

    private static final Pattern LINE = Pattern.compile(
            "Progress on:(\\S+)\\s+(-|[\\d.]+[kMGT]?)(?:it)?/(-|\\?|[\\d.]+[kMGT]?)(?:it)?(?=\\s|$)");
    private static final Pattern RATE = Pattern.compile("\\brate:(\\S+)");
    private static final Pattern LOSS = Pattern.compile("postfix:.*?\\bloss=(" + Nums.FLOAT + ")");

    @Override
    public List<String> names() {
        return List.of("levanter");
    }

    @Override
    public long needsAll() {
        return 0;
    }

    @Override
    public long needsAny() {
        return Anchors.W_PROGRESS_ON;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return (a & Anchors.W_PROGRESS_ON) != 0;
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.at(LINE, line, "Progress on:");
        if (m == null || !m.group(1).startsWith("train")) {
            return Optional.empty();
        }
        Long step = "-".equals(m.group(2)) ? Long.valueOf(0) : Nums.scaled(m.group(2));
        String t = m.group(3);
        Long total = t.length() == 1 && (t.charAt(0) == '-' || t.charAt(0) == '?') ? null : Nums.scaled(t);
        // each pattern is slid over the line only when the literal it holds is there
        Rate rate = line.contains("rate:") ? Nums.tqdmRate(Rx.find(RATE, line)) : null;
        Double loss = line.contains("postfix:") && line.contains("loss=") ? Rx.findDouble(LOSS, line) : null;
        return Optional.of(Progress.of("levanter", step, "global", null, total, loss, rate, null));
    }
}
