package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracts training progress (step, total, loss, rate, eval loss) from log lines of many frameworks.
 * Auto-detects the format per line, or is forced to one. Never throws: unparseable input gives empty.
 */
public final class ProgressParser {

    // most specific first: the generic tqdm bar would also match e.g. a Lightning or torchtune line
    // NeMo before Megatron: NeMo 2's "iteration 12/100 |" would otherwise read as a Megatron line without loss
    private static final List<FormatRule> RULES = List.of(
            new NemoRule(), new MegatronRule(), new DeepSpeedRule(), new TorchtitanRule(), new LevanterRule(),
            new ComposerRule(), new MmengineRule(), new MetricLoggerRule(), new HfDictRule(), new NanoGptRule(),
            new MiscTrainerRule(), new KerasRule(), new BoostingRule(), new NerfstudioRule(), new StepSplitValueRule(),
            new DarknetRule(), new NgcfRule(), new ColbertRule(), new VitsListRule(), new MatlabRule(), new TqdmBarRule(),
            new BareCountersRule(), new HfNotebookRule(), new BracketCounterRule(), new KeyValueRule());

    private final String forced;
    private final List<FormatRule> rules;
    // the rules as an array with each one's gate masks (FormatRule.needsAll / needsAny), tested before mayMatch
    private final FormatRule[] ruleArray;
    private final long[] needAll;
    private final long[] needAny;
    private final CustomRegexRule custom;
    /** The key=value rule a lone step line is read under, or null when a forced format leaves it out. */
    private final FormatRule keyValue;

    public ProgressParser() {
        this(null, null);
    }

    /** @param forcedFormat one of {@link #formats()}, or null to auto-detect */
    public ProgressParser(String forcedFormat) {
        this(forcedFormat, null);
    }

    /**
     * @param forcedFormat one of {@link #formats()}, or null to auto-detect
     * @param customRegex  a regex with named groups (see {@link #withRegex}) tried before any built-in rule, or null
     * @throws IllegalArgumentException for an unknown format or a bad regex, with a message fit for the user
     */
    public ProgressParser(String forcedFormat, String customRegex) {
        String f = forcedFormat == null || forcedFormat.isBlank() ? null : forcedFormat.trim();
        this.custom = customRegex == null || customRegex.isBlank() ? null : new CustomRegexRule(customRegex);
        if (CustomRegexRule.FORMAT.equals(f)) {
            if (custom == null) {
                throw new IllegalArgumentException("format 'custom' needs a progress regex");
            }
            f = null; // custom only: no built-in rule
        }
        this.forced = f;
        List<FormatRule> chosen = new ArrayList<>();
        if (custom != null) {
            chosen.add(custom);
        }
        boolean customOnly = custom != null && CustomRegexRule.FORMAT.equals(forcedFormat == null ? null : forcedFormat.trim());
        for (FormatRule r : RULES) {
            if (!customOnly && (forced == null || r.names().contains(forced))) {
                chosen.add(r);
            }
        }
        if (forced != null && chosen.size() == (custom == null ? 0 : 1)) {
            throw new IllegalArgumentException("unknown progress format: " + forcedFormat + "; known: " + formats());
        }
        this.rules = List.copyOf(chosen);
        this.keyValue = rules.stream().filter(r -> r instanceof KeyValueRule).findFirst().orElse(null);
        this.ruleArray = rules.toArray(new FormatRule[0]);
        this.needAll = new long[ruleArray.length];
        this.needAny = new long[ruleArray.length];
        for (int i = 0; i < ruleArray.length; i++) {
            needAll[i] = ruleArray[i].needsAll();
            needAny[i] = ruleArray[i].needsAny();
        }
    }

    /**
     * A parser for a home-made training loop: {@code regex} has named groups among {@code step} (global step) or
     * {@code batch} (batch within the epoch), {@code total}, {@code epoch}, {@code loss}, {@code eval_loss},
     * {@code rate} and {@code rate_unit}; it takes precedence over the built-in rules, which still read lines it
     * does not match.
     *
     * @throws IllegalArgumentException when the regex does not compile or names no usable group
     */
    public static ProgressParser withRegex(String regex) {
        if (regex == null || regex.isBlank()) {
            throw new IllegalArgumentException("progress regex is empty");
        }
        return new ProgressParser(null, regex);
    }

    /** Which rule matched which line: 1-based line number, rule, format, the reading and the cleaned line. */
    public record Explanation(int lineNumber, String rule, String format, Progress progress, String line) {
    }

    /**
     * One {@link Explanation} per line that some rule understood, in order; never throws. A multi-line dict is
     * explained once, at its last line, with the joined text.
     */
    public List<Explanation> explain(List<String> lines) {
        List<Explanation> out = new ArrayList<>();
        walk(lines, (m, n) -> {
            String text = m.clean.length() > 200 ? m.clean.substring(0, 200) + "…" : m.clean;
            out.add(new Explanation(n, m.rule.getClass().getSimpleName(), m.progress.format(), m.progress, text));
        });
        return out;
    }

