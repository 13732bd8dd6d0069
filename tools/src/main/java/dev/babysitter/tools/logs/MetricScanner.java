package dev.babysitter.tools.logs;

import java.util.Arrays;

/**
 * One pass over a line that finds every number (or nan/inf word) with the key written in front of it, in any of
 * the shapes trainers print: {@code key: v}, {@code key=v}, {@code key v}, {@code 'key': v}, {@code "key": "v"},
 * {@code key = v}, {@code key: n/N}, {@code key:[n/N]}, {@code v unit/s}, {@code tensor(v)}. Each key is classified
 * by {@link Keys} and the findings are kept in plain fields: no regex, no split, no substring.
 * Not thread-safe: one instance per line (they are cheap).
 */
final class MetricScanner {

    private static final int MAX_VALUES = 96; // bounds the work on adversarial lines
    private static final int SCANNERS = 4;

    Long step;
    String stepKind;
    int stepRank = -1;
    /** The line holds an n/N counter (whatever it counts). */
    private boolean nOfN;
    Long total;
    Long epoch;
    Double loss;
    private double lossAverage = Double.NaN; // the running average printed after the loss, NaN when none
    int lossRank;
    Double eval;
    Rate rate;
    int rateRank;
    boolean subStep;
    boolean evalContext;
    int others; // values under keys we do not use (lr, grad_norm, ...): evidence that this is a metrics line
    Long maxTotal; // max_steps, max_updates: the step's total when its own counter has none
    Double namedValue; // {"name": "loss", "value": 2.3}: the number under a key named "value"
    private double objective = Double.NaN; // the first f, value or error (Keys.OBJECTIVE), NaN when none
    private boolean hasObjective;
    boolean objectiveLoss; // the loss is the line's objective (finish()): a record's own keys come first
    boolean lossNull;  // a loss key holding null/None: a record whose loss is missing this time, still a record
    int evalRank;

    // counters without a key of their own ("[300/1251]", "(1800/24681)", "Epoch  1, 13400/37527;") and bare
    // counts under a key that only says "this counts" ("Train: 12 [..]"): resolved in finish()
    private static final int MAX_COUNTERS = 4;
    private final long[] counterValue; // the thread's arrays (a scan allocates none): valid up to counters
    private final long[] counterTotal; // -1: none
    private int counters;
    private long bareCount = -1; // tqdm without a total: "11it [00:06, 1.61it/s]"
    private long episode = -1; // an RL episode counter ("Episode 7/10 | .. | Loss: 0.4"): a step when no other is
    private long episodeTotal = -1;
    private long leadCount = -1; // an integer opening the line before ": " (darknet's iteration)
    private long lossIndex = -1; // "Train loss 7 5.79": the iteration between a loss key and its value
    private long leadFirst = -1; // integers alone at the line's start ("334 3 Loss=nan"): epoch and batch, or
    private long leadSecond = -1; // the step alone
    private int leadEnd = -1;
    private int evalFrom = -1; // "| Val: loss = 1.68": losses after this point are the evaluation's
    private int epochBracket = -1; // where "Epoch: [163" ends, at its ']'
    private boolean epochBanner; // "[Epoch 2]\tLearning rate: 1.00e-4" (EDSR's trainer): the line opens with it
    private long epochBatch = -1;  // "[163][250]": the batch in the bracket right after the epoch's
    private long afterCount = -1; // "after N steps" in prose: the step of a line with a loss and no keyed step
    private long fieldCount = -1; // an integer alone between " - " or " | " field separators (XLM's iteration)
    private long bracketCount = -1; // "[1000] key=v, ...": a bracketed integer before the first key (clu's step)
    private int epochEnd = -1;   // where the epoch's value ends: a line that ends there is an epoch line
    private int scanFrom;
    private int scanTo;

    private final int[] scratch;
    private char[] c; // the line, read by index (a thread's reused buffer: String.charAt costs a check each)
    private int n;    // the line's length (the buffer may be longer)

    private final Work work;

    private String src;

    private MetricScanner(Work w) {
        this.work = w;
        this.counterValue = w.counterValue;
        this.counterTotal = w.counterTotal;
        this.scratch = w.scratch;
    }

    /** Makes this scanner a fresh one for {@code line}: every finding as a new scanner starts it. */
    private MetricScanner reset(String line) {
        step = null;
        stepKind = null;
        stepRank = -1;
        nOfN = false;
        total = null;
        epoch = null;
        loss = null;
        lossRank = 0;
        lossAverage = Double.NaN;
        eval = null;
        rate = null;
        rateRank = 0;
        subStep = false;
        evalContext = false;
        others = 0;
        maxTotal = null;
        namedValue = null;
        objective = Double.NaN;
        hasObjective = false;
        objectiveLoss = false;
        lossNull = false;
        evalRank = 0;
        counters = 0;
        bareCount = -1;
        episode = -1;
        episodeTotal = -1;
        leadCount = -1;
        lossIndex = -1;
        leadFirst = -1;
        leadSecond = -1;
        leadEnd = -1;
        evalFrom = -1;
        epochBracket = -1;
        epochBanner = false;
        epochBatch = -1;
        fieldCount = -1;
        afterCount = -1;
        bracketCount = -1;
        epochEnd = -1;
        scanFrom = 0;
        scanTo = 0;
        valueStart = 0;
        valueEnd = 0;
        valueRead = 0;
        valueKnown = false;
        keyEnd = 0;
        keyParen = false;
        src = line;
        c = work.chars(line);
        n = line.length();
        return this;
    }

    /**
     * A thread's line buffer, reused by every scan on that thread (a parser may be shared between threads): the
     * chars of the last line scanned stay in it, so scanning the same line again (a rule's second look) copies nothing.
     */
    static final class Work {
        private char[] buf = new char[256];
        // the last reading's line and its loss rank; a refused lone step line and its step (ProgressParser's records)
        private String rankLine;
        private int rank;
        private String loneLine;
        private long loneStep;
        private long loneResult = -1;
        private String held;
        final int[] scratch = new int[16];
        final long[] counterValue = new long[MAX_COUNTERS];
        final long[] counterTotal = new long[MAX_COUNTERS];
        // scanners are reused in turn, not allocated per line (the allocation was a tenth of a scan): a scanner's
        // findings stay valid until the thread's SCANNERS-th next scan; no caller holds one across more than one
        private final MetricScanner[] scanners = new MetricScanner[SCANNERS];
        private int nextScanner;

        MetricScanner scanner(String line) {
            int k = nextScanner;
            nextScanner = k + 1 == SCANNERS ? 0 : k + 1;
            MetricScanner m = scanners[k];
            if (m == null) {
                m = new MetricScanner(this);
                scanners[k] = m;
            }
            return m.reset(line);
        }

        // keys repeat from line to line: their classification is kept (Keys.classify is a pure function of the chars)
        // in a two-way cache (pairs of slots: a mixed log's ~1k keys no longer evict each other by the hundred)
        private static final int SLOTS = 4096;
        private final int[] keyHash = new int[SLOTS];
        private final int[] keyPacked = new int[SLOTS];
        private final char[][] keyChars = new char[SLOTS][];

        int classify(char[] c, int a, int b) {
            int len = b - a;
            if (len <= 0 || len > 64) {
                return Keys.classify(c, a, b, scratch);
            }
            int h = len;
            for (int k = a; k < b; k++) {
                h = 31 * h + c[k];
            }
            h ^= h >>> 15;
            int pair = h & (SLOTS - 2);
            for (int slot = pair; slot < pair + 2; slot++) {
                char[] key = keyChars[slot];
                if (key != null && keyHash[slot] == h && key.length == len) {
                    int k = 0;
                    while (k < len && key[k] == c[a + k]) { // keys are short: a plain loop beats Arrays.equals' set-up
                        k++;
                    }
                    if (k == len) {
                        return keyPacked[slot];
                    }
                }
            }
            int packed = Keys.classify(c, a, b, scratch);
            // the newest key takes the pair's first slot, the one it held moves to the second
            keyChars[pair + 1] = keyChars[pair];
            keyHash[pair + 1] = keyHash[pair];
            keyPacked[pair + 1] = keyPacked[pair];
            keyChars[pair] = Arrays.copyOfRange(c, a, b);
            keyHash[pair] = h;
            keyPacked[pair] = packed;
            return packed;
        }

        /** Forgets any lone step noted by earlier lines (a parser calls this before each line). */
        void forgetLone() {
            loneResult = -1;
        }

        /** Notes whether {@code clean}, which no rule read, was a lone step line by {@link #reading}'s last look. */
        void noteRefused(String clean) {
            loneResult = loneLine == clean ? loneStep : -1;
            loneLine = null;
        }

        char[] chars(String line) {
            if (line != held) {
                int len = line.length();
                if (len > buf.length) {
                    buf = new char[Math.max(len, buf.length * 2)];
                }
                line.getChars(0, len, buf, 0);
                held = line;
            }
            return buf;
        }
    }

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    /** The calling thread's scan state, for a caller that would otherwise look it up several times per line. */
    static Work work() {
        return WORK.get();
    }

    /** The calling thread's buffer holding {@code line}'s chars (valid until that thread buffers another line). */
    static char[] buffer(String line) {
        return WORK.get().chars(line);
    }

