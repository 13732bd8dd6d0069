package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One classification's pass over a log: the anchor automaton runs over every character once; only lines with an
 * anchor hit are cleaned and checked against their rows' regexes. Holds the best evidence per class, torchrun
 * report context (which section we are in, the root-cause block being read) and whether a save frame was seen.
 * Not thread-safe: one instance per call. Memory is bounded by the number of classes, not the log.
 */
final class FailureScan {

    private static final List<FailureRule> RULES = FailureSignals.RULES;
    private static final FailureAnchors ANCHORS = new FailureAnchors(RULES);
    private static final int MAX_LINE = LineNormalizer.MAX_LINE;
    private static final int EVIDENCE_CHARS = 500;
    private static final int PREVIOUS = 5;
    private static final int CHUNK = 4096;

    /** "loss: nan", "'grad_norm': nan", "train/loss=NaN", "Loss is tensor(nan, ...)": a loss-like key with a NaN/Inf value. */
    static final Pattern KEY_NAN = Pattern.compile("(?i)(?<![\\w])([\\w/.\\[\\]-]{0,40}?(?:loss|grad[_ ]?norm|gnorm"
            + "|ppl|perplexity|norm|reward|elbo|objective))[\\w/.\\]-]{0,20}['\"]?\\s*(?:[:=]|\\bis\\b)?\\s*['\"]?"
            + "(?:tensor\\(\\[?)?\\[?[-+]?(?:nan|inf)\\b(?!\\s*-->)");
    /** A row of numbers in which some are NaN (tables printed without keys). */
    private static final Pattern NUMERIC_ROW = Pattern.compile("(?i)^[\\s\\d.,:;|\\[\\]()e+-]*(?:nan[\\s\\d.,:;|\\[\\]()e+-]*)+$");
    private static final Pattern TENSOR_NAN = Pattern.compile("(?i)tensor\\(\\[*nan\\b");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** What a class has for it: the best weight and up to three lines that carried it (first two, latest). */
    private static final class Score {
        int weight;
        final List<Evidence> lines = new ArrayList<>(3);

        void add(int w, Evidence e) {
            if (w > weight) {
                weight = w;
                lines.clear();
            }
            if (w == weight && !lines.contains(e)) {
                if (lines.size() == 3) {
                    lines.set(2, e);
                } else {
                    lines.add(e);
                }
            }
        }
    }

    /** A deciding line, or a torchrun report block that grows as its fields are read. Identity-compared. */
    private static final class Evidence {
        private final StringBuilder text = new StringBuilder();

        Evidence(String first) {
            append(first);
        }

        void append(String s) {
            if (text.length() < EVIDENCE_CHARS) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(s.strip());
            }
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private enum Section { NONE, FAILURES, ROOT }

    private final ProgressParser progress;
    private final int[] hitRules = new int[RULES.size()];
    private final int[] stamp = new int[RULES.size()];
    private int hitCount;
    private int lineNo = 1;
    private int lastHitEnd;
    private boolean nonAscii;

    private Score[] scores = new Score[FailureClass.values().length];
    /** A shell's missing program or file, weighed at the end by how long the job went on after it. */
    private record ShellMiss(FailureClass cls, int weight, boolean hard, String line, int atLine) { }
    private static final int MAX_SHELL_MISSES = 16;
    /** Non-blank lines after a shell's miss that show the job went on. */
    private static final int WENT_ON_LINES = 20;
    private final List<ShellMiss> shellMisses = new ArrayList<>();
    /** Progress lines after a logger's error-level line that show training went on past it. */
    private static final int WENT_ON_PROGRESS = 1;
    /** A logger's error-level line seen; how many progress lines followed the latest one. */
    private boolean loggedError;
    private int progressAfterLogged;
    private boolean hard;
    private int lines;
    private boolean sawSave;
    /** The line of the latest frame that opened a checkpoint's archive, -1 when none (see LOAD_FRAME). */
    private int loadFrameLine = -1;
    private int loadFrameWeight;
    /** Lines from a checkpoint-opening frame to the exception ending its traceback, at most. */
    private static final int LOAD_FRAME_REACH = 8;
    /** The trainer raised its own exception: a termination signal after it is its launcher's cleanup. */
    private boolean sawException;
    private boolean exceptionBefore; // sawException as the current line began
    private Section section = Section.NONE;
    private Evidence block;
    private Evidence lineEvidence;
    private int softLine = -1;

