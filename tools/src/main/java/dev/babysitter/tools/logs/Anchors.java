package dev.babysitter.tools.logs;

/**
 * One pass over a cleaned line that records which anchor characters and words it holds, as bits of a long, so
 * that every rule's {@link FormatRule#mayMatch} is a mask test instead of its own {@code contains} scans. A bit
 * set means "present" exactly as {@code line.contains(..)} / {@code indexOf(..) >= 0} would say (case-sensitive
 * anchors) or case-insensitively where named so; the generic bits ({@link #LOSSY}, {@link #STEPPY}) are supersets
 * of what {@link Keys} can read as a loss or a step, so a line without them cannot be a generic reading.
 * Allocation-free and stateless.
 */
final class Anchors {

    private Anchors() {
    }

    // characters
    static final long DIGIT = 1L;
    static final long COLON = 1L << 1;
    static final long EQ = 1L << 2;
    static final long PIPE = 1L << 3;
    static final long PCT = 1L << 4;
    static final long LBRACE = 1L << 5;
    static final long RBRACE = 1L << 6;
    static final long SLASH = 1L << 7;
    static final long LBRACKET = 1L << 8;
    static final long HEAVY = 1L << 9;       // Keras 3's '━' (U+2501)
    static final long SPACED_DASH = 1L << 10; // " - "
    static final long NANINF = 1L << 11;     // nan, NaN, NAN, inf, Inf, INF anywhere (what lets a digit-less line in)
    // case-sensitive substrings the named rules gate on
    static final long W_LOSS = 1L << 12;          // "loss"
    static final long W_LOSS_BLANK = 1L << 13;    // "loss "
    static final long W_LOSS_COLON = 1L << 14;    // "loss:"
    static final long W_TRAINING_EPOCH = 1L << 15; // "Training epoch"
    static final long W_ITERATION = 1L << 16;     // "iteration"
    static final long W_ITER_COLON = 1L << 17;    // "iter:"
    static final long W_SKIPPED = 1L << 18;       // "skipped="
    static final long W_STEPS_COLON = 1L << 19;   // "steps:"
    static final long W_STEP_COLON = 1L << 20;    // "step:"
    static final long W_SAMPLES_PER_SEC = 1L << 21; // "SamplesPerSec="
    static final long W_PROGRESS_ON = 1L << 22;   // "Progress on:"
    static final long W_BATCH_EQ = 1L << 23;      // "batch="
    static final long W_EPOCH = 1L << 24;         // "Epoch"
    static final long W_EPOCH_COLON_BRACKET = 1L << 25; // "Epoch: [" or "Epoch:["
    static final long W_ITER_PAREN = 1L << 26;    // "Iter(" or "Iter ["
    static final long W_EPOCH_OPEN = 1L << 27;    // "Epoch" then blanks then '(' or '['
    // generic, case-insensitive
    static final long LOSSY = 1L << 28;  // loss, xent, cost, the words mlm / clm / l
    static final long STEPPY = 1L << 29; // step, iter, updat(e), batch, tick, tree, episode, round, the words it / up
    static final long EPOCHY = 1L << 30; // epoch, the word ep (an epoch line: "Epoch 2")
    static final long W_LOSS_EQ = 1L << 31;       // "loss="
    /**
     * An ASCII control character other than a tab (ESC among them), which {@link LineNormalizer#clean} also removes
     * or replaces: with neither this nor {@link #CONTROL}, cleaning leaves a line of at most MAX_LINE chars as it is.
     */
    static final long ASCII_CONTROL = 1L << 60;

    private static final long TRIGGER = Long.MIN_VALUE; // a character that may start an anchor
    private static final long[] CLASS = new long[128];
    /** trigger << 7 | next char: 0, or the index of the pair's mask of third characters in {@link #THIRD}. */
    private static final byte[] PAIR = new byte[128 * 128];
    /** Per pair, two longs: the third characters (ASCII; anything else reads as a blank) an anchor may have. */
    private static final long[] THIRD = new long[2 * 64];