    private boolean startsWith(String w, int at) {
        if (at < 0 || at + w.length() > n) {
            return false;
        }
        for (int k = 0; k < w.length(); k++) {
            if (c[at + k] != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Scans s[from, to). */
    static MetricScanner scan(String s, int from, int to) {
        MetricScanner m = WORK.get().scanner(s);
        m.run(Math.max(0, from), Math.min(to, s.length()));
        m.finish();
        return m;
    }

    /**
     * Whether the line holds one step key and its value and nothing else ("Iteration: \t 3",
     * "training_iteration: 85"): no reading, but a step beside a record printed one metric per line.
     */
    private boolean lone() {
        return step != null && stepRank > 0 && total == null && loss == null && eval == null && epoch == null
                && rate == null && others == 0 && !evalContext && !subStep;
    }

    /**
     * The step of the lone step line the calling thread's parser just refused (noted by {@link Work#noteRefused}), or
     * -1; reading it forgets it.
     */
    static long takeLoneStep() {
        Work w = WORK.get();
        long v = w.loneResult;
        w.loneResult = -1;
        return v;
    }



    /** The loss preference ({@link Keys#rank}) of the line's train loss, -1 when it has none. */
    static int lossRank(String s) {
        Work w = WORK.get();
        if (w.rankLine == s) {
            return w.rank; // the reading just made of this line (no second scan)
        }
        MetricScanner m = scan(s, 0, s.length());
        return m.loss == null ? -1 : m.lossRank;
    }

    private void objective(double v) {
        if (!hasObjective) {
            objective = v;
            hasObjective = true;
        }
    }

    boolean hasLoss() {
        return loss != null || eval != null;
    }

    /**
     * The reading of a free-form line, or null when it does not look like training progress: a loss-like key, or
     * a step-like key with a total, a rate or another metric beside it. Evaluation lines ("eval step=..") and
     * micro-step lines without a step are not readings.
     */
    Progress reading(String format) {
        work.rankLine = src;
        work.rank = loss == null ? -1 : lossRank;
        if (lone()) {
            work.loneLine = src; // "Iteration: 3": no reading, but a step if one metric per line is printed here
            work.loneStep = step;
        }
        if (evalContext) {
            // "Evaluation result for step 20000: ... loss = 4.6", "DEV : loss 0.0387": the loss of an evaluation
            // an evaluation's running average over its batches, not its last batch ("EVAL: [49/49] .. Loss:
            // 0.0046(0.4666)"), when the line prints both
            Double ev = eval != null ? eval : lossAverage == lossAverage ? Double.valueOf(lossAverage) : loss;
            return ev == null ? null : Progress.of(format, null, null, null, null, null, null, ev);
        }
        if (step == null && subStep) {
            return null;
        }
        if (!hasLoss() && step == null && epoch != null && (epochEnd >= 0
                && (rate == null && others == 0 && (blankFrom(headingTail(epochEnd)) || boundaryWord(epochEnd))
                || timeField(epochEnd))
                || epochBanner)) {
            return Progress.of(format, null, null, epoch, null, null, null, null); // nnU-Net's lone "Epoch 2"
        }
        if (!hasLoss() && (step == null || total == null && rate == null && others == 0 && !epochAndGlobalStep())) {
            return null;
        }
        return Progress.of(format, step, step == null ? null : stepKind, epoch, step == null ? null : total, loss,
                rate, eval);
    }

    /**
     * "Epoch: 677, global_step=69222400" (an RL or a Lightning loop's own line, no metric on it): the epoch and a
     * global-step key beside it are the run's progress, where a lone step or epoch key is not. Not beside an n/N
     * counter: Composer's "[epoch=0][batch=17/625]: trainer/global_step: 17" is one field of a record printed one
     * metric per line, whose counter is the batch.
     */
    private boolean epochAndGlobalStep() {
        return epoch != null && stepRank >= 2 && "global".equals(stepKind) && !nOfN && !evalContext && !subStep;
    }

    /**
     * Gives the counters without a key their meaning, only on a line that has a loss: the last one with a total is
     * the step (the batch within the epoch when an epoch is known), one before it the epoch
     * ({@code Train: [14/300][300/1251]}, {@code Train: 1/3 ( 33%) [ 149/323 ( 46%)]}); a keyed step wins.
     * A step without a total takes the one of a max_steps-like key.
     */
    private void finish() {
        if (hasObjective && loss == null && eval == null && !evalContext
                && (step != null || epoch != null || counters > 0)) {
            // "iter 7 .. f 4.994e+03 |g| ..", "Iteration 500: error = 0.449": an optimiser's objective on a line that
            // counts its iterations is its loss; alone ("value { f: 0 }", "error=2") it is nothing we read
            loss = objective;
            lossRank = 0;
            objectiveLoss = true;
        }
        if (counters > 0 && hasLoss()) {
            int last = -1;
            for (int i = 0; i < counters; i++) {
                if (counterTotal[i] >= 0) {
                    last = i;
                }
            }
            if (epoch == null && last > 0) {
                epoch = counterValue[0];
            } else if (epoch == null && last < 0 && step != null) {
                epoch = counterValue[0]; // "Train: 12 [..] Acc_iter 150"
            }
            if (step == null && last >= 0) {
                step = counterValue[last];
                total = counterTotal[last];
                stepKind = epoch != null ? "epoch_batch" : "iteration";
                stepRank = 0;
            }
        }
        if (episode >= 0 && episodeTotal >= episode && step != null && total == null) {
            // "Episode 4291/5000 | .. | Steps: 255": the episode counted against its total is the run's progress, and a
            // step count beside it with no total the episode's length (MADDPG's cumulative "Steps:" has no total)
            step = episode;
            total = episodeTotal;
            stepKind = "iteration";
        }
        fallbackStep(epochBatch, "epoch_batch");
        fallbackStep(lossIndex, "iteration");
        if (leadSecond >= 0 && fallbackStep(leadSecond, "epoch_batch")) {
            epoch = epoch == null ? Long.valueOf(leadFirst) : epoch;
        }
        fallbackStep(leadFirst, "iteration");
        fallbackStep(leadCount, "iteration");
        fallbackStep(fieldCount, "iteration");
        fallbackStep(afterCount, "global");
        if (fallbackStep(episode, "iteration") && episodeTotal >= 0) {
            total = episodeTotal;
        }
        if (step == null && bracketCount >= 0 && loss != null && others > 0) {
            step = bracketCount;
            stepKind = "global";
            stepRank = 0;
        }
        fallbackStep(bareCount, "iteration");
        if (step == null && !hasLoss() && episode >= 0 && others > 0 && rewardWord()) {
            // "Episode 9990 | Avg Reward: 141.40 | Epsilon: 0.010": an RL record with no loss at all; its episode
            // counter is the run's progress
            step = episode;
            total = episodeTotal >= episode ? Long.valueOf(episodeTotal) : null;
            stepKind = "iteration";
            stepRank = 0;
        }
        if (step != null && total == null && maxTotal != null && maxTotal >= step) {
            total = maxTotal;
        }
    }

    /** Reads the number at vs..ve (its value parsed when a key wants it); returns where scanning goes on. */
    private int numberAt(int vs, int ve, int to) {
        valueStart = vs;
        valueEnd = ve;
        valueKnown = false;
        return value(vs, ve, to);
    }

    /** Whether the line names a reward or a return (an RL record's own metrics). */
    private boolean rewardWord() {
        for (int k = scanFrom; k + 6 <= scanTo; k++) {
            char ch = (char) (c[k] | 0x20);
            if (ch == 'r' && (Nums.eqIgnoreCase(c, k, "reward") || Nums.eqIgnoreCase(c, k, "return"))) {
                return true;
            }
        }
        return false;
    }

    /** A step without a key of its own, taken (in the caller's order of preference) when nothing keyed one. */
    private boolean fallbackStep(long v, String kind) {
        if (step != null || v < 0 || !hasLoss()) {
            return false;
        }
        step = v;
        stepKind = kind;
        stepRank = 0;
        return true;
    }

    private void counter(long v, long tot) {
        if (counters < MAX_COUNTERS) {
            counterValue[counters] = v;
            counterTotal[counters] = tot;
            counters++;
        }
    }

    /** The value is a whole field: a " - " or " | " separator before it and after it, only blanks between. */
    private boolean aloneInField(int vs, int ve, int to) {
        int j = vs - 1;
        while (j >= scanFrom && c[j] == ' ') {
            j--;
        }
        if (j == vs - 1 || j < scanFrom + 1 || c[j] != '-' && c[j] != '|' || c[j - 1] != ' ') {
            return false;
        }
        int k = ve;
        while (k < to && c[k] == ' ') {
            k++;
        }
        return k > ve && k + 1 < to && (c[k] == '-' || c[k] == '|') && c[k + 1] == ' ';
    }

    /** A counter n/N standing alone: after a blank or an opening bracket, before a closing one or a separator. */
    private boolean standsAlone(int vs, int te, int to) {
        char before = vs > 0 ? c[vs - 1] : ' ';
        char after = te < to ? c[te] : ' ';
        return (before == ' ' || before == '\t' || before == '[' || before == '(' || before == ',')
                && (after == ']' || after == ')' || after == ' ' || after == ',' || after == ';' || after == '|'
                || after == '\t');
    }

    private void run(int from, int to) {
        from = asctimeEnd(from, to);
        scanFrom = from;
        scanTo = to;
        int i = from;
        int values = 0;
        while (i < to && values < MAX_VALUES) {
            char ch = c[i];
            if (Nums.digit(ch) || (ch == '-' || ch == '+' || ch == '.') && i + 1 < to && Nums.digit(c[i + 1])) {
                char prev = i > from ? c[i - 1] : ' ';
                if (isWordChar(prev) || prev == '.' || (ch == '-' || ch == '+') && Nums.digit(prev)) {
                    i = skipToken(i, to); // "mAP50", "2021-08-02", "v2.1": part of a word or a date
                    continue;
                }
                long r = Nums.number(c, i, to);
                if (r < 0) {
                    i++;
                    continue;
                }
                values++;
                i = numberAt(i, (int) (r >>> 32), to);
            } else if (isLetter(ch)) {
                int end = i + 1;
                while (end < to && isWordChar(c[end])) {
                    end++;
                }
                boolean special = false;
                if (end - i == 4 && !lossNull && (Nums.eqIgnoreCase(c, i, "null") || Nums.eqIgnoreCase(c, i, "none"))
                        && (i == from || !isWordChar(c[i - 1]))) {
                    // "loss": null, 'loss': None: the record's loss is missing this time (LLaMA-Factory's last
                    // trainer_log line), the record itself still counts
                    int ks = keyStart(i);
                    if (ks >= 0 && Keys.category(work.classify(c, ks, keyEnd)) == Keys.LOSS) {
                        lossNull = true;
                    }
                }
                int word = end - i > 3 && end - i <= 6 && xPadded(i + 3, end) ? i + 3 : end;
                if ((word - i == 3 || word - i == 8) && ((c[i] | 0x20) == 'n' || (c[i] | 0x20) == 'i')) {
                    double sp = Nums.special(c, i, word);
                    boolean nan = Nums.isNanWord(c, i, word);
                    if ((nan || sp == sp) && (i == from || !isWordChar(c[i - 1]))) {
                        boolean neg = i > from && c[i - 1] == '-';
                        values++;
                        special = true;
                        valueRead = neg && !nan ? Double.NEGATIVE_INFINITY : sp;
                        valueKnown = true;
                        value(neg ? i - 1 : i, end, to);
                    }
                }
                if (!special && isEvalWord(i, end) && wordAlone(i, end, to) && sectionStart(from, i)) {
                    if (label(end, to)) {
                        // "Validation: Epoch: 0 Step: 29440/29440", "Test: [ 0/79] ..": a label before the keys
                        // of an evaluation; mid-line ("Training: loss = 1.46 | Val: loss = 1.68") it scopes the
                        // losses after it
                        if (!pipeBefore(from, i)) {
                            evalContext = true;
                        } else if (evalFrom < 0) {
                            evalFrom = end;
                        }
                    } else if (!keyFollows(end, to)) {
                        if (hasLoss() && pipeMidLine(from, i)) {
                            // "Epoch 019 | Loss 0.0813 | Val Acc 0.75 | Test Acc 0.77" (DGL's examples): a later
                            // field's phase scopes what follows it, not the training loss before it
                            if (evalFrom < 0) {
                                evalFrom = end;
                            }
                        } else {
                            evalContext = true; // "eval step=100 val_loss=2.3", "| valid on 'valid' subset"
                        }
                    }
                } else if (!special && evalFrom < 0 && isEvalWord(i, end) && wordAlone(i, end, to)
                        && commaBefore(from, i) && !keyFollows(end, to)) {
                    evalFrom = end; // "Epoch: [13/30], test accuracy: 0.67, loss: 0.49": the losses after it
                }
                int g = special ? -1 : gluedValue(i, end, to);
                if (g > 0) {
                    long r = Nums.number(c, g, to);
                    if (r >= 0) {
                        values++;
                        glued = true;
                        i = numberAt(g, (int) (r >>> 32), to);
                        glued = false;
                        continue;
                    }
                }
                i = end;
            } else {
                i++;
            }
        }
    }

    /** The word opens the line or a section ("| valid on ...", "INFO - Evaluating ..."). */
    private boolean sectionStart(int from, int a) {
        int j = nonBlankBefore(from, a);
        if (j < from) {
            return true;
        }
        char ch = c[j];
        if (j == from && (ch == 'I' || ch == 'W' || ch == 'E' || ch == 'D')) {
            return true; // "I Validation of Epoch 1 - loss: ..": a one-letter level (glog's, DeepSpeech's) opens it
        }
        if (ch == 'O' && j - from >= 3 && Nums.eqIgnoreCase(c, j - 3, "info") && (j - 3 == from || c[j - 4] == ' ')
                || ch == 'G' && j - from >= 4 && Nums.eqIgnoreCase(c, j - 4, "debug")
                && (j - 4 == from || c[j - 5] == ' ')) {
            return true; // "... INFO CV Batch ...": the word right after the logger's level opens the message
        }
        if (Nums.digit(ch)) {
            // "Epoch 8 Validation | AUC: .., LogLoss: 0.29": the phase word right after the epoch it belongs to
            int d = j;
            while (d >= from && Nums.digit(c[d])) {
                d--;
            }
            int e = d;
            while (e >= from && c[e] == ' ') {
                e--;
            }
            if (e < d && e - 4 >= from && Nums.eqIgnoreCase(c, e - 4, "epoch")) {
                return sectionStart(from, e - 4);
            }
            return false;
        }
        return ch == '|' || ch == '-' || ch == ']' || ch == ':' || ch == '[' || ch == '>';
    }

    /** The word comes after a comma (and blanks): a later field of the line, not its start. */
    private boolean commaBefore(int from, int a) {
        return charBefore(from, a) == ',';
    }

    /** The char before c[a] past blanks, from {@code from} on; a blank when there is none. */
    private char charBefore(int from, int a) {
        int j = nonBlankBefore(from, a);
        return j >= from ? c[j] : ' ';
    }

    /** Where the last char before a that is not a blank stands, or from - 1. */
    private int nonBlankBefore(int from, int a) {
        int j = a - 1;
        while (j >= from && c[j] == ' ') {
            j--;
        }
        return j;
    }

    /** A colon, then (after blanks) a word or a bracket: the phase word before it labels what follows. */
    private boolean label(int b, int to) {
        if (b >= to || c[b] != ':') {
            return false;
        }
        int j = b + 1;
        while (j < to && c[j] == ' ') {
            j++;
        }
        return j < to && (isLetter(c[j]) || c[j] == '[');
    }

    /** The word follows a " | " field separator (a section of the line, not its start). */
    private boolean pipeBefore(int from, int a) {
        return charBefore(from, a) == '|';
    }

    /**
     * Past a leading C-library timestamp, bracketed or not ("[ Sun Oct 29 17:17:19 2023 ] ", Python's
     * time.asctime() in the 2s-AGCN family's print_log): its day, time and year are no values. From itself otherwise.
     */
    private int asctimeEnd(int from, int to) {
        int k = from;
        boolean bracket = k < to && c[k] == '[';
        if (bracket) {
            k++;
            while (k < to && c[k] == ' ') {
                k++;
            }
        }
        // "Www Mmm dd hh:mm:ss yyyy": 24 chars with a one- or two-digit day padded by a blank
        if (k + 24 > to || !isLetter(c[k]) || !isLetter(c[k + 1]) || !isLetter(c[k + 2]) || c[k + 3] != ' '
                || !isLetter(c[k + 4]) || !isLetter(c[k + 5]) || !isLetter(c[k + 6]) || c[k + 7] != ' ') {
            return from;
        }
        int d = k + 8;
        if (c[d] == ' ') {
            d++;
        }
        int e = d;
        while (e < to && e - d < 2 && Nums.digit(c[e])) {
            e++;
        }
        if (e == d || e + 14 > to || c[e] != ' ' || c[e + 3] != ':' || c[e + 6] != ':' || c[e + 9] != ' '
                || !Nums.digit(c[e + 1]) || !Nums.digit(c[e + 10]) || !Nums.digit(c[e + 13])) {
            return from;
        }
        k = e + 14;
        if (k < to && Nums.digit(c[k])) {
            return from;
        }
        while (k < to && c[k] == ' ') {
            k++;
        }
        if (bracket) {
            if (k >= to || c[k] != ']') {
                return from;
            }
            k++;
        }
        return k;
    }

    /** A '|' right before the word with a field before that bar ("Loss 0.08 | Test Acc"; not a logger's "| INFO |"). */
    private boolean pipeMidLine(int from, int a) {
        int j = nonBlankBefore(from, a);
        if (j < from || c[j] != '|') {
            return false;
        }
        for (int k = j - 1; k >= from; k--) {
            if (c[k] != ' ' && c[k] != '|') {
                return true;
            }
        }
        return false;
    }

    /** "eval: 3", "valid loss 1.9", "Test Loss:": the word is (part of) a key, not a section title. */
    private boolean keyFollows(int b, int to) {
        if (b < to && (c[b] == ':' || c[b] == '=' || c[b] == '_')) {
            return true;
        }
        int j = b;
        while (j < to && c[j] == ' ') {
            j++;
        }
        return j > b && j + 4 <= to && Nums.eqIgnoreCase(c, j, "loss");
    }

    private boolean isEvalWord(int a, int b) {
        int n = b - a;
        return n == 2 && Nums.eqIgnoreCase(c, a, "cv") // cross-validation (WeNet, ESPnet's "CV Batch ...")
                || n == 4 && (Nums.eqIgnoreCase(c, a, "eval") || Nums.eqIgnoreCase(c, a, "test"))
                || n == 5 && Nums.eqIgnoreCase(c, a, "valid")
                || n == 10 && (Nums.eqIgnoreCase(c, a, "validation") || Nums.eqIgnoreCase(c, a, "evaluation"))
                || n == 8 && Nums.eqIgnoreCase(c, a, "validate") || n == 10 && Nums.eqIgnoreCase(c, a, "evaluating")
                || n == 7 && Nums.eqIgnoreCase(c, a, "testing") // "> Client Testing: [==>] 100% (100/100) Loss 2.3"
                || n == 3 && Nums.eqIgnoreCase(c, a, "val") && a + 3 < scanTo
                && (c[a + 3] == '.' || c[a + 3] == ':' || c[a + 3] == ']')
                || n == 10 && Nums.eqIgnoreCase(c, a, "validating");
    }

    /** A bare word (not part of a key such as eval_loss or eval/loss). */
    private boolean wordAlone(int a, int b, int to) {
        char before = a > 0 ? c[a - 1] : ' ';
        char after = b < to ? c[b] : ' ';
        // the last part of a name ("exp/diffusion-test", "run.val") names a run or a file, not a section
        boolean named = (before == '-' || before == '.') && a > 1 && isWordChar(c[a - 2]);
        return !named && before != '_' && before != '/' && before != '\'' && before != '"'
                && after != '_' && after != '/' && after != '\'' && after != '"';
    }

    private int skipToken(int i, int to) {
        while (i < to && !isSpace(c[i]) && c[i] != ',' && c[i] != '|' && c[i] != ';'
                && c[i] != ']' && c[i] != '}') {
            i++;
        }
        return i;
    }

    /**
     * Handles one value at s[vs, ve) (its number is read by {@link #v()} only where it is used: most values are
     * under keys nobody reads); returns where scanning goes on.
     */
    private int value(int vs, int ve, int to) {
        int next = ve;
        if (ve < to && c[ve] == ')' && colonAfter(ve + 1, to) && qualifies(qualifierOpen(ve), ve)) {
            return ve + 1; // "Training Loss (avg over last 100): 0.2409": the 100 qualifies the key, it is no value
        }
        // "1365-2046batch", "1epoch": the key written right after the value (ESPnet2)
        if (ve + 1 < to && c[ve] == '-' && Nums.digit(c[ve + 1])) {
            long r = Nums.number(c, ve + 1, to);
            if (r >= 0 && (r & 1) == 0) {
                int e2 = (int) (r >>> 32);
                if (e2 < to && c[e2] == ']' && vs > 0 && c[vs - 1] == '[') {
                    // "Batch [700-720]" (MXNet's Speedometer): the batches since the last report; the step is the end
                    double last = Nums.lastValue(c, ve + 1, e2);
                    if (last > v() && v() == Math.rint(v())) {
                        valueRead = last;
                        ve = e2;
                        next = e2;
                    }
                } else {
                    int we = wordEnd(e2, to);
                    if (we > e2 && suffixKey(e2, we, Nums.lastValue(c, ve + 1, e2))) {
                        return we;
                    }
                }
            }
        } else if (ve < to && isLetter(c[ve])) {
            int we = wordEnd(ve, to);
            if (we - ve >= 4 && suffixKey(ve, we, v())) {
                return we;
            }
        } else if (ve + 1 < to && c[ve] == ' ' && isLetter(c[ve + 1]) && step == null && integral(v())) {
            int we = stepWordAfter(vs, ve + 1, to);
            if (we > 0) {
                afterCount = (long) v(); // "After 29001 training step(s), loss on training batch is 0.036"
                return we;
            }
        }
        // a counter: "n/N", "n/ N", "n / N" (but not a date such as 2024/01/02)
        long tot = -1; // -1: no total
        int j = ve;
        while (j < to && j - ve < 3 && c[j] == ' ') {
            j++;
        }
        if (j < to && c[j] == '/') {
            int k = j + 1;
            while (k < to && k - j < 4 && c[k] == ' ') {
                k++;
            }
            long r = k < to && Nums.digit(c[k]) ? Nums.number(c, k, to) : -1;
            if (r >= 0) {
                int te = (int) (r >>> 32);
                if (te < to && c[te] == '/' || (r & 1) != 0) {
                    int g = grouped(vs, ve, to);
                    return g > 0 ? g : skipToken(te, to); // a date or a ratio of decimals: not a counter
                }
                double t = Nums.lastValue(c, k, te);
                if (t < v()) {
                    return skipToken(te, to); // "[31/08 23:48:12]": a day and a month, not n of N
                }
                tot = t >= 0 && t < 9e18 ? (long) t : -1;
                nOfN = true;
                next = te;
            }
        } else if (j > ve && j + 3 < to && c[j] == 'o' && c[j + 1] == 'f' && c[j + 2] == ' ' && integral(v())) {
            // "Epoch 6 of 82 took 194.738s" (Lasagne's examples), "Step 100 of 1000": n of N in words
            int k = j + 3;
            while (k < to && k - j < 6 && c[k] == ' ') {
                k++;
            }
            long r = k < to && Nums.digit(c[k]) ? Nums.number(c, k, to) : -1;
            if (r >= 0 && (r & 1) == 0) {
                int te = (int) (r >>> 32);
                double t = Nums.lastValue(c, k, te);
                if (t >= v() && t < 9e18 && (te == to || !isWordChar(c[te]))) {
                    tot = (long) t;
                    next = te;
                }
            }
        }
        // a unit right after the value: "3.2it/s", "0.408s", "16.765 sec/step", "38.5 samples/s", "28.2K"
        int unit = 0;
        double scale = 1;
        if (tot < 0) {
            int u = ve;
            if (u < to && c[u] == ' ' && u + 1 < to && isLetter(c[u + 1])) {
                u++;
            }
            int ue = u;
            while (ue < to && ue - u < 12 && (isLetter(c[ue]) || c[ue] == '/')) {
                ue++;
            }
            if (ue > u) {
                unit = unitOf(u, ue, u > ve);
                if (unit == 0 && u == ve && ue - u == 1) {
                    scale = Nums.multiplier(c[u]); // 1.02K, 85.8G
                }
                if (unit != 0 || u == ve) {
                    next = ue;
                }
            }
        }
        if (tot < 0 && unit == 0 && epochBracket > 0 && vs == epochBracket + 2 && c[vs - 1] == '['
                && c[vs - 2] == ']' && ve < to && c[ve] == ']' && integral(v()) && v() < 9e18) {
            epochBatch = (long) v(); // SwAV's "Epoch: [163][250]": the iteration within the epoch, no total
            return next;
        }
        if (tot < 0 && unit == 0 && fieldCount < 0 && aloneInField(vs, ve, to) && integral(v()) && v() < 9e18) {
            fieldCount = (long) v(); // XLM's "- 0:11:11 -    1150 -   55.94 sent/s - MLM-en: 7.60": a field of its own
            return next;
        }
        int ks = keyStart(vs);
        int ke = keyEnd;
        if (ks < 0) {
            if (unit >= Keys.RATE_ITS && unit <= Keys.RATE_TOKENS) {
                setRate(v() * scale, unit, 1); // "(16.765 sec/step)", "14061.26it/s"
            } else if (tot > 0 && integral(v()) && v() <= tot && (standsAlone(vs, next, to)
                    || next + 1 < to && c[next] == ':' && c[next + 1] == ' ' && opensLine(vs))) {
                // "[300/1251]", "(1800/24681)", "Epoch  1, 13400/37527;", and one opening the line before ": "
                // (keras-rl's "39160/50000: episode: 569, ...", like darknet's "2097: ...")
                counter((long) v(), tot);
            } else if (tot < 0 && ve + 4 < to && c[ve] == 'i' && c[ve + 1] == 't'
                    && c[ve + 2] == ' ' && c[ve + 3] == '[' && integral(v())) {
                bareCount = (long) v(); // tqdm without a total: "11it [00:06, 1.61it/s]"
            } else if (tot < 0 && unit == 0) {
                if (vs > 0 && c[vs - 1] == '[' && ve + 2 < to && c[ve] == ']' && c[ve + 1] == ' '
                        && isLetter(c[ve + 2]) && integral(v()) && bracketCount < 0) {
                    bracketCount = (long) v(); // clu's "[1000] steps_per_second=.., train_loss=..": the step
                } else if (ve + 1 < to && c[ve] == ':' && c[ve + 1] == ' ' && opensLine(vs) && integral(v())) {
                    leadCount = (long) v(); // darknet's "2097: 261.79, 260.01 avg loss, ...": the iteration
                } else if (ve < to && c[ve] == ' ' && integral(v()) && v() < 1e9
                        && (leadFirst < 0 && opensLine(vs) || leadFirst >= 0 && leadEnd >= 0
                        && blanksOnly(leadEnd, vs))) {
                    // "334 3 Loss=nan Time=0.04": integers alone before the first key (epoch and batch, or a step);
                    // three or more ("2023 12 01 ...") are a date or a table row, none of them a step
                    if (leadSecond >= 0 || !beforeKeyOrInteger(ve, to)) {
                        leadFirst = -1; // "12 Nov 21:13 INFO ...": a date's day, not a count
                        leadSecond = -1;
                        leadEnd = -2;
                    } else if (leadFirst < 0) {
                        leadFirst = (long) v();
                    } else {
                        leadSecond = (long) v();
                    }
                    leadEnd = ve;
                } else {
                    int after = keyAfter(ve, to);
                    if (after > 0) {
                        return after;
                    }
                }
            }
            return next;
        }
        int packed = work.classify(c, ks, ke);
        if (keyParen && Keys.category(packed) != Keys.STEP && Keys.category(packed) != Keys.EPOCH) {
            packed = Keys.OTHER; // "tokens (1800/24681)": a parenthesis keeps its counter to itself
            if (tot > 0 && integral(v()) && v() <= tot && standsAlone(vs, next, to)) {
                counter((long) v(), tot);
                return next;
            }
        }
        if (Keys.category(packed) == Keys.LOSS && ke - ks == 4 && Nums.eqIgnoreCase(c, ks, "cost")
                && timeWordBefore(ks)) {
            packed = work.classify(c, ks, ks); // "Time cost=80.71" is a duration, not a loss
        }
        if (ke - ks == 5 && Keys.category(packed) != Keys.LOSS && Nums.eqIgnoreCase(c, ks, "total")
                && lossGroupBefore(ks)) {
            // "[Losses: x 0.26, y 0.28, .., total 8.15, recall: 0.19]" (eriklindernoren's PyTorch-YOLOv3): the
            // group's total is the loss
            packed = Keys.classify(TOTAL_LOSS, 0, TOTAL_LOSS.length, scratch);
        }
        if (tot >= 0 && Keys.category(packed) != Keys.STEP) {
            // "'global_step/max_steps': '78/176'": the counter belongs to the step named before the slash
            int slash = -1;
            for (int k = ke - 1; k > ks; k--) {
                if (c[k] == '/') {
                    slash = k;
                    break;
                }
            }
            if (slash > ks && Keys.category(work.classify(c, ks, slash)) == Keys.STEP) {
                packed = work.classify(c, ks, slash);
            }
        }
        if (Keys.category(packed) == Keys.OTHER) {
            // "the loss 2.3", "Average train loss: 2.3": free text before a loss key; only a loss may be read so
            int sp = ke - 1;
            while (sp >= 0 && c[sp] != ' ') {
                sp--;
            }
            if (sp > ks && ke - sp > 4 && Nums.eqIgnoreCase(c, ke - 4, "loss")) {
                int alt = work.classify(c, sp + 1, ke);
                if (Keys.category(alt) == Keys.LOSS || Keys.category(alt) == Keys.EVAL_LOSS) {
                    packed = alt;
                }
            }
        }
        if ((Keys.category(packed) == Keys.LOSS || Keys.category(packed) == Keys.EVAL_LOSS)
                && (unit == Keys.RATE_TIME || unit == Keys.RATE_MS)) {
            others++; // "Cost=227 sec", "Val cost: 38.29s": a duration under a loss-like name
            return next;
        }
        if (ke - ks == 5 && Nums.eqIgnoreCase(c, ks, "value")) {
            namedValue = v(); // an objective, or any key in parentheses: a record may name its metric apart
        }
        switch (Keys.category(packed)) {
            case Keys.STEP -> {
                int rank = Keys.rank(packed);
                double sv = v() * scale;
                if (Keys.episode(packed)) { // taken only when nothing else counts (see finish)
                    if (episode < 0 && integral(sv)) {
                        episode = (long) sv;
                        episodeTotal = tot;
                    }
                } else if ((rank > stepRank || rank == stepRank && tot > sv && total == null
                        && "iteration".equals(stepKind) && Keys.kind(packed) == Keys.KIND_GLOBAL) && integral(sv)) {
                    // "iteration:98 step:46/82, NER loss:" (zjy-ucas's ChineseNER and its forks): a step counted
                    // against its total outranks an iteration with none, which then counts the passes (the step is
                    // step % steps_per_epoch there)
                    boolean passes = rank == stepRank && step != null;
                    if (passes && epoch == null) {
                        epoch = step;
                    }
                    step = (long) sv;
                    stepKind = passes ? "epoch_batch" : switch (Keys.kind(packed)) {
                        case Keys.KIND_ITERATION -> "iteration";
                        case Keys.KIND_BATCH -> "epoch_batch";
                        default -> "global";
                    };
                    stepRank = rank;
                    total = tot >= 0 ? Long.valueOf(tot) : null;
                }
            }
            case Keys.EPOCH -> {
                if (epoch == null && v() >= 0 && v() < 1e9) {
                    epoch = (long) Math.floor(v());
                    // the word "epoch" alone as the key, a blank before the value: a banner ("Epoch 2"), not a
                    // setting ("Epoch: 10" in a configuration dump); between banner rules the colon is allowed
                    // ("****epoch: 20 ****")
                    epochEnd = ke - ks == 5 && ke < vs && (c[ke] == ' ' || c[ke] == ':' && (ruleBefore(ks)
                            || timeField(next))) || trainingEpochBanner(ks, ke, next) ? next : -1;
                    epochBracket = ve < to && c[ve] == ']' && vs > 0 && c[vs - 1] == '[' ? ve : -1;
                    epochBanner = ke - ks == 5 && ks == scanFrom + 1 && c[scanFrom] == '[' && ke < vs && c[ke] == ' '
                            && ve < to && c[ve] == ']';
                }
            }
            case Keys.LOSS -> {
                int rank = Keys.rank(packed);
                if (evalSuffix(ve, to)) {
                    // "Loss: 0.0000(valid)" (the PyTorch text-classification tutorial): the phase glued after it
                    if (eval == null || rank > evalRank) {
                        eval = v();
                        evalRank = rank;
                    }
                    return next;
                }
                if (evalFrom >= 0 && vs > evalFrom) {
                    if (rank >= 2 && (eval == null || evalRank < 2)) {
                        eval = v(); // the loss proper of the line's evaluation section
                        evalRank = 2;
                    }
                    return next;
                }
                double average = averageAfter(ve, to);
                next = indexedValue(ve, to, tot, unit, next);
                if (loss == null || rank > lossRank) {
                    loss = v();
                    lossRank = rank;
                    lossAverage = average;
                }
            }
            case Keys.EVAL_LOSS -> {
                int rank = Keys.rank(packed);
                long index = lossIndex;
                next = indexedValue(ve, to, tot, unit, next);
                lossIndex = index; // an evaluation's iteration does not move the training step
                if (eval == null || rank > evalRank) {
                    eval = v();
                    evalRank = rank;
                }
            }
            case Keys.TOTAL_STEPS -> {
                if (maxTotal == null && integral(v()) && v() > 0) {
                    maxTotal = (long) v();
                }
            }
            case Keys.PROGRESS -> {
                if (tot > 0 && integral(v()) && v() <= tot) {
                    counter((long) v(), tot); // "Train: [14/300]", "progress: 10400/22000"
                } else if (tot < 0 && integral(v()) && v() < 1e6) {
                    counter((long) v(), -1); // "Train: 12 [ 100/1251 ( 8%)]": the epoch before the batch counter
                }
            }
            case Keys.RATE_ITS, Keys.RATE_SIT, Keys.RATE_MS, Keys.RATE_SAMPLES, Keys.RATE_TOKENS ->
                    setRate(v() * scale, Keys.category(packed), 2);
            case Keys.RATE_TIME -> setRate(v(), unit == Keys.RATE_MS ? Keys.RATE_MS : Keys.RATE_SIT, 2);
            case Keys.SUBSTEP -> subStep = true;
            case Keys.IGNORE -> { }
            case Keys.OBJECTIVE -> objective(v());
            default -> {
                if (tot > 0 && endsWithLevel(ks, ke) && integral(v()) && v() <= tot && valueStart > 0
                        && c[valueStart - 1] == '[') {
                    // "DBNet INFO: [1/200], [25/288], loss: ..": a log level before a bracketed counter is no key of
                    // it; the counter is as keyless as the one after it
                    counter((long) v(), tot);
                }
                others++;
                if (unit >= Keys.RATE_ITS && unit <= Keys.RATE_TOKENS) {
                    setRate(v() * scale, unit, 1); // "ips: 38.5 samples/s": the unit says what it is
                }
            }
        }
        return next;
    }

    /**
     * A loss key followed by an iteration and then the loss ("Train loss 7 5.797815", "Validation loss 0: 37.06",
     * tacotron2): the integer is the iteration, the decimal after it the value. Makes the decimal the value being
     * handled and returns where scanning goes on; otherwise changes nothing.
     */
    private int indexedValue(int ve, int to, long tot, int unit, int next) {
        if (tot >= 0 || unit != 0 || !integral(v()) || v() >= 1e12) {
            return next;
        }
        for (int d = valueStart; d < ve; d++) {
            if (c[d] == '.') {
                return next; // "loss_shared 0.0 0.0": two values written as decimals, no iteration between
            }
        }
        int j = ve;
        if (j < to && c[j] == ':') {
            j++;
        }
        int k = j;
        while (k < to && k - j < 4 && c[k] == ' ') {
            k++;
        }
        if (k == j || k >= to || !(Nums.digit(c[k]) || c[k] == '-' && k + 1 < to && Nums.digit(c[k + 1]))) {
            return next;
        }
        long r = Nums.number(c, k, to);
        if (r < 0) {
            return next;
        }
        int e = (int) (r >>> 32);
        boolean decimal = false;
        for (int d = k; d < e; d++) {
            decimal |= c[d] == '.';
        }
        if (!decimal || e < to && c[e] != ' ' && c[e] != ',' && c[e] != ';' && c[e] != '|') {
            return next;
        }
        lossIndex = (long) v();
        valueStart = k;
        valueEnd = e;
        valueKnown = false;
        return e;
    }

    // the value being handled: its chars, and its number once read (nan/inf words come already read)
    private int valueStart;
    private int valueEnd;
    private double valueRead;
    private boolean valueKnown;

    private double v() {
        if (!valueKnown) {
            valueRead = Nums.lastValue(c, valueStart, valueEnd);
            valueKnown = true;
        }
        return valueRead;
    }

    /** After blanks: another integer, or a key written "key=" or "key:" (the line's first metric). */
    private boolean beforeKeyOrInteger(int from, int to) {
        int k = from;
        while (k < to && c[k] == ' ') {
            k++;
        }
        if (k < to && Nums.digit(c[k])) {
            return true;
        }
        int w = k;
        while (w < to && (isWordChar(c[w]) || c[w] == '_')) {
            w++;
        }
        return w > k && w < to && (c[w] == '=' || c[w] == ':');
    }

    private boolean blanksOnly(int from, int to) {
        for (int k = from; k < to; k++) {
            if (c[k] != ' ' && c[k] != '\t') {
                return false;
            }
        }
        return true;
    }

    private boolean opensLine(int vs) {
        for (int k = scanFrom; k < vs; k++) {
            if (c[k] != ' ' && c[k] != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether what follows is only the epoch's duration after a field separator: "Epoch: 01 | Epoch Time: 0m 7s"
     * (bentrevett's sentiment tutorials), "Epoch: 5  | time in 0 minutes, 29 seconds" (torchtext's).
     */
    private boolean timeField(int at) {
        int k = at;
        while (k < scanTo && (c[k] == ' ' || c[k] == '\t')) {
            k++;
        }
        if (k + 5 < scanTo && startsWith("took ", k)) {
            return durationToEnd(k + 5); // "Epoch 6 of 82 took 194.738s"
        }
        if (k < scanTo && c[k] == ':') {
            return tookThenThroughput(k + 1);
        }
        if (k >= scanTo || c[k] != '|') {
            return false;
        }
        for (int e = k + 1; e + 4 <= scanTo && e - k < 24; e++) {
            if (Nums.eqIgnoreCase(c, e, "time") && (e + 4 == scanTo || !isLetter(c[e + 4]))) {
                for (int r = e + 4; r < scanTo; r++) {
                    if (c[r] == '|' || c[r] == '=') {
                        return false; // a further field: not the epoch's line alone
                    }
                }
                return true;
            }
        }
        return false;
    }

    private static final String[] STEP_WORDS = {"steps", "step(s)", "step", "iterations", "iteration(s)",
        "iteration", "iters", "updates"};

    /**
     * The counted word after a value in the prose of "after N steps" ("After 29001 training step(s), loss on training
     * batch is 0.036", the TensorFlow book's MNIST loop): where it ends, or -1. Only after "after": "Train for 53
     * steps" announces a total, "ep 39 step 10000" keys the next value.
     */
    private int stepWordAfter(int vs, int w, int to) {
        int b = vs - 1;
        while (b >= 0 && c[b] == ' ') {
            b--;
        }
        if (b < 4 || !Nums.eqIgnoreCase(c, b - 4, "after") || b >= 5 && isWordChar(c[b - 5])) {
            return -1;
        }
        if (startsWith("training ", w)) {
            w += 9;
        }
        for (String word : STEP_WORDS) {
            int e = w + word.length();
            if (e <= to && startsWith(word, w) && (e == to || !isWordChar(c[e]) && c[e] != '/' && c[e] != '('
                    && c[e] != ':' && c[e] != '=')) {
                return e;
            }
        }
        return -1;
    }

    private static final String[] COUNTED = {"batches", "steps", "samples", "iterations", "iters", "examples"};

    /**
     * Where the word before "of N" ends when c[start, end) is what N counts ("loss of 8 batches"), else -1.
     */
    private int countedOver(int start, int end) {
        boolean counted = false;
        for (String w : COUNTED) {
            counted |= end - start == w.length() && Nums.eqIgnoreCase(c, start, w);
        }
        if (!counted || start < 7 || c[start - 1] != ' ' || !Nums.digit(c[start - 2])) {
            return -1;
        }
        int k = start - 2;
        while (k >= 0 && Nums.digit(c[k])) {
            k--;
        }
        if (k < 4 || c[k] != ' ' || c[k - 1] != 'f' || c[k - 2] != 'o' || c[k - 3] != ' ' || !isLetter(c[k - 4])) {
            return -1;
        }
        return k - 3;
    }

    /**
     * "Training epoch: 56" alone on its line (the 2s-AGCN family's banner over its epoch's lines): a training word,
     * "epoch", a colon and nothing after the value; a setting would not name training.
     */
    private boolean trainingEpochBanner(int ks, int ke, int next) {
        if (ke >= scanTo || c[ke] != ':' || ke - ks != 14 || !Nums.eqIgnoreCase(c, ke - 5, "epoch")
                || c[ke - 6] != ' ' || !blankFrom(next)) {
            return false;
        }
        // "Train epoch: 0" is Composer's console metric among its others, not a banner
        return ke - 6 - ks == 8 && Nums.eqIgnoreCase(c, ks, "training");
    }

    /** Only a duration from {@code at} to the end: "194.738s", "12.5 sec.", "3 minutes". */
    /**
     * gensim's report of an epoch done: "EPOCH 5: training on 145000 raw words (17382 effective words) took 0.0s,
     * 637761 effective words/s": what was done, then " took " a duration, then at most a throughput, to the end.
     */
    private boolean tookThenThroughput(int from) {
        int t = -1;
        for (int k = scanTo - 6; k >= from; k--) {
            if (c[k] == ' ' && startsWith("took ", k + 1)) {
                t = k + 6;
                break;
            }
        }
        if (t < 0 || t >= scanTo || !Nums.digit(c[t])) {
            return false;
        }
        int comma = t;
        while (comma < scanTo && c[comma] != ',') {
            comma++;
        }
        if (comma == scanTo) {
            return durationToEnd(t);
        }
        if (!durationTo(t, comma)) { // the duration alone, then the throughput after its comma
            return false;
        }
        int k = comma + 1;
        while (k < scanTo && c[k] == ' ') {
            k++;
        }
        int digits = k;
        while (k < scanTo && (Nums.digit(c[k]) || c[k] == '.')) {
            k++;
        }
        int e = scanTo;
        while (e > k && c[e - 1] == ' ') {
            e--;
        }
        return k > digits && e - k >= 3 && c[e - 2] == '/' && c[e - 1] == 's';
    }

    private boolean durationToEnd(int at) {
        return durationTo(at, scanTo);
    }

    /** c[at, to) is a duration ("194.738s", "3 min") and at most trailing punctuation. */
    private boolean durationTo(int at, int to) {
        int k = at;
        if (k >= to || !Nums.digit(c[k])) {
            return false;
        }
        while (k < to && (Nums.digit(c[k]) || c[k] == '.')) {
            k++;
        }
        if (k < to && c[k] == ' ') {
            k++;
        }
        int u = k;
        while (k < to && isLetter(c[k])) {
            k++;
        }
        int unit = k - u;
        if (unit > 0 && !(c[u] == 's' || c[u] == 'm' || c[u] == 'h')) {
            return false; // "took 3 steps": no duration
        }
        while (k < to && (c[k] == ' ' || c[k] == '.' || c[k] == ',' || c[k] == ';')) {
            k++;
        }
        return k == to && unit <= 7;
    }

    /**
     * Only 'x' in c[a, b): PaddleOCR pads each value to six characters with it ("{:x<6f}"), so a NaN loss reads
     * "loss: nanxxx" and an infinite one "infxxx".
     */
    private boolean xPadded(int a, int b) {
        for (int k = a; k < b; k++) {
            if (c[k] != 'x') {
                return false;
            }
        }
        return true;
    }

    /**
     * The running average in parentheses after a value, "0.0046(0.4666)" or "0.0046 (0.4666)" (an AverageMeter's
     * val and avg), or NaN.
     */
    private double averageAfter(int ve, int to) {
        int k = ve < to && c[ve] == ' ' ? ve + 1 : ve;
        if (k + 2 >= to || c[k] != '(' || !Nums.digit(c[k + 1])) {
            return Double.NaN;
        }
        long r = Nums.number(c, k + 1, to);
        int e = r < 0 ? -1 : (int) (r >>> 32);
        return e > 0 && e < to && c[e] == ')' ? Nums.lastValue(c, k + 1, e) : Double.NaN;
    }

    /** A phase in parentheses glued after a value: "0.0000(valid)". */
    private boolean evalSuffix(int ve, int to) {
        if (ve >= to || c[ve] != '(') {
            return false;
        }
        int close = ve + 1;
        while (close < to && isLetter(c[close]) && close - ve < 14) {
            close++;
        }
        return close < to && c[close] == ')' && close > ve + 1 && isEvalWord(ve + 1, close);
    }

    /** A banner's rule (and blanks only) before {@code at}: "====", "****", "----", "####". */
    private boolean ruleBefore(int at) {
        boolean rule = false;
        for (int k = scanFrom; k < at; k++) {
            char ch = c[k];
            if (ch == '=' || ch == '-' || ch == '*' || ch == '#' || ch == '>' && rule) {
                rule = true; // "==== Epoch", "====> Epoch: 14"
            } else if (ch != ' ' && ch != '\t') {
                return false;
            }
        }
        return rule;
    }

    /**
     * Past what may close an epoch banner after its value: a parenthesised note in words and a colon ("-- EPOCH 310
     * (13.7048 seconds per epoch):", SME's TransE; "Epoch 3:").
     */
    private int headingTail(int at) {
        int k = at;
        while (k < scanTo && c[k] == ' ') {
            k++;
        }
        if (k < scanTo && c[k] == '(') {
            int close = k + 1;
            boolean words = false;
            while (close < scanTo && c[close] != ')' && c[close] != '(' && c[close] != '/' && close - k < 64) {
                words |= isLetter(c[close]);
                close++;
            }
            if (close >= scanTo || c[close] != ')' || !words) {
                return at; // "Epoch 5 (18/200):" holds a counter of its own, not a note
            }
            k = close + 1;
        }
        return k < scanTo && c[k] == ':' ? k + 1 : k;
    }

    /**
     * Only an epoch's start or end said in one word after it, up to the end: "Epoch 31 ended." (Avalanche's
     * TextLogger, its metrics on the lines below), "Epoch 4 finished", "Epoch 2 started".
     */
    private boolean boundaryWord(int at) {
        int a = at;
        while (a < scanTo && c[a] == ' ') {
            a++;
        }
        int b = wordEnd(a, scanTo);
        if (b == a || !BOUNDARY_WORDS.contains(new String(c, a, b - a).toLowerCase(java.util.Locale.ROOT))) {
            return false;
        }
        while (b < scanTo && (c[b] == '.' || c[b] == '!')) {
            b++;
        }
        return blankFrom(b);
    }

    private static final java.util.Set<String> BOUNDARY_WORDS = java.util.Set.of("ended", "finished", "done",
            "completed", "complete", "over", "started", "starts", "begins", "starting", "beginning");

    /** Only blanks (or a banner's rule: "==== Epoch 7 / 200 ====") from {@code at} to the end. */
    private boolean blankFrom(int at) {
        for (int k = at; k < scanTo; k++) {
            char ch = c[k];
            if (ch != ' ' && ch != '\t' && ch != '=' && ch != '-' && ch != '*' && ch != '#') {
                return false;
            }
        }
        return true;
    }

    /**
     * A loss key written after its value, up to a separator ("260.01 avg loss, 0.0001 rate"): read when the words
     * name a loss; returns where scanning goes on, or 0.
     */
    private int keyAfter(int ve, int to) {
        int ws = ve;
        while (ws < to && c[ws] == ' ' && ws - ve < 2) {
            ws++;
        }
        if (ws == ve || ws >= to || !isLetter(c[ws])) {
            return 0;
        }
        int we = ws;
        while (we < to && we - ws < 40 && (isLetter(c[we]) || c[we] == ' ' || c[we] == '_')) {
            we++;
        }
        if (we < to && c[we] != ',' && c[we] != ';' && c[we] != '|') {
            return 0; // "100 loss 2.3": the words are the next value's key
        }
        int wt = we;
        while (wt > ws && c[wt - 1] == ' ') {
            wt--;
        }
        int packed = work.classify(c, ws, wt);
        int cat = Keys.category(packed);
        if (cat != Keys.LOSS && cat != Keys.EVAL_LOSS) {
            return 0;
        }
        keyed(packed, v());
        return we;
    }

    /**
     * Values grouped under slash-grouped keys, "Loss span/answer/total=0.77/0.18/0.88": the last segments of the key
     * pair with the values in order, each read with the words before the group ("Loss"); returns where scanning
     * goes on, or 0 when the key has fewer segments than there are values.
     */
    private int grouped(int vs, int ve, int to) {
        int[] starts = new int[8];
        int[] ends = new int[8];
        int g = 0;
        starts[g] = vs;
        ends[g++] = ve;
        int e = ve;
        while (g < 8 && e + 1 < to && c[e] == '/' && (Nums.digit(c[e + 1]) || c[e + 1] == '-' || c[e + 1] == '.')) {
            long r = Nums.number(c, e + 1, to);
            if (r < 0) {
                break;
            }
            starts[g] = e + 1;
            e = (int) (r >>> 32);
            ends[g++] = e;
        }
        int ks = keyStart(vs);
        int ke = keyEnd;
        if (ks < 0 || g < 2) {
            return 0;
        }
        int[] segStart = new int[g];
        int[] segEnd = new int[g];
        int hi = ke;
        for (int k = g - 1; k >= 0; k--) {
            int lo = hi - 1;
            while (lo >= ks && c[lo] != '/') {
                lo--;
            }
            if (k > 0 && lo < ks) {
                return 0; // fewer key segments than values
            }
            segStart[k] = lo + 1;
            segEnd[k] = hi;
            hi = lo;
        }
        // the words before the group: inside the key ("Loss span/...: ") or the word before it ("Loss span/...=")
        int ps = -1;
        int pe = -1;
        int blank = segEnd[0] - 1;
        while (blank >= segStart[0] && c[blank] != ' ') {
            blank--;
        }
        if (blank >= segStart[0]) {
            ps = segStart[0];
            pe = blank;
            segStart[0] = blank + 1;
        } else if (segStart[0] == ks && ks >= 2 && c[ks - 1] == ' ' && isLetter(c[ks - 2])) {
            pe = ks - 1;
            ps = pe;
            while (ps > 0 && isLetter(c[ps - 1])) {
                ps--;
            }
        }
        char[] key = new char[128];
        for (int k = 0; k < g; k++) {
            int len = 0;
            if (ps >= 0 && pe - ps < 60) {
                System.arraycopy(c, ps, key, 0, pe - ps);
                len = pe - ps;
                key[len++] = ' ';
            }
            int sl = Math.min(segEnd[k] - segStart[k], 60);
            System.arraycopy(c, segStart[k], key, len, sl);
            len += sl;
            keyed(Keys.classify(key, 0, len, scratch), Nums.lastValue(c, starts[k], ends[k]));
        }
        return e;
    }

    /** One value under a key already classified (the grouped and trailing-key forms). */
    private void keyed(int packed, double v) {
        switch (Keys.category(packed)) {
            case Keys.LOSS -> {
                if (loss == null || Keys.rank(packed) > lossRank) {
                    loss = v;
                    lossRank = Keys.rank(packed);
                }
            }
            case Keys.EVAL_LOSS -> {
                if (eval == null || Keys.rank(packed) > evalRank) {
                    eval = v;
                    evalRank = Keys.rank(packed);
                }
            }
            case Keys.STEP -> {
                if (Keys.episode(packed)) {
                    episode = episode < 0 && integral(v) ? (long) v : episode;
                } else if (Keys.rank(packed) > stepRank && integral(v)) {
                    step = (long) v;
                    stepKind = Keys.kind(packed) == Keys.KIND_BATCH ? "epoch_batch"
                            : Keys.kind(packed) == Keys.KIND_ITERATION ? "iteration" : "global";
                    stepRank = Keys.rank(packed);
                    total = null;
                }
            }
            case Keys.EPOCH -> {
                if (epoch == null && v >= 0 && v < 1e9) {
                    epoch = (long) Math.floor(v);
                }
            }
            case Keys.OBJECTIVE -> objective(v);
            default -> others++;
        }
    }

    private static boolean integral(double v) {
        return v >= 0 && v < 9e18 && v == Math.rint(v);
    }

    private int wordEnd(int a, int to) {
        int b = a;
        while (b < to && isLetter(c[b])) {
            b++;
        }
        return b < to && (Nums.digit(c[b]) || c[b] == '_') ? a : b;
    }

    /** "2046batch", "1epoch": a step or epoch word glued after its value; true when taken. */
    private boolean suffixKey(int a, int b, double v) {
        if (!integral(v)) {
            return false;
        }
        int packed = work.classify(c, a, b);
        if (Keys.category(packed) == Keys.EPOCH) {
            if (epoch == null) {
                epoch = (long) v;
            }
            return true;
        }
        if (Keys.category(packed) == Keys.STEP && !Keys.episode(packed) && Keys.rank(packed) > stepRank) {
            step = (long) v;
            stepKind = Keys.kind(packed) == Keys.KIND_BATCH ? "epoch_batch"
                    : Keys.kind(packed) == Keys.KIND_ITERATION ? "iteration" : "global";
            stepRank = Keys.rank(packed);
            total = null;
            return true;
        }
        return false;
    }

    private void setRate(double v, int cat, int prio) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            return;
        }
        // a rate in steps beats one in samples or tokens (the watcher needs steps per second)
        int rank = (cat == Keys.RATE_SAMPLES || cat == Keys.RATE_TOKENS ? 0 : 4) + prio;
        if (rate != null && rank <= rateRank) {
            return;
        }
        String u = switch (cat) {
            case Keys.RATE_ITS -> "it/s";
            case Keys.RATE_SIT -> "s/it";
            case Keys.RATE_MS -> "ms/iter";
            case Keys.RATE_SAMPLES -> "samples/s";
            default -> "tokens/s";
        };
        rate = new Rate(v, u);
        rateRank = rank;
    }

    /** Rate category of a unit written after a value, 0 if none; spaced: there was a blank in between. */
    private int unitOf(int a, int b, boolean spaced) {
        int n = b - a;
        if (n == 4 && Nums.eqIgnoreCase(c, a, "it/s")) {
            return Keys.RATE_ITS;
        }
        if (n == 4 && Nums.eqIgnoreCase(c, a, "s/it") || n == 6 && Nums.eqIgnoreCase(c, a, "s/step")
                || n == 8 && Nums.eqIgnoreCase(c, a, "sec/step") || n == 6 && Nums.eqIgnoreCase(c, a, "s/iter")) {
            return Keys.RATE_SIT;
        }
        if (n == 7 && Nums.eqIgnoreCase(c, a, "ms/step") || n == 7 && Nums.eqIgnoreCase(c, a, "ms/iter")
                || n == 5 && Nums.eqIgnoreCase(c, a, "ms/it") || n == 2 && Nums.eqIgnoreCase(c, a, "ms")) {
            return Keys.RATE_MS;
        }
        if (n == 1 && c[a] == 's' && !spaced || n == 3 && Nums.eqIgnoreCase(c, a, "sec")) {
            return Keys.RATE_TIME; // seconds: only meaningful under a time-per-step key
        }
        if (n >= 9 && (Nums.eqIgnoreCase(c, a, "samples/s") || Nums.eqIgnoreCase(c, a, "samples/sec"))) {
            return Keys.RATE_SAMPLES;
        }
        if (n == 5 && Nums.eqIgnoreCase(c, a, "tok/s") || n == 8 && Nums.eqIgnoreCase(c, a, "tokens/s")) {
            return Keys.RATE_TOKENS;
        }
        return 0;
    }

    private int keyEnd;
    private boolean keyParen; // the key was found through an opening parenthesis
    private boolean glued; // the value at hand is glued to its key ("loss2.056e-02")

    /**
     * Where a value glued to a loss, step, iteration or epoch word starts: LightGCN-PyTorch's "aver loss2.056e-02", a
     * Chinese NER trainer's "step74/174", FCN-pytorch's "epoch1, iter120, loss: 0.05". A decimal or a counter after
     * any of them; a bare integer only after a counting word and before a comma, a semicolon or the line's end
     * ("loss2" alone, "epoch10.pt" are names); -1 when not one.
     */
    private int gluedValue(int a, int end, int to) {
        if (end + 1 < to && c[end] == '-' && Nums.digit(c[end + 1]) && (end - a == 5 && Nums.eqIgnoreCase(c, a, "epoch")
                || end - a == 4 && (Nums.eqIgnoreCase(c, a, "step") || Nums.eqIgnoreCase(c, a, "iter")))) {
            // "INFO:utils:Epoch-85\tloss:12.74" (STgram-MFN): a hyphen between the counting word and its integer
            int k = end + 1;
            while (k < to && Nums.digit(c[k])) {
                k++;
            }
            return k == to || c[k] == ' ' || c[k] == '\t' || c[k] == ',' || c[k] == ';' || c[k] == ':' ? end + 1 : -1;
        }
        int d = a + 4;
        boolean counting;
        if (end - a >= 5 && (Nums.eqIgnoreCase(c, a, "loss") || Nums.eqIgnoreCase(c, a, "step")
                || Nums.eqIgnoreCase(c, a, "iter"))) {
            counting = (c[a] | 0x20) != 'l';
        } else if (end - a >= 6 && Nums.eqIgnoreCase(c, a, "epoch")) {
            d = a + 5;
            counting = true;
        } else {
            return -1;
        }
        for (int k = d; k < end; k++) {
            if (!Nums.digit(c[k])) {
                return -1;
            }
        }
        if (end + 1 < to && (c[end] == '.' || c[end] == '/') && Nums.digit(c[end + 1])) {
            return d;
        }
        return counting && (end == to || c[end] == ',' || c[end] == ';') ? d : -1;
    }

    /**
     * The '(' of a short argument list closing at j and glued to a name ("loss(x, y)", "accuracy(m, x)"): single
     * letters or identifiers and commas; -1 when it is not one.
     */
    private int callArgsOpen(int j) {
        int k = j - 1;
        while (k >= 0 && j - k <= 24 && (isLetter(c[k]) || Nums.digit(c[k]) || c[k] == ',' || c[k] == ' '
                || c[k] == '_')) {
            k--;
        }
        return k >= 1 && c[k] == '(' && isLetter(c[k - 1]) && k + 1 < j && isLetter(c[k + 1]) ? k : -1;
    }

    /**
     * Finds the key in front of the value at vs: skips "tensor(", an opening bracket or quote, blanks, one ':' or
     * '=' and the key's closing quote, then takes the key (up to four blank-separated words when the separator
     * allows it). Returns the key's start and sets {@link #keyEnd}, or -1 when there is no key.
     */
    private int keyStart(int vs) {
        int j = vs - 1;
        if (j >= 6 && c[j] == '(' && startsWith("tensor", j - 6)) {
            j -= 7;
        } else if (j >= 5 && c[j] == '(' && startsWith("param", j - 5)) {
            j -= 6; // Flux's tracked scalar: "loss(x, y) = param(0.0096)"
        }
        keyParen = false;
        boolean opener = false;
        if (j >= 0 && (c[j] == '[' || c[j] == '\'' || c[j] == '"' || c[j] == '#' || c[j] == '`'
                || c[j] == '<' && vs == valueStart && valueEnd < scanTo && c[valueEnd] == '>')) {
            // '`': a Markdown log's code span around the value ("- epoch `15`, loss `0.84`"); '<..>': a value in
            // chevrons (MADlib's "INFO:  Iteration: 30, Loss: <0.165187825701>")
            opener = c[j] == '[' || c[j] == '#'; // "Epoch[0]", "Epoch #5": the key glued to the value's bracket
            j--;
        } else if (j >= 1 && c[j] == '(' && c[j - 1] == ' ') {
            keyParen = true; // "Epoch... (9/116 | ...": only a step or an epoch key is read through a parenthesis
            opener = true;
            j--;
        }
        int blanks = 0;
        while (j >= 0 && isSpace(c[j]) && blanks < 64) {
            j--;
            blanks++;
        }
        if (blanks > 16 && !(j >= 0 && (c[j] == ':' || c[j] == '=' || c[j] == '\uFF1A'))) {
            return -1; // far from anything but a separator: "| train loss:          0.137 |" pads to a column
        }
        if (blanks > 0 && j >= 2 && c[j] == ']') {
            // "[Loss] 0.51 | [step]    89" (LION's loguru fields): the key inside its own brackets
            int k = j - 1;
            while (k >= 0 && j - k <= 24 && isKeyChar(c[k]) && c[k] != '[') {
                k--;
            }
            if (k >= 0 && c[k] == '[' && k + 1 < j && isLetter(c[k + 1])) {
                keyEnd = j;
                return k + 1;
            }
        }
        char sep = ' ';
        boolean chevrons = j >= 2 && c[j] == '>' && c[j - 1] == '>' && c[j - 2] == ' ';
        if (j >= 0 && (c[j] == ':' || c[j] == '=' || c[j] == '\uFF1A') || chevrons) { // '：' the full-width colon
            // of CJK text; " >> " Theano-era trainers' separator ("COST >> 0.5853 +/- 0.0281", SME's TransE)
            sep = chevrons ? ':' : c[j];
            j -= chevrons ? 2 : 1;
            while (j >= 0 && isSpace(c[j]) && blanks < 16) {
                j--;
                blanks++;
            }
            int call = j >= 0 && c[j] == ')' ? callArgsOpen(j) : -1;
            if (call > 0) {
                j = call - 1; // "loss(x, y) = 0.0096": a function of the batch shown by name (Julia's @show)
            }
            int open = -1;
            if (j >= 0 && c[j] == ')') {
                open = qualifierOpen(j);
                if (open < 0) {
                    open = scopeOpen(j); // "tr_loss (epoch) = 0.222": what the value was averaged over
                }
                if (open < 0) {
                    open = lossQualifierOpen(j); // "Test Loss (Normalized): 0.0117", "Val Loss (MSE): 0.2"
                }
            }
            if (open > 0 && c[open - 1] == ' ') {
                // "Training Loss (avg over last 100): 0.2409": the key is what stands before its qualifier
                j = open - 1;
                while (j >= 0 && isSpace(c[j])) {
                    j--;
                }
            }
        } else if (blanks == 0 && !(opener && j >= 0 && isLetter(c[j])) && !glued) {
            return -1; // "12:30" or "(0.9)": a value glued to something that is not a separator
        }
        boolean quoted = false;
        if (j >= 0 && (c[j] == '\'' || c[j] == '"')) {
            quoted = true;
            j--;
        }
        int end = j + 1;
        int start = keyRunStart(end);
        j = start - 1;
        if (start < end && Nums.digit(c[start])) {
            return -1; // "Epoch 212/5000 23/24": a value before this one is not its key
        }
        if (!quoted && sep == ':') {
            int of = countedOver(start, end);
            if (of > 0) {
                // "Mean test loss of 8 batches: 0.2685" (the 2s-AGCN family): the key is what was averaged
                end = of;
                start = keyRunStart(end);
                j = start - 1;
            }
        }
        if (!quoted) {
            // "lm loss: 2.3", "global step 8: loss", "elapsed time per iteration (ms): 4103.1"
            int words = 1;
            int keyStartBefore = start;
            while (words < 5 && j >= 1 && c[j] == ' ' && (keyLetter(c[j - 1]) || Nums.digit(c[j - 1]))
                    && (sep != '=' || c[end] == '=' && keyLetter(c[j - 1]))
                    || words < 5 && j >= 1 && c[j] == ' ' && c[j - 1] == ')' && sep != '=') {
                int k = j - 1;
                while (k >= 0 && isKeyChar(c[k])) {
                    k--;
                }
                if (!plainWord(k + 1, j) || isLevel(k + 1, j) || nanOrInf(k + 1, j)) {
                    break;
                }
                start = k + 1;
                j = k;
                words++;
            }
            if (sep == '=' && start != keyStartBefore && !fieldStart(j)) {
                // "Reconstruction Loss=0.05, KL Loss=0.002": words after a separator are one key; in
                // "format=fairseq step=2" or "ACC 0.0 on epoch=24" the word before belongs to what came first
                start = keyStartBefore;
            }
        }
        while (start < end && (c[start] == '(' || c[start] == '.' || c[start] == '-'
                || c[start] == '/')) {
            start++;
        }
        if (start >= end || !(keyLetter(c[start]) || c[start] == '_' || cjk(c[start]))) {
            return -1;
        }
        keyEnd = end;
        return start;
    }

    /** Where the run of key characters ending at {@code end} starts (at most 64 back). */
    private int keyRunStart(int end) {
        int j = end - 1;
        while (j >= 0 && isKeyChar(c[j]) && end - j <= 64) {
            j--;
        }
        return j + 1;
    }

    /**
     * Where the parenthetical closed at c[close] opens, when it qualifies a key in words ("(avg over last 100)",
     * blanks and a letter inside, nothing nested): -1 otherwise ("(ms)" stays part of its key, "(0.61)" a value).
     */
    private int qualifierOpen(int close) {
        boolean blank = false;
        boolean letter = false;
        for (int k = close - 1; k >= 0 && close - k <= 48; k--) {
            char ch = c[k];
            if (ch == '(') {
                return blank && letter ? k : -1;
            }
            if (ch == ')' || ch == ':' || ch == '=' || ch == ',' || ch == '|') {
                return -1;
            }
            blank |= ch == ' ';
            letter |= isLetter(ch);
        }
        return -1;
    }

    /**
     * Where a one-word parenthetical after a word ending in "loss" opens ("Val Loss (MSE)", "Test loss (normalized)"):
     * it names the loss's kind or scale, not another metric; -1 otherwise.
     */
    private int lossQualifierOpen(int close) {
        int open = close - 1;
        while (open >= 0 && close - open <= 16 && (isLetter(c[open]) || Nums.digit(c[open]) || c[open] == '-')) {
            open--;
        }
        if (open < 5 || c[open] != '(' || c[open - 1] != ' ' || close - open < 2 || !isLetter(c[open + 1])) {
            return -1;
        }
        int w = open - 2; // the key's last word ends here
        return w >= 3 && Nums.eqIgnoreCase(c, w - 3, "loss") && (w == 3 || !isLetter(c[w - 4])
                || c[w - 3] == 'L') ? open : -1; // "Loss", "val_loss", "valLoss"; not "gloss"
    }

    private static final String[] SCOPES = {"epoch", "batch", "step", "iter", "avg", "mean", "total", "running"};

    /**
     * Where a one-word parenthetical that names what a value was taken over opens ("(epoch)", "(avg)", "(batch)"),
     * when a blank stands before it; -1 otherwise ("Time(ms)" and "(ms)" stay parts of their keys).
     */
    private int scopeOpen(int close) {
        int open = close - 1;
        while (open >= 0 && close - open <= 8 && isLetter(c[open])) {
            open--;
        }
        if (open < 1 || c[open] != '(' || c[open - 1] != ' ') {
            return -1;
        }
        for (String scope : SCOPES) {
            if (scope.length() == close - open - 1 && Nums.eqIgnoreCase(c, open + 1, scope)) {
                return open;
            }
        }
        return -1;
    }

    /** The parenthetical opened at c[open] qualifies a key, unless it names a counter ("Ep 1 (Step 000005):"). */
    private boolean qualifies(int open, int close) {
        if (open < 0) {
            return false;
        }
        int e = open + 1;
        while (e < close && isKeyChar(c[e])) {
            e++;
        }
        int cat = Keys.category(work.classify(c, open + 1, e));
        return cat != Keys.STEP && cat != Keys.EPOCH && cat != Keys.SUBSTEP;
    }

    /** Blanks, then ':' from c[i]. */
    private boolean colonAfter(int i, int to) {
        while (i < to && c[i] == ' ') {
            i++;
        }
        return i < to && c[i] == ':';
    }

    /** Before c[j + 1]: the line's start or a field separator (",", ":", "|", ";", "]", blanks before one). */
    private boolean fieldStart(int j) {
        while (j >= 0 && c[j] == ' ') {
            j--;
        }
        return j < 0 || c[j] == ',' || c[j] == ':' || c[j] == '|' || c[j] == ';' || c[j] == ']';
    }

    private boolean nanOrInf(int a, int b) {
        int n = b - a;
        return (n == 3 || n == 8) && ((c[a] | 0x20) == 'n' || (c[a] | 0x20) == 'i')
                && (Nums.isNanWord(c, a, b) || Nums.special(c, a, b) == Nums.special(c, a, b));
    }

    /** Letters (and '_' or "(ms)"-style parentheses) only: a previous value is not part of the key. */
    private boolean plainWord(int a, int b) {
        if (a >= b) {
            return false;
        }
        for (int k = a; k < b; k++) {
            char ch = c[k];
            if (ch == '-' && k > a && k + 1 < b && isLetter(c[k - 1]) && isLetter(c[k + 1])) {
                continue; // "mini-batch is [12/1083]": a hyphenated word
            }
            if (!(keyLetter(ch) || ch == '_' || ch == '(' || ch == ')')) {
                return Nums.digit(ch) && k > a + 1 && indexSuffix(k, b); // "valid_1 loss": a numbered set
            }
        }
        return true;
    }

    /** c[k, b) is the digits of an index after an underscore ("valid_1", "head_12"). */
    private boolean indexSuffix(int k, int b) {
        if (c[k - 1] != '_' || b - k > 2) {
            return false;
        }
        for (int i = k; i < b; i++) {
            if (!Nums.digit(c[i])) {
                return false;
            }
        }
        return true;
    }

    /** The key c[a, b) is a log level or ends with one after a blank ("DBNet INFO", a logger's name and level). */
    private boolean endsWithLevel(int a, int b) {
        for (int w = 4; w <= 7; w++) {
            if (b - w >= a && (b - w == a || c[b - w - 1] == ' ') && isLevel(b - w, b)) {
                return true;
            }
        }
        return false;
    }

    private boolean isLevel(int a, int b) {
        int n = b - a;
        return n == 4 && (startsWith("INFO", a) || startsWith("WARN", a)) || n == 5 && startsWith("DEBUG", a)
                || n == 5 && startsWith("ERROR", a) || n == 7 && startsWith("WARNING", a);
    }

    static boolean isLetter(char c) {
        int x = (c | 0x20) - 'a'; // one unsigned compare: ASCII letters only (c >= 128 stays out of range)
        return x >= 0 && x < 26;
    }

    // ASCII character classes, one table load instead of a chain of range tests
    private static final byte WORD = 1;  // letter, digit, '_'
    private static final byte KEY = 2;   // a word char or '/', '.', '-', '(', ')'
    private static final byte[] CLASS = new byte[128];

    static {
        for (char ch = 0; ch < 128; ch++) {
            boolean word = ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_';
            boolean key = word || ch == '/' || ch == '.' || ch == '-' || ch == '(' || ch == ')';
            CLASS[ch] = (byte) ((word ? WORD : 0) | (key ? KEY : 0));
        }
    }

    static boolean isWordChar(char c) {
        return c < 128 && (CLASS[c] & WORD) != 0;
    }

    private static boolean isKeyChar(char c) {
        return c < 128 ? (CLASS[c] & KEY) != 0 : cjk(c) || intlLetter(c);
    }

    /** An ASCII letter or one of {@link #intlLetter}'s. */
    private static boolean keyLetter(char c) {
        return c < 128 ? isLetter(c) : intlLetter(c);
    }

    /**
     * A letter of the scripts whose training words {@link Keys} knows besides ASCII and CJK ideographs: accented
     * Latin ("pérdida", "época", "validação"), Cyrillic ("потеря", "эпоха"), kana ("エポック", "ロス") and Hangul
     * ("손실", "에폭").
     */
    static boolean intlLetter(char c) {
        return c >= '\u00C0' && c <= '\u024F' && c != '\u00D7' && c != '\u00F7'
                || c >= '\u0400' && c <= '\u04FF'
                || c >= '\u3041' && c <= '\u30FF' && c != '\u30FB'
                || c >= '\uAC00' && c <= '\uD7A3';
    }

    /** A CJK ideograph: Chinese keys ("训练损失: 16.36") are words of their own (see {@link Keys}). */
    static boolean cjk(char c) {
        return c >= '\u4E00' && c <= '\u9FFF';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static final char[] TOTAL_LOSS = "total loss".toCharArray();

    /** Whether a "Losses:" label opens the bracket (or the line) that holds the key at {@code at}. */
    private boolean lossGroupBefore(int at) {
        for (int k = at - 7; k >= 0 && at - k < 400; k--) {
            if (c[k] == ']' || c[k] == '[') {
                return false;
            }
            if (c[k + 6] == ':' && Nums.eqIgnoreCase(c, k, "losses")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the word just before {@code at} is a time word ("Time cost", "elapsed cost"). */
    private boolean timeWordBefore(int at) {
        int e = at - 1;
        while (e >= 0 && (c[e] == ' ' || c[e] == '_' || c[e] == '-')) {
            e--;
        }
        int b = e;
        while (b >= 0 && Character.isLetter(c[b])) {
            b--;
        }
        int len = e - b;
        return len == 4 && Nums.eqIgnoreCase(c, b + 1, "time")
                || len == 7 && Nums.eqIgnoreCase(c, b + 1, "elapsed")
                || len == 4 && Nums.eqIgnoreCase(c, b + 1, "wall");
    }
}
