package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line that opens with its counters in brackets, then keyed metrics: PyTorch's CIFAR-10 tutorial and its many
 * copies, {@code [1,  2000] loss: 2.190} (epoch, then batch), also behind Python logging's default prefix
 * ({@code INFO:pytorch:[1,  19] loss: -3614.3}); gpt-2-simple's {@code [5000 | 5336.92] loss=0.80 avg=1.95}
 * (step, then seconds elapsed). The metrics after the bracket are the generic reader's, which needs a loss there.
 * One lone counter without a loss: pomegranate's EM report, {@code [20] Improvement: 0.0879	Time (s): 0.0023}
 * (HMMs, mixtures and Bayesian networks alike), whose improvement is a change in log-likelihood, not a loss.
 */
final class BracketCounterRule implements FormatRule {

    private static final Pattern OPEN = Pattern.compile(
            "^(?:(?:DEBUG|INFO|WARNING):[\\w.]*:)?\\[\\s*(\\d+)\\s*(,|\\|)\\s*(\\d+(?:\\.\\d+)?)\\s*\\]\\s+");

    private static final String IMPROVEMENT = "] Improvement: ";

    private final KeyValueRule metrics = new KeyValueRule();

    @Override
    public List<String> names() {
        return List.of("bracket_counter");
    }

    @Override
    public long needsAll() {
        return Anchors.LBRACKET;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        if (!Anchors.has(a, Anchors.LOSSY)) {
            return emIteration(line) > 0;
        }
        int open = line.indexOf('[');
        return open >= 0 && open < 24 && (line.charAt(0) == '[' || line.charAt(open - 1) == ':');
    }

    /** The end of "[n" when the line opens with pomegranate's "[n] Improvement: ", else -1. */
    private static int emIteration(String line) {
        if (line.isEmpty() || line.charAt(0) != '[') {
            return -1;
        }
        int k = 1;
        while (k < line.length() && k < 10 && Nums.digit(line.charAt(k))) {
            k++;
        }
        return k > 1 && line.startsWith(IMPROVEMENT, k) ? k : -1;
    }

    @Override
    public Optional<Progress> parse(String line) {
        int em = emIteration(line);
        if (em > 0) {
            return Optional.of(Progress.of("bracket_counter", Long.parseLong(line, 1, em, 10), "iteration", null, null,
                    null, null, null));
        }
        Matcher m = OPEN.matcher(line);
        if (!m.lookingAt()) {
            return Optional.empty();
        }
        boolean pair = ",".equals(m.group(2));
        if (pair && m.group(3).indexOf('.') >= 0) {
            return Optional.empty(); // "[1, 0.5]": a list of values, not counters
        }
        Optional<Progress> rest = metrics.parse(line.substring(m.end()));
        if (rest.isEmpty() || rest.get().loss() == null || rest.get().step() != null) {
            return Optional.empty();
        }
        Progress p = rest.get();
        Long first = Nums.lng(m.group(1));
        return Optional.of(pair
                ? Progress.of("bracket_counter", Nums.lng(m.group(3)), "epoch_batch", first, null, p.loss(),
                        p.rate(), p.evalLoss())
                : Progress.of("bracket_counter", first, "global", p.epoch(), null, p.loss(), p.rate(),
                        p.evalLoss()));
    }
}