    static {
        for (char d = '0'; d <= '9'; d++) {
            CLASS[d] = DIGIT;
        }
        CLASS[':'] = COLON;
        CLASS['='] = EQ;
        CLASS['|'] = PIPE;
        CLASS['%'] = PCT;
        CLASS['{'] = LBRACE;
        CLASS['}'] = RBRACE;
        CLASS['/'] = SLASH;
        CLASS['['] = LBRACKET;
        for (char ch = 0; ch < 0x20; ch++) {
            CLASS[ch] = ch == '\t' ? 0 : ASCII_CONTROL;
        }
        CLASS[0x7F] = ASCII_CONTROL;
        // Each trigger, a character that may follow it in an anchor (any case where the anchor is read in any case),
        // and the third characters that anchor may go on with: '_' stands for any character that is not an ASCII
        // letter or digit (a short word's end: "it", "up", "ep", "L1"), '*' for any character. A trigger followed by
        // anything else costs one or two table loads, so word() runs only where an anchor can start.
        String[][] pairs = {
            {"-", " ", "*"}, {"#", "0", "*"},
            {"l", "oO", "sStT"}, {"l", "1", "_"}, {"L", "oO", "sStT"}, {"L", "1", "_"},
            {"x", "eE", "nN"}, {"X", "eE", "nN"},
            {"c", "oO", "sS"}, {"c", "lL", "mM"}, {"C", "oO", "sS"}, {"C", "lL", "mM"},
            {"m", "lL", "mM"}, {"M", "lL", "mM"},
            {"s", "tT", "eE"}, {"s", "k", "i"}, {"s", "c", "hH"},
            {"S", "tT", "eE"}, {"S", "a", "m"}, {"S", "c", "hH"},
            {"i", "tT", "eE_"}, {"i", "n", "f"}, {"I", "tT", "eE_"}, {"I", "n", "f"}, {"I", "N", "F"},
            {"n", "a", "n"}, {"N", "aA", "N"},
            {"u", "pP", "dD_"}, {"U", "pP", "dD_"}, {"b", "aA", "tT"}, {"B", "aA", "tT"},
            {"T", "r", "ae"}, {"t", "i", "c"}, {"t", "r", "e"},
            {"e", "pP", "oOiI_"}, {"e", "t", "aA_"}, {"E", "pP", "oOiI_"}, {"E", "t", "aA_"},
            {"P", "r", "o"}, {"P", "e", "rR"}, {"P", "a", "sS"}, {"p", "e", "rR"}, {"p", "a", "sS"},
            {"r", "oO", "uU"}, {"R", "oO", "uU"}, {"v", "e", "rR"}, {"V", "e", "rR"}};
        int id = 0;
        for (String[] t : pairs) {
            id++;
            char ch = t[0].charAt(0);
            CLASS[ch] = TRIGGER;
            for (char d : t[1].toCharArray()) {
                PAIR[ch << 7 | d] = (byte) id;
            }
            third(id, t[2]);
        }
        // the one-letter word "l" (BasicSR's l_pix): "l" or "L" then anything that is not a letter or digit
        third(++id, "*");
        for (char ch : "lL".toCharArray()) {
            for (char d = 0; d < 128; d++) {
                if (!alnum(d)) {
                    PAIR[ch << 7 | d] = (byte) id;
                }
            }
        }
    }

    private static void third(int id, String chars) {
        for (char e = 0; e < 128; e++) {
            if (chars.equals("*") || chars.indexOf(e) >= 0 || chars.indexOf('_') >= 0 && !alnum(e)) {
                THIRD[2 * id + (e >> 6)] |= 1L << (e & 63);
            }
        }
    }

    /** The anchor bits of {@code s}. */
    static long of(String s) {
        return of(s, MetricScanner.buffer(s));
    }

    /** The anchor bits of {@code s}, whose chars {@code buf} holds ({@link MetricScanner#buffer}). */
    static long of(String s, char[] buf) {
        return of(s, buf, 0);
    }

