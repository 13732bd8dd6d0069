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
    static final long STEPPY = 1L << 29; // step, iter, updat(e), batch, the words it / up

    /** The anchor bits of {@code s}. */
    static long of(String s) {
        long a = 0;
        int n = s.length();
        int wordStart = -1; // start of the current run of ASCII letters and digits
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                a |= DIGIT;
                if (wordStart < 0) {
                    wordStart = i;
                }
                continue;
            }
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!letter) {
                if (wordStart >= 0) {
                    a |= shortWord(s, wordStart, i);
                    wordStart = -1;
                }
                switch (c) {
                    case ':' -> a |= COLON;
                    case '=' -> a |= EQ;
                    case '|' -> a |= PIPE;
                    case '%' -> a |= PCT;
                    case '{' -> a |= LBRACE;
                    case '}' -> a |= RBRACE;
                    case '/' -> a |= SLASH;
                    case '[' -> a |= LBRACKET;
                    case '\u2501' -> a |= HEAVY;
                    case '-' -> {
                        if (i > 0 && i + 1 < n && s.charAt(i - 1) == ' ' && s.charAt(i + 1) == ' ') {
                            a |= SPACED_DASH;
                        }
                    }
                    default -> { }
                }
                continue;
            }
            if (wordStart < 0) {
                wordStart = i;
            }
            switch (c) {
                case 'l' -> {
                    if (s.startsWith("oss", i + 1)) {
                        a |= W_LOSS | LOSSY;
                        if (i + 4 < n) {
                            char d = s.charAt(i + 4);
                            a |= d == ' ' ? W_LOSS_BLANK : d == ':' ? W_LOSS_COLON : 0;
                        }
                    } else if (ci(s, i, "loss")) {
                        a |= LOSSY;
                    }
                }
                case 'L' -> a |= ci(s, i, "loss") ? LOSSY : 0;
                case 'x', 'X' -> a |= ci(s, i, "xent") ? LOSSY : 0;
                case 'c', 'C' -> a |= ci(s, i, "cost") ? LOSSY : 0;
                case 's' -> {
                    if (s.startsWith("tep", i + 1)) {
                        a |= STEPPY;
                        if (i + 4 < n) {
                            char d = s.charAt(i + 4);
                            if (d == ':') {
                                a |= W_STEP_COLON;
                            } else if (d == 's' && i + 5 < n && s.charAt(i + 5) == ':') {
                                a |= W_STEPS_COLON;
                            }
                        }
                    } else if (s.startsWith("kipped=", i + 1)) {
                        a |= W_SKIPPED;
                    } else if (ci(s, i, "step")) {
                        a |= STEPPY;
                    }
                }
                case 'S' -> {
                    if (ci(s, i, "step")) {
                        a |= STEPPY;
                    } else if (s.startsWith("amplesPerSec=", i + 1)) {
                        a |= W_SAMPLES_PER_SEC;
                    }
                }
                case 'i' -> {
                    if (s.startsWith("ter", i + 1)) {
                        a |= STEPPY;
                        if (s.startsWith("ation", i + 4)) {
                            a |= W_ITERATION;
                        } else if (i + 4 < n && s.charAt(i + 4) == ':') {
                            a |= W_ITER_COLON;
                        }
                    } else if (s.startsWith("nf", i + 1)) {
                        a |= NANINF;
                    } else if (ci(s, i, "iter")) {
                        a |= STEPPY;
                    }
                }
                case 'I' -> {
                    if (ci(s, i, "iter")) {
                        a |= STEPPY;
                        if (s.startsWith("ter(", i + 1) || s.startsWith("ter [", i + 1)) {
                            a |= W_ITER_PAREN;
                        }
                    } else if (s.startsWith("nf", i + 1) || s.startsWith("NF", i + 1)) {
                        a |= NANINF; // the spellings ProgressParser always let through: inf, Inf, INF
                    }
                }
                case 'n' -> {
                    if (s.startsWith("an", i + 1)) {
                        a |= NANINF;
                    }
                }
                case 'N' -> {
                    if (s.startsWith("aN", i + 1) || s.startsWith("AN", i + 1)) {
                        a |= NANINF;
                    }
                }
                case 'u', 'U' -> a |= ci(s, i, "updat") ? STEPPY : 0;
                case 'b' -> {
                    if (s.startsWith("atch", i + 1)) {
                        a |= STEPPY;
                        if (i + 5 < n && s.charAt(i + 5) == '=') {
                            a |= W_BATCH_EQ;
                        }
                    } else if (ci(s, i, "batch")) {
                        a |= STEPPY;
                    }
                }
                case 'B' -> a |= ci(s, i, "batch") ? STEPPY : 0;
                case 'T' -> a |= s.startsWith("raining epoch", i + 1) ? W_TRAINING_EPOCH : 0;
                case 'E' -> {
                    if (s.startsWith("poch", i + 1)) {
                        a |= W_EPOCH;
                        int j = i + 5;
                        if (j < n && s.charAt(j) == ':') {
                            int k = j + 1;
                            if (k < n && s.charAt(k) == ' ') {
                                k++;
                            }
                            if (k < n && s.charAt(k) == '[') {
                                a |= W_EPOCH_COLON_BRACKET;
                            }
                        }
                        while (j < n && s.charAt(j) == ' ') {
                            j++;
                        }
                        if (j < n && (s.charAt(j) == '(' || s.charAt(j) == '[')) {
                            a |= W_EPOCH_OPEN;
                        }
                    }
                }
                case 'P' -> a |= s.startsWith("rogress on:", i + 1) ? W_PROGRESS_ON : 0;
                default -> { }
            }
        }
        if (wordStart >= 0) {
            a |= shortWord(s, wordStart, n);
        }
        return a;
    }

    /** The one- to three-letter words Keys reads as a step or a loss: it, up, l, mlm, clm (any case). */
    private static long shortWord(String s, int a, int b) {
        int len = b - a;
        if (len == 1) {
            return (s.charAt(a) | 0x20) == 'l' ? LOSSY : 0;
        }
        if (len == 2) {
            int c0 = s.charAt(a) | 0x20;
            int c1 = s.charAt(a + 1) | 0x20;
            return c0 == 'i' && c1 == 't' || c0 == 'u' && c1 == 'p' ? STEPPY : 0;
        }
        if (len == 3 && (s.charAt(a + 1) | 0x20) == 'l' && (s.charAt(a + 2) | 0x20) == 'm') {
            int c0 = s.charAt(a) | 0x20;
            return c0 == 'm' || c0 == 'c' ? LOSSY : 0;
        }
        return 0;
    }

    /** Case-insensitive s[i..] starts with the lower-case ASCII word w. */
    private static boolean ci(String s, int i, String w) {
        return s.regionMatches(true, i, w, 0, w.length());
    }

    static boolean has(long a, long bits) {
        return (a & bits) == bits;
    }

    static boolean any(long a, long bits) {
        return (a & bits) != 0;
    }
}
