package dev.babysitter.tools.logs;

/**
 * What a metric key means, read from its words ({@code train/loss}, {@code lm loss}, {@code global_step},
 * {@code elapsed time per iteration (ms)}): step-like, loss-like, eval loss, epoch, a rate, or nothing we use.
 * Allocation-free: words are compared in place. The vocabulary is the point of this class: a new trainer that
 * names its metrics with these words needs no new code.
 */
final class Keys {

    // categories (low byte of the packed result)
    static final int OTHER = 0;
    static final int STEP = 1;
    static final int EPOCH = 2;
    static final int LOSS = 3;
    static final int EVAL_LOSS = 4;
    static final int RATE_ITS = 5;
    static final int RATE_SIT = 6;
    static final int RATE_MS = 7;
    static final int RATE_SAMPLES = 8;
    static final int RATE_TOKENS = 9;
    static final int RATE_TIME = 10; // seconds (or ms, from the value's unit) per step
    static final int SUBSTEP = 11;
    static final int IGNORE = 12; // private (_step) or eval step: neither a metric nor evidence
    static final int TOTAL_STEPS = 13; // max_steps, max_updates, total_iters: the step's total when it has none
    static final int PROGRESS = 14; // "Train: [n/N]", "progress: n/N": a key that says nothing but "this counts"
    static final int OBJECTIVE = 15; // f, value, error: what an optimiser minimises; the loss on a line that counts

    // step kinds (bits 8-9)
    static final int KIND_GLOBAL = 0;
    static final int KIND_ITERATION = 1;
    static final int KIND_BATCH = 2;

    // word ids
    private static final int W_OTHER = 0;
    private static final int W_LOSS = 1;
    private static final int W_XENT = 2;
    private static final int W_STEP = 3;
    private static final int W_ITER = 4;
    private static final int W_IT = 5;
    private static final int W_UPDATE = 6;
    private static final int W_BATCH = 7;
    private static final int W_EPOCH = 8;
    private static final int W_EVAL = 9;
    private static final int W_GLOBAL = 10;
    private static final int W_TRAIN = 11;   // train/training: fine before a loss or a step
    private static final int W_LOSSMOD = 12; // lm, ce, avg, mean, total, running, smoothed, ...
    private static final int W_REDUCED = 13;
    private static final int W_STEPMOD = 14; // trainer, optimizer, completed, current
    private static final int W_NUM = 15;
    private static final int W_MAX = 16;
    private static final int W_S = 17;
    private static final int W_MS = 18;
    private static final int W_TIME = 19;
    private static final int W_PER = 20;
    private static final int W_SAMPLES = 21;
    private static final int W_TOKENS = 22;
    private static final int W_SUB = 23;
    private static final int W_TOTAL = 24;  // a loss modifier, but "total steps" is a total
    private static final int W_UPS = 25;
    private static final int W_TPS = 26;
    private static final int W_IPS = 27;
    private static final int W_LOSSES = 28;
    private static final int W_LOSSPART = 29; // closs, lossG, lossD: "loss" glued to a letter or two
    private static final int W_MLM = 30;      // XLM's MLM-en / CLM-en: the language-model loss
    private static final int W_COST = 31;     // Marian's "Cost": a loss only alone or beside train/total/avg
    private static final int W_L = 32;        // BasicSR / mmedit l_pix, l_g_gan: "l_" opens a loss term
    private static final int W_NOTLOSS = 33;  // loss_scale, loss_weight, kl_coef: settings, not values of a loss
    private static final int W_TEST = 34;     // a test loss is an eval loss only when no validation loss is printed
    private static final int W_PROGRESS = 35;
    private static final int W_ACC = 36;      // Acc_iter, accumulated_step: a step modifier before a step word
    private static final int W_CROSS = 37;    // "cross entropy", CrossEntropy, cross-entropy: a loss by its name
    private static final int W_ENTROPY = 38;  // alone an RL policy's entropy (not a loss)
    private static final int W_N = 39;        // "n/ep", "n/st" (Tianshou): a count of episodes or steps
    private static final int W_GD = 40;       // G_GAN, D_real (pix2pix, CycleGAN): generator or discriminator
    private static final int W_GANPART = 41;  // what a G_/D_ term measures: GAN, real, fake, adv, L1, idt, cycle
    private static final int W_OF = 42;       // "it 8192/315310 of epoch 0": fine before an epoch only
    private static final int W_AVG = 45;      // avg, mean, average, running, smoothed: an average, below the loss itself
    private static final int W_EPOCHS = 44;   // "epochs" is a count ("train_epochs:256" in a logger's location, num_epochs)
    // an RL run's episode, a federated run's round ("Round  53, Average loss 1.654"): its counter when it prints no step
    private static final int W_EPISODE = 47;
    private static final int W_L1 = 46;       // L1: a GAN term after G_ (pix2pix's G_L1), alone EDSR's loss
    private static final int W_RMSE = 48;     // a regression's objective (DeePMD's rmse_trn): a loss when none is named
    private static final int W_INDEX = 49;    // "batch i", "batch_idx", "epoch index": the counter's own number
    private static final int W_IS = 50;       // "batch_loss is 0.48", "Epoch is [2/600]": a sentence's verb as the separator
    private static final int W_DATA = 51;     // "data epoch" (LAVIS): the epoch over the data, as against "inner epoch"
    private static final int W_LOSSKIND = 43; // lm, ce, binary, multi: the kind of a loss, no more than a bare "loss" beside a total
    // an optimiser's name for what it minimises (liblinear's and L-BFGS-B's "f", R optim's "value", t-SNE's and NMF's
    // "error"): alone, the loss of a line that counts its iterations and names no loss (not "obj", a detector's
    // objectness loss)
    private static final int W_OBJ = 52;