    private record Match(FormatRule rule, Progress progress, String clean) {
    }

    /** All format names this parser can report, each once (llm.c's stdout and main.log are two rules' lines). */
    public static List<String> formats() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (FormatRule r : RULES) {
            out.addAll(r.names());
        }
        return List.copyOf(out);
    }

    /** Parses one physical line; for \r-joined tqdm updates only the last non-blank update counts. */
    public Optional<Progress> parseLine(String line) {
        Match m = match(line);
        return m == null ? Optional.empty() : Optional.of(m.progress);
    }

    private Match match(String line) {
        MetricScanner.Work work = MetricScanner.work(); // looked up once per line
        work.forgetLone();
        try {
            if (line == null || line.isEmpty()) {
                return null;
            }
            if (line.indexOf('^') >= 0) {
                line = caretM(line);
            }
            int end = line.length();
            int cut = lastBreak(line, end);
            while (cut >= 0 && isBlank(line, cut + 1, end)) { // trailing "\r" or blank updates
                end = cut;
                cut = lastBreak(line, end);
            }
            if (isBlank(line, cut + 1, end)) {
                return null;
            }
            Match m = matchSegment(work, line, cut + 1, end);
            if (m != null && m.progress.step() == null && cut >= 0) {
                // "  5%|▌ | 50/1000 [..]\r{'loss': 2.3, ...}": HF Trainer prints the dict right after a bar update;
                // the bar's step belongs to the dict
                Match bar = barBefore(work, line, cut);
                if (bar != null) {
                    Progress p = m.progress;
                    Progress b = bar.progress;
                    m = new Match(m.rule, Progress.of(p.format(), b.step(), b.stepKind(),
                            p.epoch() != null ? p.epoch() : b.epoch(), b.total(), p.loss(),
                            p.rate() != null ? p.rate() : b.rate(), p.evalLoss()), m.clean);
                }
            }
            return m;
        } catch (RuntimeException | StackOverflowError e) {
            return null; // a log line must never take the watcher down
        }
    }

    /** The latest tqdm update (with a step) among the few \r segments before {@code end}, or null. */
    private Match barBefore(MetricScanner.Work work, String line, int end) {
        for (int tries = 0; tries < 4 && end > 0; tries++) {
            int cut = lastBreak(line, end);
            if (!isBlank(line, cut + 1, end)) {
                Match b = matchSegment(work, line, cut + 1, end);
                if (b != null && b.progress.step() != null && b.rule instanceof TqdmBarRule) {
                    return b;
                }
                if (b != null) {
                    return null;
                }
            }
            end = cut < 0 ? 0 : cut;
        }
        return null;
    }

    private Match matchSegment(MetricScanner.Work work, String line, int from, int to) {
        // only the tail of a huge segment matters (and bounds the copy)
        String seg = line.substring(Math.max(from, to - 4 * LineNormalizer.MAX_LINE), to);
        // one pass over the chars gives every rule's gate its bits (Anchors) and says whether the line needs
        // cleaning at all; most lines do not, and then the same pass serves the cleaned line
        char[] buf = work.chars(seg); // the thread's copy of seg, read by both passes below
        if (numberless(seg, buf)) {
            return null; // as the DIGIT | NANINF test below would say, without the anchor pass (a fifth of lines)
        }
        long anchors = Anchors.of(seg, buf);
        String clean = seg;
        // ESC and the other ASCII controls count too: "step: 100 \e[32mloss\e[0m: 2.3" (colour) is read cleaned
        if ((anchors & (Anchors.CONTROL | Anchors.ASCII_CONTROL)) != 0 || seg.length() > LineNormalizer.MAX_LINE
                || edgeBlank(seg)
                || LineNormalizer.hasRankPrefix(seg)) {
            if ((anchors & (Anchors.CONTROL | Anchors.ASCII_CONTROL)) == 0 && seg.length() <= LineNormalizer.MAX_LINE) {
                // LineNormalizer.clean would give seg back: the cleaned line is a slice of seg (blanks and a rank
                // prefix cut off), whose anchors are read from the buffer that still holds seg
                int lead = 0;
                while (lead < seg.length() && Character.isWhitespace(buf[lead])) { // as strip: no surrogate is blank
                    lead++;
                }
                String stripped = seg.strip();
                clean = LineNormalizer.stripRankPrefix(stripped);
                anchors = Anchors.of(clean, buf, lead + stripped.length() - clean.length());
            } else {
                clean = LineNormalizer.stripRankPrefix(LineNormalizer.clean(seg).strip());
                anchors = Anchors.of(clean);
            }
        }
        anchors &= ~Anchors.ASCII_CONTROL;
        if ((anchors & (Anchors.DIGIT | Anchors.NANINF)) == 0) {
            return null; // every reading needs a number; most noise lines stop here
        }
        FormatRule[] rs = ruleArray;
        long[] all = needAll;
        long[] any = needAny;
        for (int i = 0; i < rs.length; i++) {
            FormatRule r = rs[i];
            if ((anchors & all[i]) == all[i] && (anchors & any[i]) != 0 && r.mayMatch(clean, anchors)) {
                Optional<Progress> p;
                try {
                    p = r.parse(clean);
                } catch (RuntimeException e) {
                    continue; // one rule's trouble (e.g. a runaway custom regex) must not hide the others
                }
                if (p.isPresent() && (forced == null || r == custom || forced.equals(p.get().format()))) {
                    return new Match(r, p.get(), clean);
                }
            }
        }
        work.noteRefused(clean);
        return null;
    }

    /**
     * Whether s, and so every cleaned form of it, holds no digit and none of nan/inf's spellings that
     * {@link Anchors#NANINF} reads. Lines with control characters (which cleaning may drop) are left to the full
     * path; every other clean-up (strip, rank prefix, length cap) only cuts the line, so what is absent stays absent.
     */
    private static boolean numberless(String s, char[] c) {
        int n = s.length();
        boolean ni = false;
        for (int i = 0; i < n; i++) {
            char ch = c[i];
            if (ch <= '9') {
                if (ch >= '0' || ch < 0x20) {
                    return false;
                }
            } else if (ch >= 0x7F && ch < 0xA0) {
                return false;
            } else {
                int low = ch | 0x20;
                ni |= low == 'n' || low == 'i';
            }
        }
        return !ni || !(s.contains("inf") || s.contains("Inf") || s.contains("INF") || s.contains("nan")
                || s.contains("NaN") || s.contains("NAN"));
    }

    /** Whether String.strip would change s. */
    private static boolean edgeBlank(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char a = s.charAt(0);
        char b = s.charAt(s.length() - 1);
        return a <= ' ' || b <= ' ' || a >= 128 && Character.isWhitespace(a) || b >= 128 && Character.isWhitespace(b);
    }

    /** "^M" spelled out (a terminal captured with cat -v or script): the carriage return it stands for. */
    private static String caretM(String line) {
        return line.contains("^M") ? line.replace("^M", "\r") : line;
    }

    private static int lastBreak(String line, int end) {
        if (end == line.length() && line.indexOf('\r') < 0 && line.indexOf('\n') < 0) {
            return -1; // the common case, found with the vectorised indexOf
        }
        for (int i = end - 1; i >= 0; i--) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * What a terminal shows of a line rewritten by carriage returns: its last segment that is not blank (skorch's
     * ProgressBar erases its bar, then prints the table's header or row after it on the same line).
     */
    private static String shown(String line) {
        if (line.indexOf('\r') < 0) {
            return line; // most lines: one fast scan
        }
        int end = line.length();
        int cut = lastBreak(line, end);
        while (cut >= 0 && isBlank(line, cut + 1, end)) {
            end = cut;
            cut = lastBreak(line, end);
        }
        return line.substring(cut + 1, end);
    }

    private static boolean isBlank(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Merges the freshest value of each field over the lines: step/total/stepKind/epoch from the latest
     * step-bearing reading (a global step, once seen, wins over epoch-relative counters), loss from the
     * latest train loss, rate from the latest rate, evalLoss from the latest eval. nanInf follows the latest train loss.
     * Once a line has carried a step and a loss, a later line of the same format with a loss but no step does not
     * replace that loss (a per-part breakdown printed after the step's line).
     */
    public Optional<Progress> lastProgress(List<String> lines) {
        return merge(readings(lines));
    }

    /**
     * Every line that reads as progress, parsed once, in order; null reads as no lines. A dict or JSON object
     * printed over several lines ({@code {} alone, then {@code "loss": 2.3,} lines, then {@code }}) is joined and
     * read as one line.
     */
    public List<Progress> readings(List<String> lines) {
        List<Progress> out = new ArrayList<>();
        walk(lines, (m, n) -> out.add(m.progress));
        return out;
    }

    /** Lines without a row after which a header row is forgotten. */
    private static final int MAX_HEADER_AGE = 200;

    /** Lines at most joined into one block, and the block's size cap. */
    private static final int MAX_BLOCK_LINES = 200;
    private static final int MAX_BLOCK_CHARS = 4 * LineNormalizer.MAX_LINE;

    private void walk(List<String> lines, java.util.function.ObjIntConsumer<Match> sink) {
        walk(lines, sink, false);
    }

    /**
     * {@code inner}: the lines of a block that never closed, read once more without its opening line, so the
     * objects inside it are joined (a trainer_state.json cut off inside its "log_history" list); inside, an
     * unclosed block is read line by line, so no line is read more than twice.
     */
    private void walk(List<String> lines, java.util.function.ObjIntConsumer<Match> sink, boolean inner) {
        if (lines == null) {
            return;
        }
        List<String> block = null;
        StringBuilder joined = null;
        int depth = 0;
        int n = 0;
        Table table = null;
        HtmlTable html = new HtmlTable();
        String[] header = null;
        int[][] headerSpans = null; // where the header's names stand, for rows with blank cells
        int headerAge = 0;
        Record record = new Record();
        int evalIndent = -1; // the indentation of an open "Validation" heading, -1 when none
        boolean evalFresh = false; // no line read yet under the open evaluation heading
        int flatLeft = -1; // lines left of a section printed at its heading's own level, -1 when not one
        Long seenStep = null; // the counters of the last reading outside an evaluation section
        Long seenTotal = null;
        Long seenEpoch = null;
        String previous = null;
        for (String line : lines) {
            n++;
            String above = previous;
            previous = line;
            if (table != null) {
                if (table.take(line)) {
                    if (table.closed && table.rows == 0) {
                        table = new Table(line); // one table's bottom rule, then the next one's top rule
                    } else if (table.closed) {
                        Match m = match(table.text.toString());
                        if (m != null) {
                            sink.accept(m, n);
                        }
                        table = null;
                    }
                    continue;
                }
                // not a table after all: its lines are read one by one, then this line as usual
                readEach(table.held, n - table.held.size(), sink);
                table = null;
            }
            if (block != null) {
                String t = line == null ? "" : line.strip();
                block.add(line);
                joined.append(' ');
                if (t.length() <= LineNormalizer.MAX_LINE) {
                    joined.append(t); // a String appends by array copy, a range of it char by char
                } else {
                    joined.append(t, 0, LineNormalizer.MAX_LINE);
                }
                depth += braces(t);
                if (depth <= 0) {
                    Match m = match(joined.toString());
                    if (m != null) {
                        sink.accept(m, n);
                    }
                    block = null;
                } else if (block.size() >= MAX_BLOCK_LINES || joined.length() > MAX_BLOCK_CHARS) {
                    // never closed: read what was held back after all
                    readUnclosed(block, n - block.size() + 1, sink, inner);
                    block = null;
                }
                continue;
            }
            if (line != null && (html.isOpen() || HtmlTable.opens(line))) {
                String row = html.take(line); // a notebook's HTML metrics table (the Trainer's NotebookProgressCallback)
                if (row != null) {
                    Match m = row.isEmpty() ? null : match(row);
                    if (m != null) {
                        sink.accept(m, n);
                    }
                    continue;
                }
            }
            if (line != null && Table.isRule(line)) {
                if (flatLeft >= 0) {
                    evalIndent = -1; // a rule line ends a section printed at its heading's level
                    flatLeft = -1;
                }
                table = new Table(line);
                continue;
            }
            String hLine = line == null ? null : shown(line); // the header line as shown
            String[] h = hLine == null ? null : Columns.header(hLine);
            if (h == null && line != null && !line.isEmpty() && (line.charAt(0) == '-' || line.charAt(0) == ' ')
                    && line.indexOf("-  ") > 0) {
                h = Columns.ruledHeader(line, above); // tabulate's dashes under names that may hold a blank
                hLine = h == null ? null : shown(above);
            }
            if (h != null) {
                header = h; // the header line itself is read as usual below (it holds no number)
                headerSpans = Columns.spans(hLine, h);
                headerAge = 0;
            }
            int opens = line == null ? 0 : blockStart(line);
            if (opens > 0) {
                block = new ArrayList<>();
                block.add(line);
                joined = new StringBuilder(256).append(line.strip());
                depth = opens;
                continue;
            }
            int indent = line == null ? 0 : indentOf(line);
            boolean blank = line == null || indent >= line.length();
            if (evalIndent >= 0 && flatLeft >= 0 && (blank || ruleOnly(line, indent) || --flatLeft < 0)) {
                evalIndent = -1; // a flat section ends at a blank or a rule line, or after a few lines
                flatLeft = -1;
            } else if (evalIndent >= 0 && !blank && indent <= evalIndent) {
                if (evalFresh && ruleOnly(line, indent)) {
                    evalIndent = -1; // "testing......" then "*====**": the heading's own underline, nothing under it
                } else if (evalFresh) {
                    flatLeft = FLAT_SECTION_LINES; // "Validating on dev" then "Loss = 2.244" at its level
                } else if (flatLeft < 0) {
                    evalIndent = -1; // back at the heading's level or above: the section is over
                }
            }
            evalFresh = evalFresh && blank;
            if (above != null && bestRoundFollows(above)) {
                continue; // "Early stopping, best iteration is:" then "[16]\t..": a past round repeated, no progress
            }
            int heading = line == null ? 0 : heading(line, indent);
            if (heading != 0) {
                evalIndent = heading < 0 ? indent : -1;
                evalFresh = heading < 0;
                flatLeft = -1;
                continue;
            }
            Match m = match(line);
            if (evalIndent >= 0 && m != null) {
                if (flatLeft >= 0 && countersMoved(m.progress, seenStep, seenTotal, seenEpoch)) {
                    evalIndent = -1; // training went on right after an evaluation heading's lines
                    flatLeft = -1;
                } else {
                    if (flatLeft >= 0 && m.progress.step() != null && m.progress.total() != null) {
                        flatLeft = FLAT_SECTION_LINES; // the section's own counter goes on ("step 50/88")
                    }
                    m = underEvalHeading(m);
                }
            }
            long lone = m == null ? MetricScanner.takeLoneStep() : -1;
            if (header != null && line != null && (m == null || m.progress.loss() == null)) {
                Match c = withColumns(m, line, header, headerSpans);
                headerAge = c != m ? 0 : headerAge + 1;
                if (headerAge > MAX_HEADER_AGE) {
                    header = null; // a header is reprinted with its rows; one long unheard of belongs to another log
                }
                m = c;
            }
            m = record.see(m, line, n, lone);
            Match revealed = record.takeHeader();
            if (revealed != null) {
                sink.accept(revealed, record.headerLine);
            }
            if (m != null) {
                sink.accept(m, n);
                if (evalIndent < 0) {
                    seenTotal = m.progress.step() != null ? m.progress.total() : seenTotal;
                    seenStep = m.progress.step() != null ? m.progress.step() : seenStep;
                    seenEpoch = m.progress.epoch() != null ? m.progress.epoch() : seenEpoch;
                }
            }
        }
        if (table != null) {
            readEach(table.held, n - table.held.size() + 1, sink);
        }
        if (block != null) {
            readUnclosed(block, n - block.size() + 1, sink, inner);
        }
    }

    /** A block that never closed, its first line at line {@code first}: see {@link #walk(List, ObjIntConsumer, boolean)}. */
    private void readUnclosed(List<String> block, int first, java.util.function.ObjIntConsumer<Match> sink,
            boolean inner) {
        if (inner) {
            readEach(block, first, sink);
            return;
        }
        readEach(block.subList(0, 1), first, sink);
        walk(block.subList(1, block.size()), (x, k) -> sink.accept(x, first + k), true);
    }

    /** Held-back lines read one by one, the first of them line {@code first}. */
    private void readEach(List<String> held, int first, java.util.function.ObjIntConsumer<Match> sink) {
        for (int k = 0; k < held.size(); k++) {
            Match m = match(held.get(k));
            if (m != null) {
                sink.accept(m, first + k);
            }
        }
    }

    /**
     * LightGBM's "Early stopping, best iteration is:" and "Did not meet early stopping. Best iteration is:", XGBoost's
     * "Stopping. Best iteration:": the next line repeats that round's metrics.
     */
    private static boolean bestRoundFollows(String line) {
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        if (end < 16 || line.charAt(end - 1) != ':') {
            return false;
        }
        String tail = line.substring(Math.max(0, end - 20), end).toLowerCase(java.util.Locale.ROOT);
        return tail.endsWith("best iteration is:") || tail.endsWith("best iteration:");
    }

    /**
     * Columns of indentation: blanks and tree glyphs ("│   ├── ", "└── ") before a line's text.
     */
    static int indentOf(String line) {
        int i = 0;
        int len = line.length();
        while (i < len) {
            char ch = line.charAt(i);
            if (ch == ' ' || ch == '\t' || ch == '|' || ch == '`' || ch >= '\u2500' && ch <= '\u257F') {
                i++;
            } else {
                break;
            }
        }
        if (i > 0 && i < 3 && len > 3 && line.charAt(3) == '%' && Character.isDigit(line.charAt(2))
                && Character.isDigit(line.charAt(i))) {
            return 0; // tqdm's percentage right-aligned in three columns ("  0%|", " 50%|"): not indented
        }
        return i;
    }

    /**
     * A heading alone on its line ("└── Validation", "Training", "eval:"): -1 opens an evaluation section, 1 a
     * training one, 0 is not a heading.
     */
    static int heading(String line, int from) {
        int phrase = phraseHeading(line, from);
        if (phrase != 0) {
            return phrase;
        }
        int end = line.length();
        while (end > from && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == ':')) {
            end--;
        }
        int len = end - from;
        if (len < 3 || len > 10) {
            return 0;
        }
        String w = line.substring(from, end).toLowerCase(java.util.Locale.ROOT);
        return switch (w) {
            case "validation", "valid", "val", "eval", "evaluation", "test", "dev" -> -1;
            case "training", "train" -> 1;
            default -> 0;
        };
    }

    /**
     * Whether a reading right under an evaluation heading shows training going on: a step or an epoch other than the
     * last one trained. "testing in eval mode" then "epoch: 7, loss is: 0.26" in the format of epoch 7's training
     * line is that epoch's evaluation.
     */
    private static boolean countersMoved(Progress p, Long seenStep, Long seenTotal, Long seenEpoch) {
        // a counter behind training's, out of another total ("Evaluation" then a 20/20 bar after 4816/5011), is the
        // section's own
        boolean ownLoop = seenStep != null && p.step() != null && p.step() < seenStep && p.total() != null
                && seenTotal != null && !p.total().equals(seenTotal);
        return p.step() != null && !p.step().equals(seenStep) && !ownLoop
                || p.epoch() != null && !p.epoch().equals(seenEpoch);
    }

    /** Lines of a section printed at its heading's own level ("Validating on dev" then "Loss = 2.2 | err = 0.6"). */
    private static final int FLAT_SECTION_LINES = 4;

    /**
     * A heading phrase without a number whose first word names the phase, after arrows or rules ("--> EVAL
     * PERFORMANCE", "Validating on TIMIT_dev", "Training on ['TIMIT_tr']", "=== Evaluation ==="): -1 evaluation, 1
     * training, 0 neither.
     */
    static int phraseHeading(String line, int from) {
        int len = line.length();
        if (len - from > 80) {
            return 0;
        }
        int i = from;
        while (i < len && "-=>*#~.[( ".indexOf(line.charAt(i)) >= 0) {
            i++;
        }
        int w = i;
        while (w < len && Character.isLetter(line.charAt(w))) {
            w++;
        }
        if (w - i < 3 || w < len && line.charAt(w) != ' ' && line.charAt(w) != ':' && line.charAt(w) != '.') {
            return 0;
        }
        if (w == len || line.charAt(w) == ':' && w + 1 == len) {
            return 0; // a lone word is heading()'s own case
        }
        int phase = phaseWord(line, i, w);
        if (phase == 0) {
            return 0; // most lines: the first word names no phase, and nothing else is looked at
        }
        for (int k = from, end = epochAtEnd(line, from); k < end; k++) {
            char c = line.charAt(k);
            if (c >= '0' && c <= '9' || c == '=' || c == '|') {
                return 0;
            }
        }
        return phase;
    }

    /**
     * Where a closing "epoch N" number starts ("Test on Epoch 30": the epoch a phase is for, the one number a heading
     * phrase may hold); the line's length when it has none.
     */
    private static int epochAtEnd(String line, int from) {
        int end = line.length();
        while (end > from && line.charAt(end - 1) == ' ') {
            end--;
        }
        int num = end;
        while (num > from && line.charAt(num - 1) >= '0' && line.charAt(num - 1) <= '9') {
            num--;
        }
        if (num == end || num - 7 < from || line.charAt(num - 1) != ' ' || line.charAt(num - 7) != ' '
                || !line.regionMatches(true, num - 6, "epoch", 0, 5)) {
            return line.length();
        }
        return num;
    }

    /** -1 for an evaluation phase word at [a, b), 1 for a training one, 0 otherwise; no copy. */
    private static int phaseWord(String line, int a, int b) {
        int n = b - a;
        if (n < 4 || n > 10) {
            return 0;
        }
        char f = (char) (line.charAt(a) | 0x20);
        if (f != 'v' && f != 'e' && f != 't') {
            return 0;
        }
        for (String w : PHASE_WORDS) {
            if (w.length() == n && line.regionMatches(true, a, w, 0, n)) {
                return w.startsWith("train") ? 1 : -1;
            }
        }
        return 0;
    }

    private static final String[] PHASE_WORDS = {"validating", "validation", "validate", "valid", "evaluating",
        "evaluation", "evaluate", "eval", "testing", "test", "training", "train"};

    /** A line of rule characters only ("-----", "=====", "####"). */
    private static boolean ruleOnly(String line, int from) {
        for (int k = from; k < line.length(); k++) {
            if ("-=#*_~ ".indexOf(line.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A reading indented under an evaluation heading (super-gradients' summary tree, a YAML "validation:" block): its
     * loss proper is the eval loss; a component loss there is neither, and nothing in it moves the step.
     */
    private static Match underEvalHeading(Match m) {
        Progress p = m.progress;
        Double ev = p.evalLoss();
        if (ev == null && p.loss() != null && MetricScanner.lossRank(m.clean) > 0) {
            ev = p.loss();
        }
        if (ev == null) {
            return null;
        }
        return new Match(m.rule, Progress.of(p.format(), null, null, null, null, null, null, ev), m.clean);
    }

    /** Lines within which the metrics printed one per line are taken as one record. */
    private static final int MAX_RECORD_LINES = 40;

    /**
     * A record printed one metric per line (DeepRM's "Iteration: \t 3" then "Loss: \t 0.13", RLlib's result YAML
     * with "total_loss: 936.1" above "training_iteration: 85", OLMo's indented metrics under its step header): near a
     * line that holds only a loss, a line that holds only a step key is a step reading, and a component loss
     * (vf_loss, LossV) does not replace the loss proper (total_loss) of the same record. Other logs never have a
     * loss-only line and pay nothing.
     */
    private final class Record {
        private int loneLoss = -MAX_RECORD_LINES - 1; // line of the latest reading that holds a loss and nothing else
        private int properLoss = -MAX_RECORD_LINES - 1; // line of the latest such reading of a loss proper
        private int stepLine = -1;
        private int componentRun = -1; // line of the first component loss of the latest run of loss-only lines
        private int pendingLine = -1; // line of a lone step no loss-only line was near yet, its step and text
        private long pendingStep;
        private String pendingText;
        private boolean counted; // a reading had its own step ("Iteration [1500]" alone then counts an outer loop)
        private Match header; // that step's reading, due before the loss-only line that revealed it
        private int headerLine;

        /** The step header a loss-only line just revealed (read before that line's own reading), or null. */
        Match takeHeader() {
            Match h = header;
            header = null;
            return h;
        }

        private Match stepOnly(long step, String line) {
            if (keyValue == null) {
                return null; // a forced format other than key_value
            }
            return new Match(keyValue, Progress.of("key_value", step, "iteration", null, null, null, null, null),
                    LineNormalizer.clean(line).strip());
        }

        Match see(Match m, String line, int n, long step) {
            if (m == null) {
                if (step < 0) {
                    return null;
                }
                if (n - loneLoss > MAX_RECORD_LINES) {
                    if (counted) {
                        return null; // the log counts its steps on its readings; a lone one counts something else
                    }
                    // a step header above its metrics (Coqui TTS's "--> STEP: 24/352 -- GLOBAL_STEP: 244300"): a
                    // step reading once a loss-only line follows it (takeHeader)
                    pendingLine = n;
                    pendingStep = step;
                    pendingText = line;
                    return null;
                }
                stepLine = n;
                return stepOnly(step, line);
            }
            Progress p = m.progress;
            if (p.step() != null) {
                stepLine = n;
                pendingLine = -1;
                counted = true;
                return m;
            }
            if (p.loss() == null || p.epoch() != null || p.rate() != null || p.evalLoss() != null) {
                return m;
            }
            if (pendingLine > stepLine && n - pendingLine <= MAX_RECORD_LINES) {
                stepLine = pendingLine; // the record's first loss under its step header
                header = stepOnly(pendingStep, pendingText);
                headerLine = pendingLine;
                pendingLine = -1;
            }
            int rank = MetricScanner.lossRank(m.clean);
            boolean sameRun = n - loneLoss <= 2; // the previous loss-only line is right above (one line between)
            loneLoss = n;
            if (rank > 0) {
                properLoss = n;
            } else if (rank == 0 && properLoss > stepLine && n - properLoss <= MAX_RECORD_LINES) {
                return null; // vf_loss after total_loss in the same record
            } else if (rank == 0 && sameRun && componentRun > stepLine) {
                return null; // q2_loss after q1_loss in one record: the first component stands in, as on one line
            }
            if (rank == 0 && (!sameRun || componentRun < stepLine)) {
                componentRun = n; // a new run, or the first component after the record's step line
            }
            return m;
        }
    }

    /**
     * A row of numbers under a header row that named its columns ("Epoch gpu_mem box obj cls total ..." above
     * "5/249 0.868G 0.064 0.016 0.0096 0.089 36 640: 100%|..."): the row read as "name=value" pairs fills the loss
     * (and the epoch) the row's own reading lacks.
     */
    private Match withColumns(Match m, String line, String[] header, int[][] headerSpans) {
        // skorch colours the values that improved, even in a file: "\e[36m0.6157\e[0m"
        String pairs = Columns.pairs(LineNormalizer.withoutAnsi(line), header, headerSpans);
        if (pairs == null) {
            return m;
        }
        Match c = match(pairs);
        if (c == null) {
            return m;
        }
        if (m == null) {
            return new Match(c.rule, c.progress, LineNormalizer.clean(line).strip());
        }
        Progress p = m.progress;
        Progress q = c.progress;
        return new Match(m.rule, Progress.of(p.format(), p.step(), p.stepKind(), p.epoch() != null ? p.epoch() : q.epoch(),
                p.total(), q.loss(), p.rate() != null ? p.rate() : q.rate(), p.evalLoss() != null ? p.evalLoss()
                : q.evalLoss()), m.clean);
    }

    /** Open-brace depth left by a line that starts a multi-line dict ("{" or "{'loss': 2.3,"), else 0. */
    private static int blockStart(String line) {
        int len = line.length();
        int e = len;
        while (e > 0 && Character.isWhitespace(line.charAt(e - 1))) {
            e--;
        }
        if (e == 0 || len > LineNormalizer.MAX_LINE) {
            return 0;
        }
        int b = 0;
        while (b < e && Character.isWhitespace(line.charAt(b))) {
            b++;
        }
        // strip a logger/rank prefix cheaply: the dict must start the line or end it
        char first = line.charAt(b);
        char last = line.charAt(e - 1);
        if (first != '{' && last != '{') {
            return 0;
        }
        int d = braces(line);
        return d > 0 ? d : 0;
    }

    private static int braces(String t) {
        int d = 0;
        char quote = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                d++;
            } else if (c == '}') {
                d--;
            }
        }
        return d;
    }

    /** Batch readings ahead of a global step, with no global reading between, after which that step is stale. */
    private static final int STALE_GLOBAL_AFTER = 3;

    /** {@link #lastProgress} over readings already parsed, for callers that need them too. */
    public Optional<Progress> merge(List<Progress> readings) {
        Progress stepP = null;
        boolean sawGlobal = false;
        Double loss = null;
        Rate rate = null;
        Double evalLoss = null;
        String lastFormat = null;
        Long epoch = null;
        Long epochAtStep = null;
        String stepLossFormat = null; // format of the latest reading that had both a step and a train loss
        Long stepLossTotal = null;
        Long stepLossStep = null; // step of the latest reading that had both a step and a train loss
        Progress loop = null; // the latest reading with a step, a total and a train loss
        Progress counted = null; // the latest reading with a step and a total
        boolean flipped = false; // its "n/N" is "epoch/batch": the left number stays while the right one grows
        int batchAhead = 0; // batch readings since the last global one that were ahead of the step held
        for (Progress p : readings) {
            if (p.step() != null && p.total() != null) {
                if (counted != null && counted.format().equals(p.format()) && counted.step().equals(p.step())
                        && p.total() > counted.total() && counted.total() > counted.step()) {
                    flipped = true; // WeNet's "Batch 4/203700" then "Batch 4/203800": epoch 4, batch 203800
                }
                counted = p;
                if (flipped) {
                    p = Progress.of(p.format(), p.total(), "epoch_batch", p.step(), null, p.loss(), p.rate(),
                            p.evalLoss());
                }
            }
            lastFormat = p.format();
            if (p.epoch() != null) {
                epoch = p.epoch();
            }
            boolean otherLoop = p.step() != null && p.loss() == null && p.total() != null && stepLossFormat != null
                    && stepLossFormat.equals(p.format()) && !p.total().equals(stepLossTotal);
            // an evaluation's own counter: a line with only an eval loss whose step is behind training's
            // ("epoch : 269, iteration : 2700, val loss : 0.17" after "iteration : 16200, train loss : 0.15")
            otherLoop |= p.step() != null && p.loss() == null && p.evalLoss() != null && stepLossStep != null
                    && p.step() < stepLossStep;
            // a bare milestone behind the counted bar held ("[GR] Iteration 21000: Graph updated" under a bar at
            // 21070/30000 with its loss): block-buffered stdout prints it late beside stderr's bar, or it names an
            // earlier save or evaluation; it does not move the step back
            otherLoop |= p.step() != null && p.loss() == null && p.evalLoss() == null && p.total() == null
                    && stepP != null && stepP.loss() != null && stepP.total() != null && p.step() <= stepP.step()
                    && !p.format().equals(stepP.format());
            // the same format counting another loop with its loss: a different total, a step behind training's
            // ("Epoch: [1]  [0/1] ... loss: 0.0732" after "Epoch: [1]  [8/9] ... loss: 0.0938", BiaPy's validation)
            if (p.step() != null && p.loss() != null && p.total() != null && loop != null
                    && p.format().equals(loop.format()) && !p.total().equals(loop.total())
                    && p.step() < loop.step() && p.epoch() != null && p.epoch().equals(loop.epoch())) {
                evalLoss = p.loss();
                continue;
            }
            if (p.step() != null && p.loss() != null && p.total() != null) {
                loop = p; // the latest counted training reading
            }
            if (p.step() != null && !otherLoop) {
                // (a bar without a loss and with another total after bars that carry one counts another loop:
                // SpeechBrain's validation bar after its training bar)
                boolean global = !"epoch_batch".equals(p.stepKind());
                // a batch counter that keeps counting past a global one no reading repeats has outlived it
                // (AlphaZero's one "current self-play batch: 2550" among "batch i:2589" lines)
                batchAhead = global ? 0 : stepP != null && p.step() > stepP.step() ? batchAhead + 1 : batchAhead;
                // a batch reading of the loop a global reading counted (the same total: an epoch's bar at
                // "500/500" above "Batch: [301/500]" of the next epoch) is that loop's newer position
                boolean sameLoop = !global && stepP != null && p.total() != null && p.total().equals(stepP.total());
                if (global || !sawGlobal || sameLoop || batchAhead >= STALE_GLOBAL_AFTER) {
                    stepP = p;
                    epochAtStep = epoch;
                }
                sawGlobal = global || sawGlobal && batchAhead < STALE_GLOBAL_AFTER;
            }
            if (p.loss() != null) {
                // a step-less line of the same format does not replace the loss of the line that carried the step
                // (darknet's per-region "total_loss = ..." lines after "2: 2099.2, 2097.3 avg loss, ...")
                if (p.step() != null || !p.format().equals(stepLossFormat)) {
                    loss = p.loss();
                    stepLossFormat = p.step() != null ? p.format() : null;
                    stepLossTotal = p.step() != null ? p.total() : null;
                    stepLossStep = p.step() != null ? p.step() : stepLossStep;
                }
            }
            if (p.rate() != null) {
                rate = p.rate();
            }
            if (p.evalLoss() != null) {
                evalLoss = p.evalLoss();
            }
        }
        if (lastFormat == null) {
            return Optional.empty();
        }
        String format = stepP != null ? stepP.format() : lastFormat;
        Long step = stepP == null ? null : stepP.step();
        String kind = stepP == null ? null : stepP.stepKind();
        Long total = stepP == null ? null : stepP.total();
        // an epoch-relative reading takes the epoch current when it was printed (Keras prints "Epoch 3/10" on its
        // own line above the batch bar); otherwise the latest epoch seen
        Long ep = stepP != null && "epoch_batch".equals(kind) ? epochAtStep : epoch;
        return Optional.of(Progress.of(format, step, kind, ep, total, loss, rate, evalLoss));
    }

}