    // the few lines before the current one, for the start of a torchrun report block
    private final String[] prevText = new String[PREVIOUS];
    private final int[] prevStart = new int[PREVIOUS];
    private final int[] prevEnd = new int[PREVIOUS];
    private int prevNext;
    /** Bulk copy of the text being scanned, a chunk at a time. */
    private final char[] buf = new char[CHUNK];

    FailureScan(ProgressParser progress) {
        this.progress = progress;
    }

    /** Scans t from offset from; \n, \r\n and \r end lines, and so does the end of t. */
    void feed(String t, int from) {
        // the hot loop reads a bulk-copied char[] through local array references: String.charAt's coder and
        // bounds checks and the automaton's field loads (reloaded after every call in the loop) cost more than
        // the transition itself
        final byte[] symbols = ANCHORS.symbols();
        final int[] next = ANCHORS.transitions();
        final char[] chunk = buf;
        int n = t.length();
        int base = 0;
        int start = from;
        for (int off = from; off < n; off += chunk.length) {
            int len = Math.min(chunk.length, n - off);
            t.getChars(off, off + len, chunk, 0);
            for (int j = 0; j < len; j++) {
                int k = symbols[chunk[j]];
                if (k == FailureAnchors.LINE_BREAK) {
                    int i = off + j;
                    endLine(t, start, i);
                    start = i + 1;
                    base = 0;
                    continue;
                }
                int v = next[base + k];
                if (v >= 0) {
                    base = v;
                    continue;
                }
                base = ~v;
                hits(t, base, off + j);
            }
        }
        endLine(t, start, n);
    }

    /** Records the rows whose anchors end at t[i] (once per row and line), if the anchor sits in its bounds. */
    private void hits(String t, int base, int i) {
        for (int code : ANCHORS.hitsAt(base)) {
            int id = code >>> 8;
            if (stamp[id] != lineNo && inBounds(RULES.get(id).bounds(), t, i - (code & 0xFF) + 1, i + 1)) {
                stamp[id] = lineNo;
                hitRules[hitCount++] = id;
                lastHitEnd = i + 1;
            }
        }
    }

    /** Whether the anchor at t[from, to) sits where its row wants it (checked before any substring is made). */
    private static boolean inBounds(FailureRule.Bounds b, String t, int from, int to) {
        if (b == FailureRule.Bounds.NONE) {
            return true;
        }
        if (to < t.length() && isWordChar(t.charAt(to))) {
            return false;
        }
        if (b == FailureRule.Bounds.NAME_END) {
            return nameEnd(t, to);
        }
        return b == FailureRule.Bounds.END || from == 0 || !isWordChar(t.charAt(from - 1));
    }

