package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;

/**
 * Log dicts and JSON lines: Hugging Face Trainer {@code {'loss': 2.34, 'grad_norm': 1.2, 'learning_rate': 5e-05,
 * 'epoch': 0.5}} and {@code {'eval_loss': ...}} ("hf_dict"), and JSON metrics such as fairseq's
 * {@code {"epoch": 27, "loss": "3.092", "num_updates": 58049}} or a wandb-style {@code {"train/loss": 2.3,
 * "trainer/global_step": 100}} ("json"). Keys are read by {@link Keys}; a dict needs a loss or an eval loss (or a step and a loss
 * key holding null: the same record without its loss this time).
 * The end-of-training {@code train_runtime} summary is not a step. Multi-line (pretty-printed) dicts are joined by
 * {@link ProgressParser#readings} before they get here.
 */
final class HfDictRule implements FormatRule {

    @Override
    public List<String> names() {
        return List.of("hf_dict", "json");
    }

    @Override
    public long needsAll() {
        return Anchors.LBRACE | Anchors.RBRACE;
    }

    @Override
    public long needsAny() {
        return Anchors.LOSSY;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return Anchors.has(a, Anchors.LBRACE | Anchors.RBRACE) && Anchors.any(a, Anchors.LOSSY);
    }

    @Override
    public Optional<Progress> parse(String line) {
        int open = line.indexOf('{');
        int close = line.lastIndexOf('}');
        if (close <= open) {
            return Optional.empty();
        }
        if (line.indexOf("train_runtime", open) >= 0) {
            return Optional.empty(); // run summary; its train_loss is an average, not a step reading
        }
        MetricScanner m = MetricScanner.scan(line, open, close + 1);
        // a record names its metrics: a "value" or "f" in it is no optimiser's objective ("value { f: 0 }")
        Double ownLoss = m.objectiveLoss ? null : m.loss;
        boolean hasLoss = ownLoss != null || m.eval != null;
        Double named = null;
        boolean namedEval = false;
        if (!hasLoss && m.namedValue != null) {
            // caikit's {"name": "loss", "data": {"step": 2, "value": 4.49}}: the metric's name is a value of its own
            int cat = namedMetric(line, open, close);
            if (cat == Keys.LOSS || cat == Keys.EVAL_LOSS) {
                named = m.namedValue;
                namedEval = cat == Keys.EVAL_LOSS;
            }
        }
        if (!hasLoss && named == null && !(m.lossNull && m.step != null)) {
            return Optional.empty(); // a record whose loss is null still moves its step
        }
        int q = open + 1;
        while (q < close && (line.charAt(q) == ' ' || line.charAt(q) == '{')) {
            q++;
        }
        String format = line.charAt(q) == '"' ? "json" : "hf_dict";
        Double loss = named != null && !namedEval ? named : ownLoss;
        Long step = m.step;
        String stepKind = m.stepKind;
        Long total = m.total;
        Long epoch = m.epoch;
        Rate rate = m.rate;
        Double eval = named != null && namedEval ? named : m.eval;
        int arr = stepArray(line, open, close);
        if (arr > 0) {
            // NVIDIA's DLLogger ("DLLL {..., "step": [1, 105, 390], "data": {...}}"): the step is a tuple,
            // (epoch, iteration in it, iterations per epoch), or (epoch,) for an epoch's summary
            java.util.regex.Matcher t = STEP_TUPLE.matcher(line).region(arr, close);
            if (t.lookingAt()) {
                epoch = Long.parseLong(t.group(1));
                step = t.group(2) == null ? null : Long.parseLong(t.group(2));
                total = t.group(3) == null ? null : Long.parseLong(t.group(3));
                stepKind = "epoch_batch";
                if (total != null && step != null && total < step) {
                    total = null;
                }
            }
        }
        if (open > 0 && named == null) {
            // "Epoch 204 train_vae_loss 0.0447: {'recons_loss': 0.017, 'kl_loss': ..}": a reading, then its parts
            MetricScanner before = MetricScanner.scan(line, 0, open);
            if (before.loss != null) {
                loss = before.loss;
            }
            // "step 100: {'loss': 2.3}", MuZero's "Step 10, Losses: {" over several lines: the counter before the
            // dict is the record's when the dict holds none
            if (step == null && before.step != null) {
                step = before.step;
                stepKind = before.stepKind;
                total = before.total;
            }
            epoch = epoch != null ? epoch : before.epoch;
            if (before.evalContext) {
                // "EPOCH 10 VALIDATION METRICS{'cd_losses': 0.17, ..}": the phase named before the dict is its
                eval = eval != null ? eval : loss;
                loss = null;
            }
        }
        return Optional.of(Progress.of(format, step, step == null ? null : stepKind, epoch,
                step == null ? null : total, loss, rate, eval));
    }

    private static final java.util.regex.Pattern STEP_TUPLE = java.util.regex.Pattern.compile(
            "\\[\\s*(\\d{1,9})\\s*(?:,\\s*(\\d{1,12})\\s*(?:,\\s*(\\d{1,12})\\s*)?)?\\]");

    /** Where the '[' of a "step": [..] value starts, or -1 (most lines: no such key). */
    private static int stepArray(String line, int open, int close) {
        for (String key : new String[] {"\"step\":", "'step':"}) {
            int k = line.indexOf(key, open);
            if (k < 0 || k > close) {
                continue;
            }
            int i = k + key.length();
            while (i < close && line.charAt(i) == ' ') {
                i++;
            }
            if (i < close && line.charAt(i) == '[') {
                return i;
            }
        }
        return -1;
    }

    /** Keys category of the quoted string under a "name" (or "metric") key, or -1. */
    private static int namedMetric(String line, int open, int close) {
        for (String key : new String[] {"\"name\"", "'name'", "\"metric\"", "'metric'"}) {
            int k = line.indexOf(key, open);
            if (k < 0 || k > close) {
                continue;
            }
            int i = k + key.length();
            while (i < close && (line.charAt(i) == ' ' || line.charAt(i) == ':')) {
                i++;
            }
            if (i >= close || line.charAt(i) != '"' && line.charAt(i) != '\'') {
                continue;
            }
            int end = line.indexOf(line.charAt(i), i + 1);
            if (end > i + 1 && end < close && end - i < 64) {
                return Keys.category(Keys.classify(line.toCharArray(), i + 1, end, new int[16]));
            }
        }
        return -1;
    }
}