    /**
     * The anchor bits of {@code s}, a slice of the line whose chars {@code buf} holds: s is buf[from, from +
     * s.length()), read as if nothing stood around it.
     */
    static long of(String s, char[] buf, int from) {
        long a = of(buf, from, from + s.length());
        return (a & NON_ASCII) != 0 && s.indexOf('\u2501') >= 0 ? a | HEAVY : a & ~NON_ASCII;
    }

    private static final long NON_ASCII = 1L << 62; // some char >= 128 (then '━' is looked for)
    /** A control character (or ESC) that {@link LineNormalizer#clean} would remove or replace. */
    static final long CONTROL = 1L << 61;

    /** The anchor bits of c[from, n), plus NON_ASCII when some char is not ASCII. */
    private static long of(char[] c, int from, int n) {
        long a = 0;
        for (int i = from; i < n; i++) {
            char ch = c[i];
            long b = ch < 128 ? CLASS[ch] : ch < 0xA0 ? CONTROL : ch < '\u4E00' ? intl(ch) : cjk(ch);
            a |= b;
            if (b < 0) {
                char d = i + 1 < n ? c[i + 1] : ' ';
                int pair = PAIR[ch << 7 | (d < 128 ? d : ' ')];
                if (pair != 0) {
                    char e = i + 2 < n && c[i + 2] < 128 ? c[i + 2] : ' ';
                    if ((THIRD[2 * pair + (e >> 6)] & 1L << (e & 63)) != 0) {
                        a |= word(c, from, i, n, ch);
                    }
                }
            }
        }
        return a & ~TRIGGER;
    }

    /**
     * Chinese words for a loss (损失), an epoch (轮) and a step (步, 迭代): the gates Keys' vocabulary needs; and the
     * ordinal 第, whose counter {@link LineNormalizer#clean} turns round ("第 590 轮" reads "轮 590"): such a line is
     * read cleaned, as one with a control character is.
     */
    private static long cjk(char ch) {
        if (ch >= '\uAC00') {
            return intl(ch); // Hangul syllables ("손실", "에폭")
        }
        return ch == '\u635F' || ch == '\u640D' ? NON_ASCII | LOSSY : ch == '\u8F6E' ? NON_ASCII | EPOCHY
                : ch == '\u6B65' || ch == '\u8FED' ? NON_ASCII | STEPPY : ch == '\u7B2C' ? NON_ASCII | CONTROL
                : NON_ASCII;
    }

    /**
     * A letter of the other scripts Keys' vocabulary reads ({@link MetricScanner#intlLetter}): any of them may start
     * a loss, step or epoch word ("pérdida", "эпоха", "ステップ"), so all three generic bits stay supersets.
     */
    private static long intl(char ch) {
        return MetricScanner.intlLetter(ch) ? NON_ASCII | LOSSY | STEPPY | EPOCHY : NON_ASCII;
    }

    private static boolean alnum(char ch) {
        return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9';
    }

