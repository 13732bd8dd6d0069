package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tqdm progress bars: plain/HF Trainer ("tqdm"), PyTorch Lightning / NeMo ("lightning"),
 * torchtune ("torchtune") and ultralytics ("ultralytics"), which differ only in the description
 * before the bar and in the postfix.
 */
final class TqdmBarRule implements FormatRule {

    private static final Pattern BAR = Pattern.compile(
            "(\\d{1,3})%\\s*\\|?[^|\\[\\]]{0,400}?\\|?\\s*([\\d.]+[kMGT]?)/([\\d.]+[kMGT]?|\\?)\\s*\\[([^\\]]{0,2000})\\]");
    private static final Pattern SKIP_DESC = Pattern.compile(
            "(?i)^(validat|val\\b|eval|test|predict|sanity|map|tokeniz|download|loading|generat|fetching|saving)"
                    + "|\\bmAP50\\b|^Class\\s+Images\\b"); // ultralytics' validation bar
    private static final Pattern LIGHTNING = Pattern.compile("^Epoch\\s+(\\d+)(?:/\\d+)?\\s*:?$");
    private static final Pattern TORCHTUNE = Pattern.compile("^(\\d+)\\|(\\d+)\\|Loss:\\s*(" + Nums.FLOAT + ")");
    private static final Pattern ULTRALYTICS = Pattern.compile("^(\\d+)/(\\d+)\\s+[\\d.]+G\\s");
    private static final Pattern POSTFIX = Pattern.compile("([A-Za-z_][\\w./-]*)=\\s*([^,\\]]+)");

    @Override
    public List<String> names() {
        return List.of("tqdm", "lightning", "nemo", "torchtune", "ultralytics");
    }

    @Override
    public boolean mayMatch(String line) {
        return line.indexOf('%') >= 0 && line.indexOf('/') >= 0 && line.indexOf('[') >= 0;
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = BAR.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        String desc = line.substring(0, m.start()).trim();
        if (desc.endsWith(":")) {
            desc = desc.substring(0, desc.length() - 1).trim();
        }
        if (SKIP_DESC.matcher(desc).find()) {
            return Optional.empty(); // eval/data-prep bars are not training progress
        }
        Long n = Nums.scaled(m.group(2));
        Long total = "?".equals(m.group(3)) ? null : Nums.scaled(m.group(3));
        String[] inside = m.group(4).split(",");
        Rate rate = inside.length > 1 ? Nums.tqdmRate(inside[1]) : null;
        Double loss = null;
        Double evalLoss = null;
        Long globalStep = null;
        boolean nemo = false;
        Matcher pm = POSTFIX.matcher(m.group(4));
        while (pm.find()) {
            String key = pm.group(1);
            switch (key) {
                case "loss", "train_loss", "train_loss_step", "loss_step", "lm_loss",
                     "total_loss", "train/loss" -> {
                    if (!nemo) { // NeMo's reduced_train_loss is the exact one; its "loss" is a smoothed copy
                        loss = Nums.dbl(pm.group(2));
                    }
                }
                case "reduced_train_loss" -> {
                    loss = Nums.dbl(pm.group(2));
                    nemo = true;
                }
                case "val_loss", "eval_loss", "valid_loss", "val_loss_epoch", "validation_loss" ->
                        evalLoss = Nums.dbl(pm.group(2));
                case "global_step", "step" -> globalStep = Nums.lng(pm.group(2));
                default -> { }
            }
        }
        Matcher tt = TORCHTUNE.matcher(desc);
        if (tt.find()) {
            // torchtune: "<epoch>|<global step>|Loss: x" before a per-epoch bar
            return Optional.of(Progress.of("torchtune", Nums.lng(tt.group(2)), "global",
                    Nums.lng(tt.group(1)), null, Nums.dbl(tt.group(3)), rate, evalLoss));
        }
        Matcher ul = ULTRALYTICS.matcher(desc);
        if (ul.find()) {
            // ultralytics prints only loss components (box/cls/dfl), never a total: leave loss null
            return Optional.of(Progress.of("ultralytics", n, "epoch_batch", Nums.lng(ul.group(1)), total,
                    null, rate, null));
        }
        Matcher lm = LIGHTNING.matcher(desc);
        if (lm.find()) {
            Long epoch = Nums.lng(lm.group(1));
            if (globalStep != null) { // NeMo puts the global step in the postfix: it wins
                return Optional.of(Progress.of(nemo ? "nemo" : "lightning", globalStep, "global", epoch, null, loss,
                        rate, evalLoss));
            }
            return Optional.of(Progress.of("lightning", n, "epoch_batch", epoch, total, loss, rate, evalLoss));
        }
        return Optional.of(Progress.of("tqdm", globalStep != null ? globalStep : n, "global", null,
                globalStep != null ? null : total, loss, rate, evalLoss));
    }
}
