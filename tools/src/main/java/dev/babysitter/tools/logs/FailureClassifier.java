package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Rule-based root-cause classifier for a log excerpt. Every line is scored against the evidence table
 * ({@link FailureSignals}); the class with the strongest evidence wins, ties broken by root-cause priority.
 * No evidence at all is HEALTHY: a hang after a normal line is for log freshness to catch, not for us.
 */
public final class FailureClassifier {

    private static final int MAX_LINES = 20_000;
    private static final int EVIDENCE_LINES = 3;

    private final ProgressParser progress = new ProgressParser();

    public Classification classify(String text) {
        return classify(text == null ? List.of() : LineNormalizer.split(text, MAX_LINES));
    }

    public Classification classify(List<String> lines) {
        try {
            return decide(normalise(lines));
        } catch (RuntimeException | StackOverflowError e) {
            // a pathological log must not crash the watcher; say so instead of claiming health
            return new Classification(FailureClass.OTHER_ERROR, "classifier failed: " + e, 0.1);
        }
    }

    private static List<String> normalise(List<String> lines) {
        List<String> out = new ArrayList<>();
        if (lines == null) {
            return out;
        }
        int from = Math.max(0, lines.size() - MAX_LINES);
        for (int i = from; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l != null) {
                // a caller may hand us raw lines with \r-joined updates: split them like LogTail does
                out.addAll(l.indexOf('\r') >= 0 || l.indexOf('\n') >= 0 ? LineNormalizer.split(l, MAX_LINES)
                        : List.of(LineNormalizer.clean(l)));
            }
        }
        return out;
    }

    /** Best evidence per class: its weight and the lines that carried it. */
    private static final class Score {
        int weight;
        final List<String> lines = new ArrayList<>();

        void add(int w, String line) {
            if (w > weight) {
                weight = w;
                lines.clear();
            }
            if (w == weight && !lines.contains(line)) {
                lines.add(line);
            }
        }
    }

    private Classification decide(List<String> lines) {
        Map<FailureClass, Score> scores = new EnumMap<>(FailureClass.class);
        boolean sawSave = false;
        for (String line : lines) {
            String stripped = LineNormalizer.stripRankPrefix(line);
            for (FailureSignals.Signal sig : FailureSignals.SIGNALS) {
                if (sig.pattern().matcher(stripped).find()) {
                    scores.computeIfAbsent(sig.cls(), c -> new Score()).add(sig.weight(), line);
                }
            }
            if (FailureSignals.SAVE_FRAME.matcher(line).find()) {
                sawSave = true;
            } else if (sawSave && FailureSignals.IO_FAIL.matcher(line).find()) {
                scores.computeIfAbsent(FailureClass.DISK_FULL, c -> new Score()).add(4, line);
            }
            if (line.length() < 2048 && progress.parseLine(stripped).map(Progress::nanInf).orElse(false)) {
                scores.computeIfAbsent(FailureClass.NAN_LOSS, c -> new Score()).add(4, line);
            }
        }
        FailureClass best = null;
        int bestWeight = 0;
        for (FailureClass c : FailureSignals.PRIORITY) {
            Score s = scores.get(c);
            if (s != null && s.weight > bestWeight) {
                best = c;
                bestWeight = s.weight;
            }
        }
        if (best == null) {
            return new Classification(FailureClass.HEALTHY, "", lines.isEmpty() ? 0.5 : 0.85);
        }
        List<String> ev = scores.get(best).lines;
        List<String> shown = ev.size() <= EVIDENCE_LINES ? ev
                : List.of(ev.get(0), ev.get(1), ev.get(ev.size() - 1)); // first ones and the latest
        return new Classification(best, String.join("\n", shown), confidence(bestWeight));
    }

    private static double confidence(int weight) {
        return switch (weight) {
            case 5 -> 0.97;
            case 4 -> 0.9;
            case 3 -> 0.8;
            case 2 -> 0.6;
            default -> 0.45;
        };
    }
}
