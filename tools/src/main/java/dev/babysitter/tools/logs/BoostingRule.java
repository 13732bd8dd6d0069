package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Gradient-boosting libraries' per-round evaluation lines, tab-separated after the round: XGBoost
 * {@code [500]\teval-logloss:0.419\ttrain-logloss:0.160}, LightGBM {@code [100]\ttraining's l2: 0.2\tvalid_1's l2:
 * 0.3}, CatBoost {@code 600:\tlearn: 0.1498\ttest: 0.1367\tbest: 0.1366 (566)\ttotal: 28.9s\tremaining: 19.2s}. The
 * round is the step; the training set's first metric is the loss (the objective is printed first), the first held-out
 * set's first metric the eval loss. Sets are named by the user in XGBoost; names that say neither are skipped. Also
 * with the tabs turned to blanks (as pasted into an issue), behind a {@code [20:04:50]} time, and LightGBM's R package's
 * {@code [30]:  train's l2:0.085  valid's l2:0.094}.
 * {@code xgboost.cv} prints each metric as the folds' mean and spread, {@code train-logloss:0.00627+0.00086}: the mean.
 */
final class BoostingRule implements FormatRule {

    @Override
    public List<String> names() {
        return List.of("gbdt");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT | Anchors.COLON;
    }

    @Override
    public boolean mayMatch(String line, long anchors) {
        int i = start(line);
        if (i + 1 >= line.length()) {
            return false;
        }
        char c = line.charAt(i);
        return (c == '[' && Character.isDigit(line.charAt(i + 1)) || Character.isDigit(c))
                && (line.indexOf('\t') > 0 || line.indexOf("'s ") > 0 || line.indexOf("train-") > 0
                || line.indexOf("train_0-") > 0);
    }

    /** Where the round starts: past leading blanks and a {@code [hh:mm:ss]} time before it. */
    private static int start(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (i + 3 < line.length() && line.charAt(i) == '[' && Character.isDigit(line.charAt(i + 1))) {
            int close = line.indexOf(']', i);
            if (close > 0 && close - i <= 16 && line.substring(i, close).indexOf(':') > 0) {
                i = close + 1;
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
            }
        }
        return i;
    }

    @Override
    public Optional<Progress> parse(String line) {
        int i = start(line);
        if (i >= line.length()) {
            return Optional.empty();
        }
        boolean bracket = line.charAt(i) == '[';
        int d = bracket ? i + 1 : i;
        int e = d;
        while (e < line.length() && Character.isDigit(line.charAt(e))) {
            e++;
        }
        if (e == d || e - d > 12 || e >= line.length() || line.charAt(e) != (bracket ? ']' : ':')) {
            return Optional.empty();
        }
        long round = Long.parseLong(line.substring(d, e));
        int from = e + 1;
        if (bracket && from < line.length() && line.charAt(from) == ':') {
            from++; // LightGBM's R package: "[30]:"
        }
        Double loss = null;
        Double eval = null;
        String rest = line.substring(from);
        for (String field : rest.indexOf('\t') >= 0 ? List.of(rest.split("\t")) : fields(rest)) {
            int colon = field.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = field.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            Double value = value(field.substring(colon + 1));
            if (value == null || name.isEmpty()) {
                continue;
            }
            int set = set(name);
            if (set > 0 && loss == null) {
                loss = value;
            } else if (set < 0 && eval == null) {
                eval = value;
            }
        }
        if (loss == null && eval == null) {
            return Optional.empty();
        }
        return Optional.of(Progress.of("gbdt", round, "iteration", null, null, loss, null, eval));
    }

    /**
     * The {@code name: value} fields of a line whose tabs became blanks: the words up to a colon name the field, the
     * first token after it is its value ("train's l2:0.085", "training's l2: 0.2", "test-error:0.027").
     */
    private static List<String> fields(String rest) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder name = new StringBuilder();
        String[] tokens = rest.strip().split(" +");
        for (int k = 0; k < tokens.length; k++) {
            String t = tokens[k];
            int colon = t.indexOf(':');
            if (colon < 0) {
                name.append(name.length() == 0 ? "" : " ").append(t);
                continue;
            }
            String value = colon < t.length() - 1 ? t.substring(colon + 1)
                    : k + 1 < tokens.length ? tokens[++k] : "";
            out.add(name + (name.length() == 0 ? "" : " ") + t.substring(0, colon) + ":" + value);
            name.setLength(0);
        }
        return out;
    }

    /** 1: a training set's metric, -1: a held-out set's, 0: neither (best, total, remaining, a set named otherwise). */
    private static int set(String name) {
        int cut = name.indexOf("'s ");
        if (cut < 0) {
            cut = name.indexOf('-');
        }
        String set = cut < 0 ? name : name.substring(0, cut);
        return switch (set) {
            case "train", "training", "learn", "dtrain", "train_0", "training_0" -> 1;
            case "eval", "valid", "validation", "test", "val", "dev", "dvalid", "dtest", "holdout" -> -1;
            default -> set.startsWith("valid_") || set.startsWith("validation_") || set.startsWith("eval_")
                    || set.startsWith("test_") ? -1 : 0;
        };
    }

    /** The first token after the colon as a number ("0.1366 (566)" is 0.1366); null when it is not one. */
    private static Double value(String s) {
        String t = s.strip();
        int sp = t.indexOf(' ');
        if (sp > 0) {
            t = t.substring(0, sp);
        }
        int plus = t.indexOf('+', 1);
        if (plus > 0 && Character.isDigit(t.charAt(plus - 1))) {
            t = t.substring(0, plus); // xgboost.cv: the folds' mean, then its spread ("0.00627+0.00086")
        }
        if (t.isEmpty() || !(Character.isDigit(t.charAt(0)) || t.charAt(0) == '-' || t.charAt(0) == '.'
                || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf"))) {
            return null;
        }
        char last = t.charAt(t.length() - 1);
        if (!Character.isDigit(last) && !t.equalsIgnoreCase("nan") && !t.equalsIgnoreCase("inf")) {
            return null; // "28.9s", "1m": times
        }
        if (t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (t.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
