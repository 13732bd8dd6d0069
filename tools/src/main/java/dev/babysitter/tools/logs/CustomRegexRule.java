package dev.babysitter.tools.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A user-supplied regex with named groups, for home-made training loops (run spec {@code progress.regex},
 * {@code babysitter parse --regex}). Groups: {@code step} (global step) or {@code batch} (batch within the
 * epoch), {@code total}, {@code epoch}, {@code loss}, {@code eval_loss}, {@code rate} and {@code rate_unit}
 * (it/s, s/it, ms/iter or ms, samples/s, tokens/s; it/s when absent). Underscores are allowed in group names
 * although Java's regex syntax does not allow them. Reports format "custom".
 */
final class CustomRegexRule implements FormatRule {

    static final String FORMAT = "custom";
    static final Set<String> GROUPS = Set.of("step", "batch", "total", "epoch", "loss", "eval_loss", "rate", "rate_unit");

    /** Work budget per line: a pathological user regex gives up instead of hanging the watcher. */
    private static final int MAX_CHAR_READS = 2_000_000;
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9_]*)>");

    private final Pattern pattern;
    private final Map<String, String> javaNames; // our name -> name in the compiled pattern
    private final String source;

    CustomRegexRule(String regex) {
        if (regex == null || regex.isBlank()) {
            throw new IllegalArgumentException("progress regex is empty");
        }
        this.source = regex;
        Map<String, String> names = new LinkedHashMap<>();
        StringBuilder rewritten = new StringBuilder();
        Matcher g = GROUP_NAME.matcher(regex);
        while (g.find()) {
            String name = g.group(1);
            String lower = name.toLowerCase(Locale.ROOT);
            if (!GROUPS.contains(lower)) {
                throw new IllegalArgumentException("progress regex has an unknown named group '" + name
                        + "'; known: " + String.join(", ", List.copyOf(new java.util.TreeSet<>(GROUPS))));
            }
            if (names.containsKey(lower)) {
                throw new IllegalArgumentException("progress regex names the group '" + name + "' twice");
            }
            String javaName = lower.replace("_", "") + "x";
            names.put(lower, javaName);
            g.appendReplacement(rewritten, Matcher.quoteReplacement("(?<" + javaName + ">"));
        }
        g.appendTail(rewritten);
        if (!(names.containsKey("step") || names.containsKey("batch") || names.containsKey("loss")
                || names.containsKey("eval_loss") || names.containsKey("rate"))) {
            throw new IllegalArgumentException("progress regex needs at least one named group among "
                    + "step, batch, loss, eval_loss, rate, e.g. 'step (?<step>\\d+) loss (?<loss>[\\d.]+)'");
        }
        if (names.containsKey("step") && names.containsKey("batch")) {
            throw new IllegalArgumentException("progress regex may name 'step' (global) or 'batch' (within epoch), not both");
        }
        try {
            this.pattern = Pattern.compile(rewritten.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid progress regex: " + e.getDescription() + " near index "
                    + e.getIndex() + " in " + regex, e);
        }
        this.javaNames = Map.copyOf(names);
    }

    String source() {
        return source;
    }

    @Override
    public List<String> names() {
        return List.of(FORMAT);
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return true;
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = pattern.matcher(new BudgetedChars(line, MAX_CHAR_READS));
        if (!m.find()) {
            return Optional.empty();
        }
        Long step = Nums.lng(group(m, "step"));
        String kind = step == null ? null : "global";
        if (step == null) {
            step = Nums.lng(group(m, "batch"));
            kind = step == null ? null : "epoch_batch";
        }
        Double rateValue = Nums.dbl(group(m, "rate"));
        Rate rate = rateValue == null || rateValue.isNaN() ? null : new Rate(rateValue, unit(group(m, "rate_unit")));
        Progress p = Progress.of(FORMAT, step, kind, Nums.lng(group(m, "epoch")), Nums.lng(group(m, "total")),
                Nums.dbl(group(m, "loss")), rate, Nums.dbl(group(m, "eval_loss")));
        boolean empty = p.step() == null && p.loss() == null && p.evalLoss() == null && p.rate() == null;
        return empty ? Optional.empty() : Optional.of(p);
    }

    private String group(Matcher m, String name) {
        String javaName = javaNames.get(name);
        return javaName == null ? null : m.group(javaName);
    }

    static String unit(String raw) {
        if (raw == null) {
            return "it/s";
        }
        String u = raw.trim().toLowerCase(Locale.ROOT);
        return switch (u) {
            case "s/it", "s/step", "s", "sec", "sec/it", "s/iter" -> "s/it";
            case "ms", "ms/it", "ms/iter", "ms/step" -> "ms/iter";
            case "samples/s", "samples/sec", "sample/s", "samples_per_second" -> "samples/s";
            case "tokens/s", "tok/s", "tokens/sec", "tps", "tokens_per_second" -> "tokens/s";
            default -> "it/s";
        };
    }

    /** A CharSequence that throws once a regex has read too many characters (catastrophic backtracking). */
    private static final class BudgetedChars implements CharSequence {
        private final String s;
        private final int offset;
        private final int length;
        private final int[] budget;

        BudgetedChars(String s, int budget) {
            this(s, 0, s.length(), new int[] {budget});
        }

        private BudgetedChars(String s, int offset, int length, int[] budget) {
            this.s = s;
            this.offset = offset;
            this.length = length;
            this.budget = budget;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new IllegalStateException("custom progress regex gave up on a line (too much backtracking)");
            }
            return s.charAt(offset + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(s, offset + start, end - start, budget);
        }

        @Override
        public String toString() {
            return s.substring(offset, offset + length);
        }
    }
}
