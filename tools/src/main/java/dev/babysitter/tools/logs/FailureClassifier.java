package dev.babysitter.tools.logs;

import java.util.List;

/**
 * Rule-based root-cause classifier for a log excerpt. Rules ({@link FailureSignals}) name classes of failure by
 * the words frameworks use for them; a single case-insensitive anchor scan ({@link FailureAnchors}) picks the few
 * lines worth a regex, so the cost is one pass over the characters. The class with the strongest evidence wins,
 * ties broken by root-cause priority. No hard evidence at all is HEALTHY: warnings and retries never alert, and a
 * hang after a normal line is for log freshness to catch, not for us. Only lines after the supervisor's last
 * "=== babysitter attempt" banner count.
 */
public final class FailureClassifier {

    private static final int MAX_LINES = 20_000;

    private final ProgressParser progress = new ProgressParser();

    public Classification classify(String text) {
        try {
            FailureScan scan = new FailureScan(progress);
            if (text != null) {
                scan.feed(text, startOfLastLines(text, MAX_LINES));
            }
            return scan.result();
        } catch (RuntimeException | StackOverflowError e) {
            return failed(e);
        }
    }

    public Classification classify(List<String> lines) {
        try {
            FailureScan scan = new FailureScan(progress);
            if (lines != null) {
                for (int i = Math.max(0, lines.size() - MAX_LINES); i < lines.size(); i++) {
                    String l = lines.get(i);
                    if (l != null) {
                        scan.feed(l, 0);
                    }
                }
            }
            return scan.result();
        } catch (RuntimeException | StackOverflowError e) {
            return failed(e);
        }
    }

    // a pathological log must not crash the watcher; say so instead of claiming health
    private static Classification failed(Throwable e) {
        return new Classification(FailureClass.OTHER_ERROR, "classifier failed: " + e, 0.1);
    }

    /** Offset where the last n lines of text begin (\n, \r\n and \r each end one line). */
    static int startOfLastLines(String text, int n) {
        int seen = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (i < text.length() - 1 && ++seen >= n) {
                    return i + 1;
                }
            }
        }
        return 0;
    }
}