    /** Bits of the anchors that can start at c[i] (a trigger character). */
    private static long word(char[] c, int from, int i, int n, char ch) {
        long a = 0;
        boolean start = i == from || !alnum(c[i - 1]);
        switch (ch) {
            case '#' -> {
                // rsyslog's escape of a control character ("#011" a tab, "#033" ESC): the line needs cleaning
                if (i + 3 < n && LineNormalizer.syslogEscape(c[i + 2], c[i + 3], i + 4 < n ? c[i + 4] : ' ')) {
                    a |= ASCII_CONTROL;
                }
            }
            case '-' -> {
                if (i > from && i + 1 < n && c[i - 1] == ' ' && c[i + 1] == ' ') {
                    a |= SPACED_DASH;
                }
            }
            case 'l' -> {
                if (eq(c, i + 1, n, "oss")) {
                    a |= W_LOSS | LOSSY;
                    if (i + 4 < n) {
                        char d = c[i + 4];
                        a |= d == ' ' ? W_LOSS_BLANK : d == ':' ? W_LOSS_COLON : d == '=' ? W_LOSS_EQ : 0;
                    }
                } else if (ci(c, i, n, "loss") || start && (shortWord(c, i, n, 1) || l1(c, i, n))) {
                    a |= LOSSY;
                } else if (ci(c, i, n, "lote")) {
                    a |= STEPPY; // Spanish and Portuguese for a batch
                }
            }
            case 'L' -> a |= ci(c, i, n, "loss") || start && (shortWord(c, i, n, 1) || l1(c, i, n)) ? LOSSY
                    : ci(c, i, n, "lote") ? STEPPY : 0;
            case 'x', 'X' -> a |= ci(c, i, n, "xent") ? LOSSY : 0;
            case 'c', 'C' -> a |= ci(c, i, n, "cost") || start && ci(c, i + 1, n, "lm") && shortWord(c, i, n, 3)
                    ? LOSSY : 0;
            case 'm', 'M' -> a |= start && ci(c, i + 1, n, "lm") && shortWord(c, i, n, 3) ? LOSSY : 0;
            case 's' -> {
                if (ci(c, i, n, "schritt")) {
                    a |= STEPPY; // German
                } else if (eq(c, i + 1, n, "tep")) {
                    a |= STEPPY;
                    if (i + 4 < n) {
                        char d = c[i + 4];
                        if (d == ':') {
                            a |= W_STEP_COLON;
                        } else if (d == 's' && i + 5 < n && c[i + 5] == ':') {
                            a |= W_STEPS_COLON;
                        }
                    }
                } else if (eq(c, i + 1, n, "kipped=")) {
                    a |= W_SKIPPED;
                } else if (ci(c, i, n, "step")) {
                    a |= STEPPY;
                }
            }
            case 'S' -> {
                if (ci(c, i, n, "step") || ci(c, i, n, "schritt")) {
                    a |= STEPPY;
                } else if (eq(c, i + 1, n, "amplesPerSec=")) {
                    a |= W_SAMPLES_PER_SEC;
                }
            }
            case 'i' -> {
                if (eq(c, i + 1, n, "ter")) {
                    a |= STEPPY;
                    if (eq(c, i + 4, n, "ation")) {
                        a |= W_ITERATION;
                    } else if (i + 4 < n && c[i + 4] == ':') {
                        a |= W_ITER_COLON;
                    }
                } else if (eq(c, i + 1, n, "nf")) {
                    a |= NANINF;
                } else if (ci(c, i, n, "iter") || start && i + 1 < n && (c[i + 1] | 0x20) == 't'
                        && shortWord(c, i, n, 2)) {
                    a |= STEPPY;
                }
            }
            case 'I' -> {
                if (ci(c, i, n, "iter")) {
                    a |= STEPPY;
                    if (eq(c, i + 1, n, "ter(") || eq(c, i + 1, n, "ter [")) {
                        a |= W_ITER_PAREN;
                    }
                } else if (eq(c, i + 1, n, "nf") || eq(c, i + 1, n, "NF")) {
                    a |= NANINF; // the spellings ProgressParser always let through: inf, Inf, INF
                } else if (start && i + 1 < n && (c[i + 1] | 0x20) == 't' && shortWord(c, i, n, 2)) {
                    a |= STEPPY;
                }
            }
            case 'n' -> a |= eq(c, i + 1, n, "an") ? NANINF : 0;
            case 'N' -> a |= eq(c, i + 1, n, "aN") || eq(c, i + 1, n, "AN") ? NANINF : 0;
            case 'u', 'U' -> a |= ci(c, i, n, "updat") || start && i + 1 < n && (c[i + 1] | 0x20) == 'p'
                    && shortWord(c, i, n, 2) ? STEPPY : 0;
            case 'b' -> {
                if (eq(c, i + 1, n, "atch")) {
                    a |= STEPPY;
                    if (i + 5 < n && c[i + 5] == '=') {
                        a |= W_BATCH_EQ;
                    }
                } else if (ci(c, i, n, "batch")) {
                    a |= STEPPY;
                }
            }
            case 'B' -> a |= ci(c, i, n, "batch") ? STEPPY : 0;
            case 'T' -> a |= eq(c, i + 1, n, "raining epoch") ? W_TRAINING_EPOCH : ci(c, i, n, "tree") ? STEPPY : 0;
            // StyleGAN's "tick 1408  kimg 5767.3 ...", a forest's or a booster's "building tree 7 of 40"
            case 't' -> a |= eq(c, i + 1, n, "ick ") || eq(c, i + 1, n, "ree") ? STEPPY : 0;
            case 'e' -> a |= (ci(c, i, n, "epoc") || start && shortWord(c, i, n, 2) ? EPOCHY : 0)
                    | (ci(c, i, n, "episode") || ci(c, i, n, "etape") ? STEPPY : 0); // an RL record's counter
            case 'E' -> {
                if (ci(c, i, n, "epoc") || start && shortWord(c, i, n, 2)) {
                    a |= EPOCHY; // epoch, and epoca (Spanish, Portuguese), Epoche (German)
                } else if (ci(c, i, n, "episode") || ci(c, i, n, "etape")) {
                    a |= STEPPY;
                }
                if (eq(c, i + 1, n, "poch")) {
                    a |= W_EPOCH;
                    int j = i + 5;
                    if (j < n && c[j] == ':') {
                        int k = j + 1;
                        if (k < n && c[k] == ' ') {
                            k++;
                        }
                        if (k < n && c[k] == '[') {
                            a |= W_EPOCH_COLON_BRACKET;
                        }
                    }
                    while (j < n && c[j] == ' ') {
                        j++;
                    }
                    if (j < n && (c[j] == '(' || c[j] == '[')) {
                        a |= W_EPOCH_OPEN;
                    }
                }
            }
            case 'P' -> a |= (eq(c, i + 1, n, "rogress on:") ? W_PROGRESS_ON : 0) | romance(c, i, n);
            case 'p' -> a |= romance(c, i, n);
            case 'v', 'V' -> a |= ci(c, i, n, "verlust") ? LOSSY : 0; // German
            case 'r', 'R' -> a |= ci(c, i, n, "round") ? STEPPY : 0; // a federated run's round, counted as an episode
            default -> { }
        }
        return a;
    }

