package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face Trainer log dicts: {@code {'loss': 2.34, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.5}}
 * and {@code {'eval_loss': ...}}. The end-of-training {@code train_runtime} summary is not a step.
 */
final class HfDictRule implements FormatRule {

    private static final Pattern PAIR = Pattern.compile(
            "['\"]([\\w/]+)['\"]\\s*:\\s*('[^']*'|\"[^\"]*\"|tensor\\([^)]*\\)|[^,}]+)");

    @Override
    public List<String> names() {
        return List.of("hf_dict");
    }

    @Override
    public boolean mayMatch(String line) {
        return line.indexOf('{') >= 0 && line.contains("loss");
    }

    @Override
    public Optional<Progress> parse(String line) {
        int open = line.indexOf('{');
        int close = line.lastIndexOf('}');
        if (close <= open) {
            return Optional.empty();
        }
        String body = line.substring(open, close + 1);
        if (body.contains("train_runtime")) {
            return Optional.empty(); // run summary; its train_loss is an average, not a step reading
        }
        Double loss = null;
        Double evalLoss = null;
        Double epoch = null;
        Long step = null;
        Matcher m = PAIR.matcher(body);
        while (m.find()) {
            String v = m.group(2).trim();
            if (v.startsWith("tensor(")) {
                v = v.substring(7, v.length() - 1).split(",")[0];
            }
            switch (m.group(1)) {
                case "loss", "train_loss", "train/loss" -> loss = Nums.dbl(v);
                case "eval_loss", "eval/loss" -> evalLoss = Nums.dbl(v);
                case "epoch", "train/epoch" -> epoch = Nums.dbl(v);
                case "step", "global_step", "train/global_step" -> step = Nums.lng(v);
                default -> { }
            }
        }
        if (loss == null && evalLoss == null) {
            return Optional.empty();
        }
        Long ep = epoch == null || epoch.isNaN() ? null : (long) Math.floor(epoch);
        return Optional.of(Progress.of("hf_dict", step, step == null ? null : "global", ep, null, loss, null, evalLoss));
    }
}
