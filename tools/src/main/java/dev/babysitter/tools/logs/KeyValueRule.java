package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generic fallback: any line of {@code key: value} / {@code key=value} / {@code key value} metrics whose keys
 * look like a step ({@code step}, {@code global_step}, {@code iter}, {@code Step}, {@code num_updates}, ...) or a
 * loss ({@code loss}, {@code train_loss}, {@code lm loss}, {@code train/loss}, {@code xent}, ...), e.g. a home-made
 * loop's {@code step=3800 loss=2.1034 lr=2.9e-04 it/s=3.5}, PaddleOCR's {@code epoch: [1/5], global_step: 50,
 * loss: 1.14}, TF's {@code global step 8: loss = 57.97 (16.765 sec/step)}. Tried after every named format.
 * See {@link Keys} for the vocabulary and {@link MetricScanner#reading} for what counts as a reading.
 */
final class KeyValueRule implements FormatRule {

    /**
     * Keras' ModelCheckpoint and its imitators: "Epoch 00099: loss improved from 0.17314 to 0.17283, saving model to
     * ..", "Epoch 00100: val_loss did not improve from 0.17283".
     */
    private static boolean monitorMessage(String line) {
        return line.indexOf(" improved from ") > 0 || line.indexOf(" did not improve from ") > 0;
    }

    @Override
    public List<String> names() {
        return List.of("key_value");
    }

    @Override
    public long needsAll() {
        return 0;
    }

    @Override
    public long needsAny() {
        return Anchors.LOSSY | Anchors.STEPPY | Anchors.EPOCHY;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        // ProgressParser already dropped lines without any number; a reading needs a loss-like or a step-like key
        // or an epoch line (Anchors.LOSSY / STEPPY / EPOCHY are supersets of what Keys reads as one); a {...} dict is
        // HfDictRule's to read or refuse
        if (!Anchors.any(a, Anchors.LOSSY | Anchors.STEPPY | Anchors.EPOCHY)) {
            return false;
        }
        if (!Anchors.has(a, Anchors.LBRACE | Anchors.RBRACE)) {
            return true;
        }
        int open = line.indexOf('{');
        return line.indexOf('}', open) < 0;
    }

    /**
     * A sentence that states a loss ("The training loss for Epoch 2 is 4.8495", "The valid loss is 5.0167", LXMERT;
     * "Average loss at step 2000 was 4.32"): read as the key-value line it means.
     */
    private static final Pattern PROSE = Pattern.compile("(?i)^\\W*(?:the |our |current )?((?:[a-z_]+ ){0,3}?loss)"
            + "(?: (?:for|at|of|in) (epoch|step|iteration|iter|batch) (\\d+))? (?:is|was|=):? (-?[0-9][0-9.eE+-]*|nan|inf)"
            + "\\W*$");

    /** The words that say when a loss was taken ("loss after ..", "loss at .."): the regex's and its gate's. */
    private static final List<String> WHEN = List.of("after", "at", "for", "of", "in", "on", "over");

    /**
     * A loss named for when it was taken, its value after the colon that ends the sentence ("Loss after
     * num_examples_seen=7200 epoch=18: 6.030069", "Average loss at step 2000: 4.37", "loss for batch 12 of epoch 3:
     * 0.52"): the counters sit between the loss word and its value, where no key-value reading pairs them.
     */
    private static final Pattern LOSS_WHEN = Pattern.compile("(?i)(?:^|[\\s\\]|:-])((?:[a-z_.]+ ){0,3}?loss)"
            + " (?:" + String.join("|", WHEN) + ") ([^:]{0,80}?\\d[^:]{0,24}?):\\s*(-?[0-9][0-9.eE+-]*|nan|inf)"
            + "\\s*$");

    private static final Pattern GLUED = Pattern.compile("(?<=[A-Za-z])-?(?=\\d)|(?<=\\d)-(?=[A-Za-z])");

    // DeepLearning4J's ScoreIterationListener: "Score at iteration 78700 is 0.98494..": its score is the loss
    private static final Pattern DL4J_SCORE = Pattern.compile(
            "\\bScore at iteration (\\d+) is (-?[0-9][0-9.eE+-]*|NaN|Infinity)\\s*$");

    @Override
    public Optional<Progress> parse(String line) {
        if (line.indexOf("Score at iteration ") >= 0) {
            Matcher m = DL4J_SCORE.matcher(line);
            if (m.find()) {
                String meant = "iteration: " + m.group(1) + ", loss: " + m.group(2);
                return Optional.ofNullable(MetricScanner.scan(meant, 0, meant.length()).reading("key_value"));
            }
        }
        if (line.indexOf("improve", 6) > 0 && monitorMessage(line)) {
            return Optional.empty(); // a checkpoint callback's best value so far, not a reading
        }
        if (line.indexOf(" is ") > 0 || line.indexOf(" was ") > 0) {
            Matcher m = PROSE.matcher(line);
            if (m.find()) {
                String meant = m.group(1) + ": " + m.group(4) + (m.group(2) == null ? ""
                        : ", " + m.group(2) + ": " + m.group(3));
                return Optional.ofNullable(MetricScanner.scan(meant, 0, meant.length()).reading("key_value"));
            }
        }
        if (endsWithColonValue(line) && lossWhen(line)) {
            Matcher m = LOSS_WHEN.matcher(line);
            if (m.find()) {
                // "epoch3-batch-350": counters glued to their words, parted so each reads as a key and its value
                String when = GLUED.matcher(m.group(2)).replaceAll(" ");
                String meant = m.group(1) + ": " + m.group(3) + ", " + when;
                Progress sentence = MetricScanner.scan(meant, 0, meant.length()).reading("key_value");
                if (sentence != null && sentence.loss() != null) {
                    return Optional.of(sentence);
                }
            }
        }
        return Optional.ofNullable(MetricScanner.scan(line, 0, line.length()).reading("key_value"));
    }

    /** The line ends in ": value" (read from the end: most lines stop within a few chars). */
    private static boolean endsWithColonValue(String line) {
        int i = line.length() - 1;
        while (i >= 0 && line.charAt(i) == ' ') {
            i--;
        }
        int end = i;
        while (i >= 0 && end - i < 32) {
            char ch = line.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E'
                    || ch == 'n' || ch == 'a' || ch == 'i' || ch == 'f' || ch == 'N' || ch == 'I')) {
                break;
            }
            i--;
        }
        if (i == end) {
            return false;
        }
        while (i >= 0 && line.charAt(i) == ' ') {
            i--;
        }
        return i >= 0 && line.charAt(i) == ':';
    }

    /** "loss" then a blank and a preposition: worth the sentence's regex. */
    private static boolean lossWhen(String line) {
        for (int i = line.indexOf("oss "); i > 0; i = line.indexOf("oss ", i + 4)) {
            char l = line.charAt(i - 1);
            if (l != 'l' && l != 'L') {
                continue;
            }
            int w = i + 4;
            for (String word : WHEN) {
                int e = w + word.length();
                if (line.startsWith(word, w) && e < line.length() && line.charAt(e) == ' ') {
                    return true;
                }
            }
        }
        return false;
    }
}