    /** Spanish, Portuguese and French for a loss (pérdida, perda, perte) and a step (paso, passo), unaccented too. */
    private static long romance(char[] c, int i, int n) {
        return ci(c, i, n, "perd") || ci(c, i, n, "pert") ? LOSSY : ci(c, i, n, "paso") || ci(c, i, n, "passo") ? STEPPY : 0;
    }

    /** The word "L1" (EDSR's "[L1: 4.53]", 3DGS's "L1 0.0066"): the loss by its norm. */
    private static boolean l1(char[] c, int i, int n) {
        return i + 1 < n && c[i + 1] == '1' && shortWord(c, i, n, 2);
    }

    /** c[i, i + len) is a whole run of ASCII letters and digits (the caller checked that it starts one). */
    private static boolean shortWord(char[] c, int i, int n, int len) {
        return i + len <= n && (i + len == n || !alnum(c[i + len]));
    }

    /** c[i..] starts with w (case-sensitive). */
    private static boolean eq(char[] c, int i, int n, String w) {
        int len = w.length();
        if (i + len > n) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (c[i + k] != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** c[i..] starts with the lower-case ASCII word w, in any case. */
    private static boolean ci(char[] c, int i, int n, String w) {
        int len = w.length();
        if (i + len > n) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if ((c[i + k] | 0x20) != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static boolean has(long a, long bits) {
        return (a & bits) == bits;
    }

    static boolean any(long a, long bits) {
        return (a & bits) != 0;
    }
}