    private static final int MAX_WORDS = 8;

    private Keys() {
    }

    static int category(int packed) {
        return packed & 0xFF;
    }

    /**
     * An RL episode counter ("Episode 7/10 | .. | Loss: 0.4"): a step ranked below every other, which the scanner
     * takes only when the line counts nothing else (keras-rl's "39160/50000: episode: 569" keeps 39160).
     */
    static boolean episode(int packed) {
        return category(packed) == STEP && rank(packed) == EPISODE_RANK;
    }

    private static final int EPISODE_RANK = 0;

    static int kind(int packed) {
        return (packed >>> 8) & 0x3;
    }

    /**
     * Loss preference: 0 a component or loss-like name (box_loss, g_loss, closs, l_pix: the first one stands in when
     * no loss proper is printed), 1 an epoch average, 2 a bare "loss", 3 a qualified train loss, 4 NeMo's reduced
     * loss. Eval loss: 1 a test loss, 2 a validation loss.
     */
    static int rank(int packed) {
        return (packed >>> 12) & 0xF;
    }

    private static final String TIMESTEPS = "total_timesteps";

    private static int pack(int category, int kind, int rank) {
        return category | kind << 8 | rank << 12;
    }

    /** Classifies the key s[from, to); {@code w} is scratch space of at least 2 * 8 ints (no allocation here). */
    static int classify(char[] s, int from, int to, int[] w) {
        if (from >= to || to - from > 64) {
            return OTHER;
        }
        if (s[from] == '_') {
            return IGNORE; // wandb's _step, _runtime: bookkeeping, not the trainer's
        }
        if (to - from == 5 && s[from] == 't' && s[from + 1] == '_' && s[from + 2] == 'e' && s[from + 3] == 'n'
                && s[from + 4] == 'v') {
            return pack(STEP, KIND_GLOBAL, 1); // PyMARL's t_env (and its forks'): the environment steps, its progress
        }
        // the last '/'-segment carries the meaning; earlier segments are namespaces (train/, trainer/, eval/)
        int lastSlash = -1;
        for (int i = to - 1; i >= from; i--) {
            if (s[i] == '/') {
                lastSlash = i;
                break;
            }
        }
        boolean evalNs = false;
        int firstSlash = lastSlash;
        for (int i = from; i < lastSlash; i++) {
            if (s[i] == '/') {
                firstSlash = i;
                break;
            }
        }
        int phase = lastSlash >= 0 ? phaseSegment(s, from, to) : 0;
        if (phase != 0) {
            // Avalanche's "Loss_Epoch/train_phase/train_stream/Task000": the metric first, then its phase, stream and
            // task (and experience)
            int n = wordsOf(s, from, firstSlash, w, 0);
            if (n == 2 && w[0] == W_LOSS) {
                return pack(phase < 0 ? EVAL_LOSS : LOSS, 0, 2); // Loss_MB, Loss_Epoch, Loss_Exp, Loss_Stream
            }
            return n == 0 ? OTHER : meaning(w, n, phase < 0, false);
        }
        if (lastSlash >= 0 && firstSlash == lastSlash && lossThenKind(s, from, lastSlash, to, w)) {
            // scGPT's "valid loss/mse 120.06": the loss named, then its kind
            int n = wordsOf(s, from, lastSlash, w, 0);
            return meaning(w, n, false, spaced(s, from, lastSlash));
        }
        if (lastSlash >= 0 && lossNamespace(s, from, firstSlash, w)) {
            // Composer's "loss/train/total", "loss/eval/total": the kind first, then split and name, all one loss
            int n = wordsOf(s, from, to, w, 0);
            return meaning(w, n, false, false);
        }
        if (lastSlash >= 0) {
            int m = wordsOf(s, from, lastSlash, w, MAX_WORDS);
            int n = wordsOf(s, lastSlash + 1, to, w, 0);
            if (n == 1 && w[0] == W_S) {
                return m == 0 ? OTHER : rateOver(w[MAX_WORDS + m - 1]); // it/s, global_step/sec, samples/s
            }
            if (n == 1 && (w[0] == W_IT || w[0] == W_STEP || w[0] == W_ITER) && m > 0
                    && (w[MAX_WORDS + m - 1] == W_S || w[MAX_WORDS + m - 1] == W_MS)) {
                return pack(w[MAX_WORDS + m - 1] == W_MS ? RATE_MS : RATE_SIT, 0, 0); // s/it, ms/step
            }
            for (int k = 0; k < m; k++) {
                evalNs |= w[MAX_WORDS + k] == W_EVAL;
            }
            int ns = m == 0 ? W_OTHER : w[MAX_WORDS + m - 1];
            if (m == 1 && ns == W_N) {
                return OTHER; // "n/ep": the number of episodes, not the epoch
            }
            if (ns == W_TIME && to - lastSlash - 1 == TIMESTEPS.length() && Nums.eqIgnoreCase(s, lastSlash + 1, TIMESTEPS)) {
                // Stable-Baselines3's time/total_timesteps: the environment steps so far, what an RL run counts its
                // progress in (time/iterations counts rollouts; a DQN table has no iterations at all)
                return pack(STEP, KIND_GLOBAL, 2);
            }
            boolean plural = (s[to - 1] | 0x20) == 's';
            if (n == 1 && (w[0] == W_BATCH || w[0] == W_STEP || w[0] == W_IT || w[0] == W_ITER)
                    && ns != W_TRAIN && ns != W_STEPMOD && ns != W_GLOBAL && !(ns == W_TIME && plural)) {
                return OTHER; // "words/batch 906", "tokens/step": a ratio, not a counter (SB3's time/iterations is one)
            }
            return n == 0 ? OTHER : meaning(w, n, evalNs, spaced(s, lastSlash + 1, to));
        }
        int n = wordsOf(s, from, to, w, 0);
        return n == 0 ? OTHER : meaning(w, n, false, spaced(s, from, to));
    }