    /** ':' right after, or only blanks to the line's end; an escape code may hide either, so it passes too. */
    private static boolean nameEnd(String t, int to) {
        int n = t.length();
        if (to < n && t.charAt(to) == ':') {
            return true;
        }
        for (int i = to; i < n; i++) {
            char c = t.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u001B' || c == '\u009B') {
                return true;
            }
            if (!Character.isWhitespace(c)) { // as exceptionName reads the rest of the line
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private void endLine(String t, int start, int end) {
        if (end > start) {
            lines++;
            // an open report block needs its next fields; a short non-ASCII line may be a localised "Killed"
            nonAscii = hitCount == 0 && block == null && end - start < 64 && hasNonAscii(t, start, end);
            if (hitCount > 0 || block != null || nonAscii) {
                process(t, start, end);
            }
            if (loggedError && progressAfterLogged < WENT_ON_PROGRESS && progressLine(t, start, end)) {
                progressAfterLogged++;
            }
            prevText[prevNext] = t;
            prevStart[prevNext] = start;
            prevEnd[prevNext] = end;
            prevNext = (prevNext + 1) % PREVIOUS;
        }
        hitCount = 0;
        nonAscii = false;
        lineNo++;
    }

    /** A line the progress parser reads a step or a loss from (looked at only after a logged error). */
    private boolean progressLine(String t, int start, int end) {
        if (end - start > MAX_LINE) {
            return false;
        }
        return progress.parseLine(t.substring(start, end))
                .filter(p -> p.step() != null || p.loss() != null).isPresent();
    }

    private static boolean hasNonAscii(String t, int start, int end) {
        for (int i = start; i < end; i++) {
            if (t.charAt(i) >= 128) {
                return true;
            }
        }
        return false;
    }

    private static String cleanWindow(String t, int start, int end, int hitEnd) {
        int from = start;
        int to = end;
        if (end - start > MAX_LINE) { // a huge line: look around its last anchor only
            to = Math.min(end, Math.max(start, hitEnd) + MAX_LINE / 2);
            from = Math.max(start, to - MAX_LINE);
        }
        String line = LineNormalizer.clean(t.substring(from, to));
        return mayHaveRankPrefix(line) ? LineNormalizer.stripRankPrefix(line) : line;
    }

    /** Launcher prefixes start with '[', a digit or "rank": skip the prefix regex for every other line. */
    private static boolean mayHaveRankPrefix(String line) {
        if (line.isEmpty()) {
            return false;
        }
        char c = line.charAt(0);
        return c == '[' || c == 'r' || c == 'R' || (c >= '0' && c <= '9');
    }

    private void process(String t, int start, int end) {
        String line = cleanWindow(t, start, end, lastHitEnd);
        if (line.isBlank()) {
            return;
        }
        lineEvidence = null;
        softLine = -1;
        boolean field = (block != null || hitsExitCode()) && FailureSignals.REPORT_FIELD.matcher(line).find();
        if (block != null) {
            if (field) {
                block.append(line);
            } else {
                block = null; // the report block ended
            }
        }
        if (nonAscii && FailureSignals.LOCALISED_KILLED.matcher(line).find()) {
            add(FailureClass.HOST_OOM, 3, line);
        }
        exceptionBefore = sawException;
        for (int k = 0; k < hitCount; k++) {
            apply(RULES.get(hitRules[k]), line, field);
        }
    }

    private boolean hitsExitCode() {
        for (int k = 0; k < hitCount; k++) {
            if (RULES.get(hitRules[k]).kind() == FailureRule.Kind.EXIT_CODE) {
                return true;
            }
        }
        return false;
    }

    private void apply(FailureRule rule, String line, boolean field) {
        Pattern p = rule.confirm();
        switch (rule.kind()) {
            case PLAIN -> {
                if (p == null || p.matcher(line).find()) {
                    add(rule.cls(), rule.weight(), line);
                }
            }
            case EXCEPTION -> {
                String name = exceptionName(line);
                if (name != null) {
                    boolean wrapper = FailureSignals.WRAPPER_EXCEPTIONS.contains(name);
                    add(FailureClass.OTHER_ERROR, wrapper ? 1 : rule.weight(), line);
                    sawException |= !wrapper;
                    if (!wrapper && loadFrameLine >= 0 && lines - loadFrameLine <= LOAD_FRAME_REACH) {
                        add(FailureClass.CHECKPOINT_CORRUPT, loadFrameWeight, line);
                    }
                }
            }
            case NAN_PHRASE -> {
                if (nanAfterVerb(line)) {
                    add(FailureClass.NAN_LOSS, rule.weight(), line);
                }
            }
            case EXIT_CODE -> {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    if (field && block == null) {
                        block = openBlock(line);
                    }
                    exitCode(m.group(1), line);
                }
            }
            case NAN_VALUE -> {
                if (nanValue(line)) {
                    add(FailureClass.NAN_LOSS, rule.weight(), line);
                }
            }
            case LOSS_SCALE -> {
                Matcher m = scaleNotice(p, line);
                if (m != null && parse(m.group(1)) <= 1.0) {
                    add(FailureClass.NAN_LOSS, rule.weight(), line);
                }
            }
            case SIGNAL_REPORT -> {
                if (p == null || p.matcher(line).find()) {
                    // after the trainer's own exception, its launcher's cleanup (as torchrun's "closing signal")
                    add(rule.cls(), exceptionBefore ? 1 : rule.weight(), line);
                }
            }
            case SAVE_FRAME -> sawSave = true;
            case LOAD_FRAME -> {
                if (p == null || p.matcher(line).find()) {
                    loadFrameLine = lines;
                    loadFrameWeight = rule.weight();
                }
            }
            case IO_FAIL -> {
                if (sawSave) {
                    add(FailureClass.DISK_FULL, rule.weight(), line);
                }
            }
            case FAILURES_SECTION -> {
                if (p.matcher(line).find()) {
                    section = Section.FAILURES;
                }
            }
            case ROOT_SECTION -> {
                if (p.matcher(line).find()) {
                    section = Section.ROOT;
                }
            }
            case ATTEMPT -> {
                if (line.startsWith("=== babysitter attempt")) {
                    reset(); // an earlier attempt's crash is not this attempt's
                }
            }
            case LOGGED_ERROR -> {
                if (warning(rule.cls(), line)) {
                    add(rule.cls(), rule.weight(), line); // a warning's words: never hard
                } else {
                    // weighed now, hard only if training did not go on after the latest one (see result())
                    loggedError = true;
                    progressAfterLogged = 0;
                    evidence(rule.cls(), section == Section.FAILURES ? 1 : rule.weight(), line);
                }
            }
            case SHELL_MISS -> {
                if ((p == null || p.matcher(line).find()) && shellMisses.size() < MAX_SHELL_MISSES) {
                    // weighed as add() would now; counted at the end
                    boolean warning = warning(rule.cls(), line);
                    int w = warning || section == Section.FAILURES ? Math.min(rule.weight(), 1) : rule.weight();
                    shellMisses.add(new ShellMiss(rule.cls(), w, !warning, line, lines));
                }
            }
        }
    }

    /**
     * The loss scaler's notice ("reducing loss scale to 0.5", "setting loss scale to: 1"), as {@code p.find()} would
     * give it, or null: tried only where its verb starts instead of at every position of the line.
     */
    static Matcher scaleNotice(Pattern p, String line) {
        Matcher m = p.matcher(line);
        int n = line.length();
        int from = 0;
        while (from < n) {
            int r = line.indexOf("educing", from + 1) - 1; // R or r before it
            int s = line.indexOf("setting", from);
            while (r >= from && line.charAt(r) != 'r' && line.charAt(r) != 'R') {
                r = line.indexOf("educing", r + 2) - 1;
            }
            int at = r < from ? s : s < 0 ? r : Math.min(r, s);
            if (at < 0) {
                return null;
            }
            if (m.region(at, n).lookingAt()) {
                return m;
            }
            from = at + 1;
        }
        return null;
    }

    /** A rank's exit code says little by itself: SIGKILL has many senders, SIGTERM/SIGHUP come from outside. */
    private void exitCode(String code, String line) {
        int c;
        try {
            c = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return;
        }
        if (c == -15 || c == -1 || c == 143) {
            add(FailureClass.PREEMPTION_SIGTERM, 3, line);
        } else if (c == 127) {
            add(FailureClass.MISSING_DEPENDENCY, 3, line);
        } else if (c < 0) {
            // A rank killed by a signal is a cause wherever torchrun lists it: its peers die of
            // exceptions ("Connection closed/reset by peer", which read as a collective's
            // failure), and "Root Cause" picks the earliest failure by whole-second timestamps,
            // so a tie blames the lower rank's exit 1. SIGKILL outweighs those consequences;
            // host OOM evidence (same weight, earlier in PRIORITY) still names the sender.
            // SIGABRT (-6) is often NCCL's own watchdog, so it does not.
            add(FailureClass.OTHER_ERROR, c == -9 ? 4 : 3, line, true);
        } else if (c > 0) {
            add(FailureClass.OTHER_ERROR, 1, line);
        }
    }

    private Evidence openBlock(String line) {
        List<String> before = new ArrayList<>();
        for (int k = 1; k <= PREVIOUS; k++) {
            int slot = Math.floorMod(prevNext - k, PREVIOUS);
            if (prevText[slot] == null) {
                break;
            }
            String prev = cleanWindow(prevText[slot], prevStart[slot], prevEnd[slot], prevEnd[slot]);
            if (!FailureSignals.REPORT_FIELD.matcher(prev).find()) {
                break;
            }
            before.add(0, prev);
        }
        Evidence e = new Evidence(before.isEmpty() ? line : before.get(0));
        for (int k = 1; k < before.size(); k++) {
            e.append(before.get(k));
        }
        if (!before.isEmpty()) {
            e.append(line);
        }
        lineEvidence = e;
        return e;
    }

    private void add(FailureClass cls, int weight, String line) {
        add(cls, weight, line, false);
    }

    private void add(FailureClass cls, int weight, String line, boolean cause) {
        int w = weight;
        if (warning(cls, line) || cls == FailureClass.NAN_LOSS && batchSkipped(line)) {
            // a warning can explain a crash, never raise one; a trainer's NaN guard skipping a batch is at work
            w = Math.min(w, 1);
        } else {
            hard = true;
        }
        if (section == Section.FAILURES && !cause) {
            w = Math.min(w, 1); // other ranks' failures are consequences of the root cause
        }
        evidence(cls, w, line);
    }

    private void evidence(FailureClass cls, int w, String line) {
        if (w <= 0) {
            return;
        }
        Evidence e = block != null ? block : lineEvidence;
        if (e == null) {
            e = new Evidence(line);
            lineEvidence = e;
        }
        scoreOf(cls).add(w, e);
    }

    /** A class a warning can explain but never raise, said in a warning's or a retry's words. */
    private boolean warning(FailureClass cls, String line) {
        return FailureSignals.SOFTENED_IN_WARNINGS.contains(cls) && soft(line);
    }

    /** {@link FailureSignals#NAN_BATCH_SKIPPED}'s find, started where its leading "skip" first occurs. */
    static boolean batchSkipped(String line) {
        int at = indexOfIgnoreCase(line, 0, line.length(), "skip");
        return at >= 0 && FailureSignals.NAN_BATCH_SKIPPED.matcher(line).region(at, line.length())
                .useTransparentBounds(true).useAnchoringBounds(false).find();
    }

    private Score scoreOf(FailureClass cls) {
        Score s = scores[cls.ordinal()];
        if (s == null) {
            s = new Score();
            scores[cls.ordinal()] = s;
        }
        return s;
    }

    /** Whether the current line is a warning or a retry notice (computed once per line, when first needed). */
    private boolean soft(String line) {
        if (softLine < 0) {
            softLine = 0;
            for (String m : FailureSignals.WARNING_MARKERS) {
                if (line.contains(m)) {
                    softLine = 1;
                    break;
                }
            }
            if (softLine == 0 && line.indexOf('W') >= 0 && FailureSignals.GLOG_WARNING.matcher(line).find()) {
                softLine = 1;
            }
        }
        return softLine == 1;
    }

    /** NaN or Inf as the value of a loss-like quantity, a NaN table row, or whatever the progress parsers read as NaN. */
    private boolean nanValue(String line) {
        if (!hasNanToken(line)) {
            return false;
        }
        int keyAt = firstNanKey(line);
        if (keyAt >= 0) {
            // the key the regex needs, looked for before its costly scan, which starts where a match can: a key's
            // word sits at most 40 characters into it (lookbehind still sees the characters before)
            Matcher m = KEY_NAN.matcher(line).region(Math.max(0, keyAt - 40), line.length())
                    .useTransparentBounds(true).useAnchoringBounds(false);
            while (m.find()) {
                String key = m.group(1).toLowerCase(java.util.Locale.ROOT);
                if (!key.contains("best") && !key.contains("min") && !key.contains("lowest")) {
                    return true; // "best_loss: inf" is an initial value, not a divergence
                }
            }
        }
        if (TENSOR_NAN.matcher(line).find() || NUMERIC_ROW.matcher(line).matches() || nanUnderLossColumn(line)) {
            return true;
        }
        return line.length() < 2048 && progress.parseLine(line).map(Progress::nanInf).orElse(false);
    }

    /**
     * A row whose cell under a loss column of the header just above it is nan or inf (ultralytics' "Epoch GPU_mem
     * box_loss cls_loss dfl_loss ..." over "1/1000  17.2G  nan  nan  nan  55  640: 100%|.."): the columns are counted
     * by blank-separated tokens, as such tables print them.
     */
    private boolean nanUnderLossColumn(String line) {
        for (int k = 1; k <= PREVIOUS; k++) {
            int slot = Math.floorMod(prevNext - k, PREVIOUS);
            if (prevText[slot] == null) {
                return false;
            }
            if (!containsIgnoreCase(prevText[slot], prevStart[slot], prevEnd[slot], "loss")) {
                continue; // no loss column: lossHeader would say no, without the split
            }
            String[] names = WHITESPACE.split(prevText[slot].substring(prevStart[slot], prevEnd[slot]).strip());
            if (names.length < 3 || names.length > 24 || !lossHeader(names)) {
                continue;
            }
            String[] cells = WHITESPACE.split(line.strip());
            for (int c = 0; c < names.length && c < cells.length; c++) {
                String cell = cells[c];
                if (names[c].toLowerCase(java.util.Locale.ROOT).contains("loss") && (cell.equalsIgnoreCase("nan")
                        || cell.equalsIgnoreCase("inf") || cell.equalsIgnoreCase("-inf"))) {
                    return true;
                }
            }
            return false; // the nearest header decides
        }
        return false;
    }

    /**
     * Where the first of the words {@link #KEY_NAN}'s keys end with starts (grad_norm and gnorm hold "norm"), or -1
     * when the line holds none.
     */
    static int firstNanKey(String line) {
        int first = -1;
        for (String k : NAN_KEY_WORDS) {
            int i = indexOfIgnoreCase(line, 0, first < 0 ? line.length() : first + k.length() - 1, k);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }

    private static final String[] NAN_KEY_WORDS = {"loss", "norm", "ppl", "perplexity", "reward", "elbo", "objective"};

    static boolean containsIgnoreCase(String s, int from, int to, String w) {
        return indexOfIgnoreCase(s, from, to, w) >= 0;
    }

    /**
     * Where the lower-case ASCII word w first occurs in s[from, to) in any case, or -1. Its first letter is matched
     * in ASCII case only, as a (?i) regex does; the rest with regionMatches, which accepts at least as much.
     */
    static int indexOfIgnoreCase(String s, int from, int to, String w) {
        char first = w.charAt(0);
        char upper = Character.toUpperCase(first);
        for (int i = from, last = Math.min(to, s.length()) - w.length(); i <= last; i++) {
            char ch = s.charAt(i);
            if ((ch == first || ch == upper) && s.regionMatches(true, i + 1, w, 1, w.length() - 1)) {
                return i;
            }
        }
        return -1;
    }

    /** A table header: every token a name (no digit first, no separator), one of them a loss. */
    private static boolean lossHeader(String[] names) {
        boolean loss = false;
        for (String n : names) {
            if (n.isEmpty() || !Character.isLetter(n.charAt(0)) || n.indexOf(':') >= 0 || n.indexOf('=') >= 0) {
                return false;
            }
            loss |= n.toLowerCase(java.util.Locale.ROOT).contains("loss");
        }
        return loss;
    }

    /**
     * The exception class of a line that starts with one ("ValueError: x", "torch.OutOfMemoryError: y",
     * "asyncio.exceptions.CancelledError"), or null. Hand-written: a regex over dotted names backtracks badly.
     */
    static String exceptionName(String line) {
        int n = line.length();
        int i = 0;
        while (i < n && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        int segment = i;
        int j = i;
        while (j < n && (line.charAt(j) == '.' || line.charAt(j) == '_' || Character.isLetterOrDigit(line.charAt(j)))) {
            if (line.charAt(j) == '.') {
                segment = j + 1;
            }
            j++;
        }
        if (segment >= j || !Character.isUpperCase(line.charAt(segment))) {
            return null;
        }
        String name = line.substring(segment, j);
        if (name.length() <= 5 || !(name.endsWith("Error") || name.endsWith("Exception")) || name.equals("Exception")) {
            return null;
        }
        if (j < n && line.charAt(j) != ':') {
            for (int k = j; k < n; k++) {
                if (!Character.isWhitespace(line.charAt(k))) {
                    return null;
                }
            }
        }
        return name;
    }

    private static final java.util.Set<String> NAN_VERBS = java.util.Set.of("is", "are", "became", "becomes", "become",
            "got", "gets", "returned", "produced", "contain", "contains", "has", "have", "output", "outputs", "to");

    /** "loss is NaN", "outputs is NAN!", "became nan": a NaN word right after a verb (not "nan iterations"). */
    static boolean nanAfterVerb(String line) {
        int n = line.length();
        for (int i = line.indexOf('n') < 0 && line.indexOf('N') < 0 ? n : 0; i + 3 <= n; i++) {
            if (!line.regionMatches(true, i, "nan", 0, 3)
                    || (i > 0 && Character.isLetterOrDigit(line.charAt(i - 1)))) {
                continue;
            }
            int end = i + 3;
            if (end < n && (line.charAt(end) == 's' || line.charAt(end) == 'S')) {
                end++;
            }
            if (end < n && Character.isLetterOrDigit(line.charAt(end))) {
                continue;
            }
            if (line.regionMatches(true, end, " iterations", 0, 11)) {
                continue;
            }
            int verb = wordStartBefore(line, i);
            String prev = wordBefore(line, i);
            if (prev.equals("a") || prev.equals("all")) { // "produced a NaN", "are all nan"
                prev = wordBefore(line, verb);
                verb = wordStartBefore(line, verb);
            }
            if (NAN_VERBS.contains(prev) && !DATA_SUBJECTS.contains(wordBefore(line, verb))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What holds data rather than the model's state: "[warn] OOF has NaN at indices: [0 1 2 ..]" (a tabular job's
     * out-of-fold predictions, left unscored) says nothing about the training's numbers.
     */
    private static final java.util.Set<String> DATA_SUBJECTS = java.util.Set.of("oof", "input", "inputs", "data",
            "dataset", "dataframe", "df", "feature", "features", "column", "columns", "label", "labels", "target",
            "targets");

    /** Where the run of letters before {@code at} (blanks skipped) starts; right after the blanks when none. */
    private static int wordStartBefore(String line, int at) {
        int b = at - 1;
        while (b >= 0 && line.charAt(b) == ' ') {
            b--;
        }
        while (b >= 0 && Character.isLetter(line.charAt(b))) {
            b--;
        }
        return b + 1;
    }

    /** The lower-case run of letters before {@code at} (blanks skipped), or "". */
    private static String wordBefore(String line, int at) {
        int start = wordStartBefore(line, at);
        int end = at;
        while (end > start && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * "nan"/"inf" standing alone as a value (not "nano", "INFO", "infer"; not "nan iterations: 0", where nothing
     * assigns it and the word after it says it is part of a counter's name).
     */
    static boolean hasNanToken(String s) {
        int n = s.length();
        for (int i = 0; i + 3 <= n; i++) {
            char a = s.charAt(i);
            if (a != 'n' && a != 'N' && a != 'i' && a != 'I') {
                continue;
            }
            if (!s.regionMatches(true, i, "nan", 0, 3) && !s.regionMatches(true, i, "inf", 0, 3)) {
                continue;
            }
            int e = i + 3;
            int x = e;
            while (x < n && x - i < 6 && s.charAt(x) == 'x') {
                x++;
            }
            if (x > e && (x == n || !Character.isLetterOrDigit(s.charAt(x)) && s.charAt(x) != '_')) {
                e = x; // PaddleOCR pads each value to six characters with 'x': "loss: nanxxx"
            }
            if ((i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '_'))
                    || (e < n && (Character.isLetter(s.charAt(e)) || s.charAt(e) == '_'))) {
                continue;
            }
            int b = i - 1;
            while (b >= 0 && (s.charAt(b) == ' ' || s.charAt(b) == '\'' || s.charAt(b) == '"' || s.charAt(b) == '-'
                    || s.charAt(b) == '+')) {
                b--;
            }
            if (b >= 0 && ":=([".indexOf(s.charAt(b)) >= 0) {
                return true; // "loss=NaN lr=..", "'loss': nan", "tensor(nan"
            }
            if (b >= 3 && s.regionMatches(true, b - 3, "loss", 0, 4)) {
                return true; // "Loss nan Main Loss nan Accuracy 0.27": a key and its value, blank-separated
            }
            int j = e;
            while (j < n && s.charAt(j) == ' ') {
                j++;
            }
            if (j == n || !Character.isLetter(s.charAt(j))) {
                return true;
            }
        }
        return false;
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.endsWith(".") || s.endsWith(",") ? s.substring(0, s.length() - 1) : s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private void reset() {
        scores = new Score[FailureClass.values().length];
        shellMisses.clear();
        loggedError = false;
        progressAfterLogged = 0;
        hard = false;
        sawSave = false;
        loadFrameLine = -1;
        sawException = false;
        section = Section.NONE;
        block = null;
    }

    Classification result() {
        for (ShellMiss m : shellMisses) {
            // a job that went on long after its shell missed something did not stop there: the miss can explain a
            // crash after it, never raise one (an optional tool, a stale activate path, conda's init noise)
            boolean wentOn = lines - m.atLine() >= WENT_ON_LINES;
            hard |= m.hard() && !wentOn;
            scoreOf(m.cls()).add(wentOn ? Math.min(m.weight(), 1) : m.weight(), new Evidence(m.line()));
        }
        shellMisses.clear();
        // an error the trainer logged and trained on past is not what ended the log
        hard |= loggedError && progressAfterLogged < WENT_ON_PROGRESS;
        if (!hard) {
            return new Classification(FailureClass.HEALTHY, "", lines == 0 ? 0.5 : 0.85);
        }
        FailureClass best = null;
        int bestWeight = 0;
        for (FailureClass c : FailureSignals.PRIORITY) {
            Score s = scores[c.ordinal()];
            if (s != null && s.weight > bestWeight) {
                best = c;
                bestWeight = s.weight;
            }
        }
        if (best == null) {
            return new Classification(FailureClass.HEALTHY, "", 0.85);
        }
        StringBuilder ev = new StringBuilder();
        for (Evidence e : scores[best.ordinal()].lines) {
            if (!ev.isEmpty()) {
                ev.append('\n');
            }
            ev.append(WHITESPACE.matcher(e.toString()).replaceAll(" "));
        }
        return new Classification(best, ev.toString(), confidence(bestWeight));
    }

    private static double confidence(int weight) {
        return switch (weight) {
            case 5 -> 0.97;
            case 4 -> 0.9;
            case 3 -> 0.8;
            case 2 -> 0.6;
            default -> 0.45;
        };
    }
}