    /** What a loss can be averaged over: "loss per batch", "cost per token". */
    private static boolean unit(int word) {
        return word == W_BATCH || word == W_STEP || word == W_IT || word == W_ITER || word == W_UPDATE
                || word == W_SAMPLES || word == W_TOKENS || word == W_EPOCH;
    }

    private static int rateOver(int last) {
        if (last == W_IT || last == W_STEP || last == W_ITER || last == W_UPDATE || last == W_BATCH) {
            return pack(RATE_ITS, 0, 0);
        }
        if (last == W_SAMPLES) {
            return pack(RATE_SAMPLES, 0, 0);
        }
        if (last == W_TOKENS) {
            return pack(RATE_TOKENS, 0, 0);
        }
        return OTHER;
    }

    /** A key written as words ("Epoch Step"), a label for a person rather than an identifier (epoch_step). */
    private static boolean spaced(char[] s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s[i] == ' ') {
                return true;
            }
        }
        return false;
    }

    private static int meaning(int[] w, int n, boolean evalNs, boolean spaced) {
        if (n >= 3 && w[n - 2] == W_PER && (w[n - 3] == W_LOSS || w[n - 3] == W_XENT || w[n - 3] == W_COST)
                && unit(w[n - 1])) {
            n -= 2; // "trainLossPerBatch", "loss per token": the loss, averaged over what counts
        }
        if (n >= 2 && w[n - 1] == W_IS) {
            n--; // "batch_loss is 0.48": the key is what stands before the verb
        }
        if (n >= 2 && w[n - 1] == W_INDEX && (w[n - 2] == W_STEP || w[n - 2] == W_ITER || w[n - 2] == W_BATCH
                || w[n - 2] == W_EPOCH)) {
            n--; // "batch i:2589", "batch_idx", "epoch index": the counter named by the word before
        }
        for (int k = 0; k + 1 < n; k++) {
            if (w[k] == W_CROSS && w[k + 1] == W_ENTROPY) {
                w[k] = W_LOSSMOD; // CrossEntropy, cross-entropy, CrossEntropyLoss: the loss named by its kind
                w[k + 1] = W_LOSS;
            }
        }
        int lossAt = -1;
        boolean eval = evalNs;
        boolean test = false;
        boolean epochWord = false;
        boolean reduced = false;
        boolean averaged = false;
        boolean lossWord = false; // "Current Loss": a step modifier beside a loss is the loss as it is now
        for (int k = 0; k < n; k++) {
            lossWord |= w[k] == W_LOSS || w[k] == W_XENT;
        }
        boolean qualified = false;
        boolean stepWord = false;
        boolean time = false;
        boolean ms = false;
        boolean per = false;
        boolean samples = false;
        boolean tokens = false;
        boolean sub = false;
        boolean lossPart = false;
        boolean notLoss = false;
        boolean cost = false;
        boolean rmse = false;
        boolean onlyLossWords = true; // every word is a loss, a train/eval marker or a loss modifier
        boolean plainMods = true;     // every other word is a train/eval marker or a loss modifier (no step words)
        boolean progressOnly = true;  // "Train", "progress": a key that only says "this counts"
        for (int k = 0; k < n; k++) {
            switch (w[k]) {
                case W_LOSS, W_XENT -> lossAt = k;
                case W_LOSSPART -> lossPart = true;
                case W_LOSSES -> lossPart |= k == n - 1; // "cd_losses", "train_losses": a value's own loss
                case W_COST -> cost = true;
                case W_RMSE -> rmse = true;
                case W_NOTLOSS -> notLoss = true;
                case W_EVAL -> eval = true;
                case W_TEST -> test = true;
                case W_EPOCH -> epochWord = true;
                case W_REDUCED -> {
                    reduced = true;
                    qualified = true;
                }
                case W_TRAIN, W_LOSSMOD, W_TOTAL, W_GLOBAL -> qualified = true;
                case W_LOSSKIND -> { }
                case W_AVG -> averaged = true;
                case W_STEP, W_ITER, W_IT, W_BATCH -> stepWord = true;
                case W_TIME -> time = true;
                case W_MS -> ms = true;
                case W_PER -> per = true;
                case W_SAMPLES -> samples = true;
                case W_TOKENS -> tokens = true;
                case W_SUB -> sub = true;
                default -> { }
            }
            int x = w[k];
            if (!(x == W_LOSS || x == W_XENT || x == W_EVAL || x == W_TEST || x == W_TRAIN || x == W_LOSSMOD
                    || x == W_LOSSKIND || x == W_AVG || x == W_STEPMOD && lossWord || x == W_TOTAL || x == W_REDUCED
                    || x == W_GLOBAL || x == W_EPOCH || x == W_STEP
                    || x == W_BATCH)) {
                onlyLossWords = false;
            }
            if (!(x == W_LOSS || x == W_XENT || x == W_COST || x == W_EVAL || x == W_TEST || x == W_TRAIN
                    || x == W_LOSSMOD || x == W_LOSSKIND || x == W_AVG || x == W_TOTAL || x == W_REDUCED)) {
                plainMods = false;
            }
            if (x != W_PROGRESS && x != W_TRAIN) {
                progressOnly = false;
            }
        }
        boolean anyEval = eval || test;
        if (progressOnly) {
            return pack(PROGRESS, 0, 0);
        }
        if (n == 1 && w[0] == W_EPISODE) {
            return pack(STEP, KIND_ITERATION, EPISODE_RANK); // see episode(int)
        }
        if (n == 1 && w[0] == W_L) {
            // "L: 7.94, L_crf: 7.07, L_selection: 0.87": a bare L is the loss its L_ terms add up to, ranked below
            // a loss by its name
            return pack(LOSS, 0, 1);
        }
        if (n == 1 && w[0] == W_OBJ) {
            return pack(OBJECTIVE, 0, 0);
        }
        if (n == 1 && w[0] == W_L1) {
            return pack(LOSS, 0, 0); // EDSR's "[L1: 4.53]": the loss by its norm, a stand-in when none is named
        }
        if (w[0] == W_MLM && !anyEval) {
            return pack(LOSS, 0, 2); // MLM-en, CLM-fr: XLM's language-model losses
        }
        if (rmse && lossAt < 0 && !cost && n <= 2 && (n == 1 || anyEval || w[0] == W_TRAIN || w[1] == W_TRAIN)) {
            // rmse, rmse_trn, val_rmse: the objective of a regression that names no loss; any loss named wins
            // (a train-qualified one, rmse_trn, is a table's loss column; a bare rmse stands in like a component)
            return pack(anyEval ? EVAL_LOSS : LOSS, 0, n == 2 && !anyEval ? 1 : 0);
        }
        if (lossAt >= 0 && onlyLossWords && (w[lossAt] == W_LOSS || n == 1 || anyEval)
                || cost && plainMods && lossAt < 0) {
            if (anyEval) {
                return pack(EVAL_LOSS, 0, eval ? 2 : 1);
            }
            // an average (avg_loss, "Average Loss", running loss) ranks below the loss itself, as an epoch's does
            int rank = reduced ? 4 : epochWord ? 1 : qualified ? 3 : averaged ? 1 : 2;
            return pack(LOSS, 0, rank);
        }
        if ((lossAt >= 0 || lossPart || w[0] == W_L && n >= 2 || n == 2 && w[0] == W_GD && (w[1] == W_GANPART || w[1] == W_L1))
                && !notLoss && !anyEval && !sub && !time && !per
                && !samples && !tokens) {
            // box_loss, g_loss, loss_G, closs, l_pix, actor/pg_loss: a part of the loss (or a differently named
            // one); the first on a line stands in for the loss when no loss proper is printed
            return pack(LOSS, 0, 0);
        }
        if (lossAt >= 0 || lossPart) {
            return OTHER; // loss_scale, val_box_loss, loss_weight: not a train loss at all
        }
        int last = w[n - 1];
        if (time && (stepWord || last == W_TIME) && !samples && !tokens) {
            // "elapsed time per iteration (ms)", "iter_time", "step time": time per step
            return stepWord ? pack(ms ? RATE_MS : RATE_TIME, 0, 0) : OTHER;
        }
        if (per && n >= 3 && w[n - 1] == W_S || last == W_TPS || last == W_UPS || last == W_IPS) {
            if (last == W_UPS) {
                return pack(RATE_ITS, 0, 0);
            }
            if (last == W_TPS || tokens) {
                return pack(RATE_TOKENS, 0, 0);
            }
            if (last == W_IPS || samples) {
                return pack(RATE_SAMPLES, 0, 0);
            }
            return stepWord ? pack(RATE_ITS, 0, 0) : OTHER;
        }
        if (sub && (stepWord || n == 1)) {
            return pack(SUBSTEP, 0, 0);
        }
        if (last == W_STEP || last == W_ITER || last == W_IT || last == W_UPDATE || last == W_BATCH) {
            if (anyEval) {
                return IGNORE;
            }
            boolean global = false;
            boolean num = false;
            boolean max = false;
            boolean totalTrain = false;
            boolean inEpoch = false;
            for (int k = 0; k < n - 1; k++) {
                int x = w[k];
                if (x == W_GLOBAL) {
                    global = true;
                } else if (x == W_EPOCH && k == n - 2 && spaced) {
                    // "Epoch Step: 1": the last word names what counts, within the epoch; an identifier such as
                    // epoch_step is as often a setting (the epochs at which the learning rate steps)
                    inEpoch = true;
                } else if (x == W_NUM) {
                    num = true;
                } else if (x == W_MAX || x == W_TOTAL) {
                    max = true;
                    totalTrain |= x == W_TOTAL && w[k + 1] == W_TRAIN;
                } else if (x == W_ITER && k == n - 2 && last == W_STEP && spaced) {
                    continue; // "Iteration step: 62400": the step the loop's iterations count
                } else if (x == W_BATCH && k == n - 2 && (last == W_STEP || last == W_ITER)) {
                    continue; // MiniBatchKMeans' "Minibatch step 86/234": the step, counted in minibatches
                } else if (x == W_OF && k == 0 && n >= 3 && w[1] == W_MAX) {
                    continue; // LDA's "iteration: 10 of max_iter: 15": "of" before the max key that follows
                } else if (x != W_TRAIN && x != W_STEPMOD && x != W_ACC) {
                    return OTHER; // warmup_steps, gradient accumulation steps, save_steps
                }
            }
            if (max && totalTrain && last == W_UPDATE) {
                return pack(STEP, KIND_GLOBAL, 2); // ParlAI's total_train_updates: the updates so far, not a limit
            }
            if (max) {
                return last == W_IT || last == W_BATCH ? OTHER : pack(TOTAL_STEPS, 0, 0); // max_steps, total iters
            }
            if (num && last != W_UPDATE) {
                return OTHER; // num_steps is a total; num_updates (fairseq) is the step
            }
            if (last == W_IT && n > 1 && !(w[n - 2] == W_TRAIN || w[n - 2] == W_STEPMOD)) {
                return OTHER; // but "training it 8192/315310" (DLRM) is the iteration
            }
            int kind = inEpoch ? KIND_BATCH : global || last == W_STEP || last == W_UPDATE ? KIND_GLOBAL
                    : last == W_BATCH ? KIND_BATCH : KIND_ITERATION;
            return pack(STEP, kind, global ? 2 : 1);
        }
        if (n == 2 && w[0] == W_EPOCH && w[1] == W_NUM) {
            return anyEval ? OTHER : pack(EPOCH, 0, 0); // "Epoch-Num", "epoch_num": the epoch's number (num_epochs is a count)
        }
        if (last == W_EPOCH) {
            for (int k = 0; k < n - 1; k++) {
                if (w[k] != W_TRAIN && w[k] != W_STEPMOD && w[k] != W_GLOBAL && !(w[k] == W_OF && k == n - 2)
                        && !(w[k] == W_DATA && n == 2)) {
                    return OTHER; // rollout_epochs, num_epochs
                }
            }
            return anyEval ? OTHER : pack(EPOCH, 0, 0);
        }
        return OTHER;
    }

    /** 1 when a '/'-segment after the first is "train_phase", -1 when "eval_phase", else 0. */
    private static int phaseSegment(char[] s, int from, int to) {
        int start = -1;
        for (int i = from; i <= to; i++) {
            if (i == to || s[i] == '/') {
                if (start >= 0 && i - start == 11 && Nums.eqIgnoreCase(s, start, "train_phase")) {
                    return 1;
                }
                if (start >= 0 && i - start == 10 && Nums.eqIgnoreCase(s, start, "eval_phase")) {
                    return -1;
                }
                start = i + 1;
            }
        }
        return 0;
    }

    /**
     * The key's only '/' after a loss of at most three words ("valid loss", "train_loss") and before a short word that
     * names no other metric the vocabulary knows (mse, mae, nll, ce): the second part is the loss's kind.
     */
    private static boolean lossThenKind(char[] s, int from, int slash, int to, int[] w) {
        if (to - slash - 1 < 2 || to - slash - 1 > 4) {
            return false;
        }
        int n = wordsOf(s, from, slash, w, 0);
        if (n < 2 || n > 3 || w[n - 1] != W_LOSS) {
            return false;
        }
        int k = wordsOf(s, slash + 1, to, w, 0);
        return k == 1 && (w[0] == W_OTHER || w[0] == W_LOSSKIND || w[0] == W_RMSE);
    }

    /**
     * Whether the key's first '/'-segment, s[from, slash), is "loss" or "losses" alone (a metric's kind, not a
     * namespace).
     */
    private static boolean lossNamespace(char[] s, int from, int slash, int[] w) {
        return wordsOf(s, from, slash, w, 0) == 1 && (w[0] == W_LOSS || w[0] == W_LOSSES);
    }

    /** Splits s[from, to) into word ids at ' ', '_', '-', '.', '(', ')', '/' into out[at..at+8). */
    private static int wordsOf(char[] s, int from, int to, int[] out, int at) {
        int n = 0;
        int i = from;
        while (i < to && n < MAX_WORDS) {
            while (i < to && !wordChar(s[i]) && !MetricScanner.cjk(s[i])) {
                i++;
            }
            if (i < to && MetricScanner.cjk(s[i])) {
                // Chinese writes a key's words together ("训练损失", train loss): the longest known word at each
                // place, one "other" word for any run of unknown characters
                int k = i + 2 <= to && MetricScanner.cjk(s[i + 1]) ? word(s, i, i + 2) : W_OTHER;
                int len = k != W_OTHER ? 2 : 1;
                if (k == W_OTHER) {
                    k = word(s, i, i + 1);
                }
                if (k == W_OTHER && n > 0 && out[at + n - 1] == W_OTHER
                        || len == 2 && s[i] == '\u6B21' && n > 0 && countable(out[at + n - 1])) {
                    i += len; // "迭代次数", the count of iterations: the iteration itself
                    continue;
                }
                out[at + n] = k;
                n++;
                i += len;
                continue;
            }
            int start = i;
            while (i < to && wordChar(s[i]) && !(i > start && camelBreak(s, i))) {
                i++;
            }
            if (i > start && !(n > 0 && allDigits(s, start, i))) { // "loss_0", "avg_loss_1": an index, not a word
                out[at + n] = word(s, start, i);
                n++;
            }
        }
        return n;
    }

    private static boolean countable(int word) {
        return word == W_ITER || word == W_STEP || word == W_BATCH || word == W_EPOCH;
    }

    private static boolean allDigits(char[] s, int a, int b) {
        for (int i = a; i < b; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** "CrossEntropyLoss", "LossPi", "GlobalStep": a lower-case letter then an upper-case one starts a word. */
    private static boolean camelBreak(char[] s, int i) {
        char c = s[i];
        char p = s[i - 1];
        return c >= 'A' && c <= 'Z' && p >= 'a' && p <= 'z';
    }

    private static boolean wordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c >= 128 && MetricScanner.intlLetter(c);
    }

    /** c in lower case: ASCII by arithmetic, other letters (É, Э) as Character does. */
    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c < 128 ? c : Character.toLowerCase(c);
    }

    /** s[a, a + w.length()) is the lower-case word w in any case. */
    private static boolean sameWord(char[] s, int a, String w) {
        for (int k = 0; k < w.length(); k++) {
            if (lower(s[a + k]) != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }


    /** The vocabulary: word -> id, in an open-addressing table keyed by a lower-case hash (no String built). */
    private static final String[] WORDS = {
        "loss", "xent", "losses", "logloss",
        "step", "steps", "timestep", "timesteps", "iter", "iters", "iteration", "iterations", "it", "update", "updates",
        "batch", "batches",
        "epoch", "epochs",
        "eval", "test", "val", "valid", "validation", "evaluation", "dev", "vali",
        "global", "train", "training",
        "lm", "ce", "binary", "multi", "avg", "sum", "mean", "main", "model", "final", "average", "running", "overall", "smoothed",
        "total", "reduced", "tot",
        "trainer", "optimizer", "completed", "current", "cur",
        "num", "max", "s", "sec", "second", "seconds", "ms", "time", "timing", "per",
        "samples", "sample", "tokens", "tok", "sub", "micro", "substep", "microstep", "ups", "tps", "ips",
        "mlm", "clm", "cost", "l", "scale", "scaler", "weight", "weights", "coef", "coeff", "ratio", "factor", "norm",
        "clip", "lr", "rate", "frac", "clipfrac", "progress", "acc", "accum", "accumulated", "ep", "up",
        "cross", "entropy", "n", "env", "finished",
        "g", "d", "gan", "real", "fake", "adv", "l1", "idt", "cycle", "of", "learning", "tick", "expected", "deviance", "episode",
        "rmse", "trn", "tst", "testing", "validating", "evaluating", "tr", "te", "grad", "i", "idx", "index",
        "is", "was", "mini", "minibatch", "lossvalue", "data", "round", "f", "value", "error", "objective",
        "iterate", "at", "tree", "trees", "building",
        // Spanish, Portuguese, French, German, Russian, Japanese and Korean training words, accented and not
        "pérdida", "perdida", "perda", "perte", "verlust", "потеря", "потери", "лосс", "損失", "손실", "ロス",
        "época", "epoca", "épocas", "epocas", "époque", "epoque", "epoche", "эпоха", "эпохи", "эпоху", "エポック",
        "에폭", "에포크",
        "paso", "pasos", "passo", "passos", "étape", "etape", "schritt", "шаг", "ステップ", "스텝",
        "iteración", "iteracion", "iteração", "iteracao", "itération", "итерация", "итерации", "イテレーション", "반복",
        "lote", "батч", "バッチ", "배치",
        "entrenamiento", "treino", "treinamento", "entraînement", "entrainement", "обучение", "学習", "訓練", "학습",
        "훈련",
        "validación", "validacion", "validação", "validacao", "validierung", "валидация", "検証", "검증",
        "prueba", "teste", "тест", "テスト", "테스트",
        "promedio", "média", "moyenne", "среднее",
        "de", "del", "da", "do", "du", "des",
        "损失", "训练", "验证", "测试", "平均", "总", "轮", "轮次", "步", "步数", "迭代", "批次", "次数"};
    private static final int[] IDS = {
        W_LOSS, W_XENT, W_LOSSES, W_XENT,
        W_STEP, W_STEP, W_STEP, W_STEP, W_ITER, W_ITER, W_ITER, W_ITER, W_IT, W_UPDATE, W_UPDATE,
        W_BATCH, W_BATCH,
        W_EPOCH, W_EPOCHS,
        W_EVAL, W_TEST, W_EVAL, W_EVAL, W_EVAL, W_EVAL, W_EVAL, W_EVAL,
        W_GLOBAL, W_TRAIN, W_TRAIN,
        W_LOSSKIND, W_LOSSKIND, W_LOSSKIND, W_LOSSKIND, W_AVG, W_LOSSMOD, W_AVG, W_LOSSMOD, W_LOSSMOD, W_LOSSMOD, W_AVG,
        W_AVG, W_LOSSMOD, W_AVG,
        W_TOTAL, W_REDUCED, W_TOTAL,
        W_STEPMOD, W_STEPMOD, W_STEPMOD, W_STEPMOD, W_STEPMOD,
        W_NUM, W_MAX, W_S, W_S, W_S, W_S, W_MS, W_TIME, W_TIME, W_PER,
        W_SAMPLES, W_SAMPLES, W_TOKENS, W_TOKENS, W_SUB, W_SUB, W_SUB, W_SUB, W_UPS, W_TPS, W_IPS,
        W_MLM, W_MLM, W_COST, W_L, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS,
        W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_NOTLOSS, W_PROGRESS, W_ACC, W_ACC, W_ACC,
        W_EPOCH, W_UPDATE,
        W_CROSS, W_ENTROPY, W_N, W_STEPMOD, W_STEPMOD,
        W_GD, W_GD, W_GANPART, W_GANPART, W_GANPART, W_GANPART, W_L1, W_GANPART, W_GANPART, W_OF, W_STEPMOD, W_ITER,
        W_AVG, W_LOSS, W_EPISODE,
        W_RMSE, W_TRAIN, W_TEST, W_TEST, W_EVAL, W_EVAL, W_TRAIN, W_TEST, W_STEPMOD, W_INDEX, W_INDEX, W_INDEX,
        W_IS, W_IS, W_STEPMOD, W_BATCH, W_LOSS, W_DATA, W_EPISODE, W_OBJ, W_OBJ, W_OBJ, W_OBJ,
        W_ITER, W_STEPMOD, W_ITER, W_ITER, W_STEPMOD,
        W_LOSS, W_LOSS, W_LOSS, W_LOSS, W_LOSS, W_LOSS, W_LOSS, W_LOSS, W_LOSS, W_LOSS, W_LOSS,
        W_EPOCH, W_EPOCH, W_EPOCHS, W_EPOCHS, W_EPOCH, W_EPOCH, W_EPOCH, W_EPOCH, W_EPOCH, W_EPOCH, W_EPOCH,
        W_EPOCH, W_EPOCH,
        W_STEP, W_STEP, W_STEP, W_STEP, W_STEP, W_STEP, W_STEP, W_STEP, W_STEP, W_STEP,
        W_ITER, W_ITER, W_ITER, W_ITER, W_ITER, W_ITER, W_ITER, W_ITER, W_ITER,
        W_BATCH, W_BATCH, W_BATCH, W_BATCH,
        W_TRAIN, W_TRAIN, W_TRAIN, W_TRAIN, W_TRAIN, W_TRAIN, W_TRAIN, W_TRAIN, W_TRAIN,
        W_TRAIN,
        W_EVAL, W_EVAL, W_EVAL, W_EVAL, W_EVAL, W_EVAL, W_EVAL, W_EVAL,
        W_TEST, W_TEST, W_TEST, W_TEST, W_TEST,
        W_AVG, W_AVG, W_AVG, W_AVG,
        W_LOSSKIND, W_LOSSKIND, W_LOSSKIND, W_LOSSKIND, W_LOSSKIND, W_LOSSKIND,
        W_LOSS, W_TRAIN, W_EVAL, W_TEST, W_AVG, W_TOTAL, W_EPOCH, W_EPOCH, W_STEP, W_STEP, W_ITER, W_BATCH, W_ITER};
    private static final int TABLE = 512;
    private static final int MAX_WORD = 13; // "entrenamiento": longer words are never in the vocabulary
    private static final int[] SLOT_HASH = new int[TABLE];
    private static final int[] SLOT_WORD = new int[TABLE]; // index into WORDS + 1; 0 = empty

    static {
        if (WORDS.length != IDS.length) {
            throw new AssertionError("Keys vocabulary: " + WORDS.length + " words, " + IDS.length + " ids");
        }
        for (int w = 0; w < WORDS.length; w++) {
            int h = hash(WORDS[w].toCharArray(), 0, WORDS[w].length());
            int slot = h & (TABLE - 1);
            while (SLOT_WORD[slot] != 0) {
                slot = (slot + 1) & (TABLE - 1);
            }
            SLOT_HASH[slot] = h;
            SLOT_WORD[slot] = w + 1;
        }
    }

    private static int hash(char[] s, int a, int b) {
        int h = 0;
        for (int i = a; i < b; i++) {
            char c = s[i];
            h = 31 * h + lower(c);
        }
        return h ^ (h >>> 7) ^ (h >>> 15);
    }

    /** Word id of s[a, b), case-insensitive. */
    static int word(char[] s, int a, int b) {
        if (b - a > MAX_WORD) {
            return W_OTHER;
        }
        int h = hash(s, a, b);
        for (int slot = h & (TABLE - 1); SLOT_WORD[slot] != 0; slot = (slot + 1) & (TABLE - 1)) {
            if (SLOT_HASH[slot] == h) {
                String w = WORDS[SLOT_WORD[slot] - 1];
                if (w.length() == b - a && sameWord(s, a, w)) {
                    return IDS[SLOT_WORD[slot] - 1];
                }
            }
        }
        int n = b - a;
        if ((n == 5 || n == 6) && (Nums.eqIgnoreCase(s, a, "loss") || Nums.eqIgnoreCase(s, b - 4, "loss"))) {
            return W_LOSSPART; // closs, lossG, lossD, tloss
        }
        return W_OTHER;
    }
}
