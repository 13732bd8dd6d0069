package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns named only in a header row above rows of bare numbers, as YOLOv5 (2020) printed them:
 * <pre>
 *      Epoch   gpu_mem       box       obj       cls     total   targets  img_size
 *      5/249    0.868G   0.06393   0.01588  0.009617   0.08943        36       640: 100%|█| 211/211 [...]
 * </pre>
 * A header is a line of three or more words, one naming a step or an epoch and one a loss proper (or {@code total},
 * the sum of the loss columns beside it; ultralytics' header of components only is not one); a row is a line of
 * exactly as many numbers (up to a ": " that starts a bar), or of fewer, or with a one-char mark, when each cell stands
 * under a name of its own (skorch's table leaves its {@code cp} column blank or marks it {@code +}).
 * The row is rewritten as {@code Epoch=5/249 gpu_mem=0.868G ... total_loss=0.08943 ...} for the generic reader.
 */
final class Columns {

    private static final int MAX_COLUMNS = 24;

    // compiled once: String.split compiles a regex that is not a single char on every call
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \t]+");
    private static final java.util.regex.Pattern WIDE_BLANKS = java.util.regex.Pattern.compile("[ \t]{2,}");

    private Columns() {
    }

    /** The column names of a header line, or null. Cheap for the lines that are not one. */
    static String[] header(String line) {
        int knitr = knitrPrefixEnd(line);
        if (knitr > 0) {
            line = line.substring(knitr);
        } else if (line.length() > 2 && line.charAt(0) == '#' && line.charAt(1) == ' ') {
            // a data file's commented header over its bare rows (DeePMD's lcurve.out, gnuplot .dat files):
            // "#  step      rmse_val    rmse_trn ..."
            line = line.substring(1);
        }
        int n = line.length();
        boolean tokenStart = true;
        boolean tab = false;
        int tokens = 0;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                tab |= c == '\t';
                tokenStart = true;
                continue;
            }
            if (c == '|') {
                return separatedHeader(line); // "Step | Training Loss | ...", "| Step | ... |"
            }
            if (tokenStart) {
                if (!MetricScanner.isLetter(c)) {
                    return notPlain(line, i, tab); // a number, a bracket, a timestamp: not a plain header
                }
                tokens++;
                tokenStart = false;
            } else if (c == ',' && !tab) {
                return separatedHeader(line); // a CSV header ("train/loss_step,global_step,epoch,created_at")
            } else if (!(MetricScanner.isWordChar(c) || c == '@' || c == '.' || c == '-' || c == '/')) {
                return notPlain(line, i, tab); // ':' '=' and the like: a message or a record
            }
        }
        if (tab) {
            return separatedHeader(line);
        }
        if (tokens < 2 || tokens > MAX_COLUMNS) {
            return null;
        }
        String stripped = line.strip();
        String[] names = BLANKS.split(stripped);
        String[] grouped = WIDE_BLANKS.split(stripped);
        if (grouped.length >= 2 && grouped.length < names.length) {
            // "      Iter       Train Loss   Remaining Time" (scikit-learn's verbose boosting): a name may hold a blank
            // when the columns stand two or more apart
            for (int k = 0; k < grouped.length; k++) {
                grouped[k] = grouped[k].replace(' ', '_');
            }
            if (countsAndLoss(grouped, grouped.length > 2)) {
                return grouped;
            }
        }
        // two words are a header only as a counter and a loss proper ("Step   Loss" over a TensorBoard scalar's
        // pasted rows, SupContrast): a two-word message has neither
        return countsAndLoss(singular(names), tokens > 2) ? names : null;
    }

    /**
     * The header above a rule of dash groups, cut at the groups' extents: tabulate's "simple" tables and nolearn's
     * epoch table, whose names may hold a blank ("  epoch    train loss    valid loss  ..." over "-------  ------------
     * ..."). Null unless the line is such a rule and the cut names hold a counter and a loss.
     */
    static String[] ruledHeader(String rule, String above) {
        if (above == null) {
            return null;
        }
        List<int[]> groups = new ArrayList<>();
        int i = 0;
        int n = rule.length();
        while (i < n) {
            char ch = rule.charAt(i);
            if (ch == '-') {
                int a = i;
                while (i < n && rule.charAt(i) == '-') {
                    i++;
                }
                groups.add(new int[] {a, i});
            } else if (ch == ' ') {
                i++;
            } else {
                return null; // most lines: a char that is neither
            }
        }
        if (groups.size() < 3 || groups.size() > MAX_COLUMNS) {
            return null;
        }
        String[] names = new String[groups.size()];
        for (int k = 0; k < names.length; k++) {
            int a = groups.get(k)[0];
            int b = k + 1 < names.length ? groups.get(k + 1)[0] : above.length();
            if (a >= above.length()) {
                return null;
            }
            String name = above.substring(a, Math.min(b, above.length())).strip();
            if (name.isEmpty() || !MetricScanner.isLetter(name.charAt(0)) && !(k == 1 && name.equals("#"))) {
                return null;
            }
            names[k] = name.replace(' ', '_');
        }
        if (names[0].equals("E") && names[1].equals("#")) {
            spacy(names);
        }
        return countsAndLoss(singular(names), false) ? names : null;
    }

    /**
     * spaCy's `spacy train` table ("E    #       LOSS TOK2VEC  LOSS NER  ENTS_F ..." over dash groups): the epoch, the
     * step, then a loss per pipeline component. The first component's own loss is the run's loss; a shared
     * embedding layer's (tok2vec, transformer) only feeds the components.
     */
    private static void spacy(String[] names) {
        names[0] = "epoch";
        names[1] = "step";
        for (int k = 2; k < names.length; k++) {
            String n = names[k];
            // spaCy cuts a long name to its column: "LOSS TRANS..." for the transformer
            if (n.regionMatches(true, 0, "LOSS_", 0, 5) && !n.regionMatches(true, 5, "TOK2VEC", 0, 7)
                    && !n.regionMatches(true, 5, "TRANS", 0, 5)) {
                names[k] = "loss";
                return;
            }
        }
    }

    /**
     * Whether the names hold a counter (a step or an epoch) and a loss proper; in a blank-separated header also
     * "total", the sum of the loss columns beside it (components alone, ultralytics' box_loss and cls_loss, are not
     * one), in a separated or ruled one also an eval loss.
     */
    /** An elapsed time or clock cell, "00:18:24" or "1:02:03": digits and one or two colons, each between digits. */
    private static boolean duration(String s, int a, int b) {
        int colons = 0;
        for (int i = a; i < b; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                if (i == a || i == b - 1 || s.charAt(i - 1) == ':') {
                    return false;
                }
                colons++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return colons == 1 || colons == 2;
    }

    /** Whether the header's last column is an evaluation loss. */
    private static boolean lastIsEval(String[] header) {
        String last = header[header.length - 1];
        return Keys.category(Keys.classify(last.toCharArray(), 0, last.length(), new int[16])) == Keys.EVAL_LOSS;
    }

    /**
     * A column named by a counter in the plural ("| Epochs | Train Loss | ..." of the Keras model cards the Hugging
     * Face Hub writes) holds that counter, one value per row: renamed to the singular, in place.
     */
    private static String[] singular(String[] names) {
        for (int k = 0; k < names.length; k++) {
            String n = names[k];
            for (String c : COUNTERS) {
                if (n.length() > c.length() && n.regionMatches(true, 0, c, 0, c.length())
                        && n.substring(c.length()).equalsIgnoreCase(c.equals("batch") ? "es" : "s")) {
                    names[k] = n.substring(0, c.length()); // the name's own case kept
                }
            }
        }
        return names;
    }

    private static final String[] COUNTERS = {"epoch", "step", "iteration", "iter", "batch", "update"};

    private static boolean countsAndLoss(String[] names, boolean blankSeparated) {
        boolean counter = false;
        boolean loss = false;
        int[] scratch = new int[16];
        for (String name : names) {
            int packed = Keys.classify(name.toCharArray(), 0, name.length(), scratch);
            int cat = Keys.category(packed);
            counter |= cat == Keys.STEP || cat == Keys.EPOCH;
            loss |= cat == Keys.LOSS && Keys.rank(packed) > 0
                    || (blankSeparated ? name.equalsIgnoreCase("total") : cat == Keys.EVAL_LOSS);
        }
        return counter && loss;
    }

    /** Not a blank-separated header: a tab-separated one after a logger's prefix, a plain one after a timestamp, or none. */
    private static String[] notPlain(String line, int i, boolean tab) {
        if (tab || line.indexOf('\t', i) >= 0) {
            return separatedHeader(line);
        }
        int pre = i == 0 ? loggerPrefixEnd(line) : 0;
        return pre > 0 && MetricScanner.isLetter(line.charAt(pre)) ? header(line.substring(pre)) : null;
    }

    private static final java.util.regex.Pattern LOGGER_PREFIX = java.util.regex.Pattern.compile(
            "^\\d{4}[-/]\\d{2}[-/]\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\s*(?:-\\s*\\S+\\s*-\\s*)?"
                    + "(?:\\[?(?:INFO|WARNING|WARN|DEBUG)\\]?)?\\s*[:-]?\\s+");

    /**
     * Where R Markdown's output marker ends: knitr renders a chunk's printed output as lines opening with "## "
     * (indented in Markdown), a table's header and rows alike. 0 when the line has none.
     */
    static int knitrPrefixEnd(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) == ' ' && i < 8) {
            i++;
        }
        if (i + 2 < n && line.charAt(i) == '#' && line.charAt(i + 1) == '#' && line.charAt(i + 2) == ' ') {
            i += 3;
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            return i;
        }
        return 0;
    }

    /**
     * Where a logger's timestamp and level end ("2021-01-26 02:42:23 [INFO]:    Epoch  Batch  box ..", JDE's table
     * under Python logging; "2018-12-12 10:08:09,712 - root - INFO - "), or 0: the header and its rows after it.
     */
    static int loggerPrefixEnd(String line) {
        if (line.length() < 20 || !Nums.digit(line.charAt(0)) || line.charAt(13) != ':'
                || line.charAt(4) != '-' && line.charAt(4) != '/') {
            return 0;
        }
        java.util.regex.Matcher m = LOGGER_PREFIX.matcher(line);
        return m.lookingAt() && m.end() < line.length() ? m.end() : 0;
    }

    /**
     * A header whose names are separated by " | " or tabs, so a name may have blanks: the Hugging Face Trainer's
     * notebook table as pasted ("Step | Training Loss | Validation Loss", or tab-separated), casanovo's logged
     * "Step\tTrain loss\tValid loss" after a logger's prefix. Blanks in a name become '_'.
     */
    private static String[] separatedHeader(String line) {
        int tab = line.indexOf('\t');
        int from = tab > 0 && line.indexOf('|') < 0 ? line.lastIndexOf(": ", tab) + 1 : 0;
        for (int i = Math.max(0, from); i < line.length(); i++) {
            if (Nums.digit(line.charAt(i)) && (i == 0 || !nameChar(line.charAt(i - 1)))) {
                // a bar, a metrics line: most lines with a '|' stop here, before any copy; a digit inside a name
                // ("mean_io_u_5", "top5_acc", "map50") is still a name
                return null;
            }
        }
        String[] cells = cells(line);
        if (cells == null || cells.length < 2 || cells.length > MAX_COLUMNS) {
            return null;
        }
        for (int k = 0; k < cells.length; k++) {
            String c = cells[k];
            if (c.isEmpty() || c.length() > 64 || !MetricScanner.isLetter(c.charAt(0))) {
                return null;
            }
            for (int i = 0; i < c.length(); i++) {
                char ch = c.charAt(i);
                // a unit in parentheses belongs to its name: "Duration(s)", "Time (ms)"
                if (!(MetricScanner.isWordChar(ch) || ch == ' ' || ch == '/' || ch == '-' || ch == '.' || ch == '@'
                        || ch == '(' || ch == ')')) {
                    return null;
                }
            }
            cells[k] = qualified(c).replace(' ', '_');
        }
        return countsAndLoss(singular(cells), false) ? cells : null;
    }

    /**
     * A name whose parentheses hold what it measures, "Train(loss)" or "Valid(MRR)" (kbc's pasted table), read as
     * "Train loss"; a unit in them ("Duration(s)", "Time (ms)") stays the name's.
     */
    private static String qualified(String name) {
        int open = name.indexOf('(');
        int close = name.indexOf(')', open + 1);
        if (open <= 0 || close != name.length() - 1 || close - open < 3) {
            return name;
        }
        return name.substring(0, open).strip() + " " + name.substring(open + 1, close);
    }

    /** How many separators (a tab, or else ',') the line holds. */
    private static int separators(String line) {
        char sep = line.indexOf('\t') >= 0 ? '\t' : ',';
        int n = 0;
        for (int i = 0; i < line.length(); i++) {
            n += line.charAt(i) == sep ? 1 : 0;
        }
        return n;
    }

    /**
     * The cells of a " | "- or tab-separated line, trimmed (a markdown row's outer pipes dropped), after a logger's
     * prefix ending in ": " before the first tab; null when the line has neither separator.
     */
    private static String[] cells(String line) {
        String t = line.strip();
        int tab = t.indexOf('\t');
        boolean pipes = t.indexOf('|') >= 0;
        boolean commas = !pipes && tab < 0 && t.indexOf(',') > 0;
        if (!pipes && tab < 0 && !commas) {
            return null;
        }
        if (tab > 0 && !pipes) {
            int prefix = t.lastIndexOf(": ", tab);
            if (prefix >= 0) {
                t = t.substring(prefix + 2);
            }
        }
        if (t.startsWith("|")) {
            t = t.substring(1);
        }
        if (t.endsWith("|")) {
            t = t.substring(0, t.length() - 1);
        }
        String[] raw = t.split(pipes ? "\\|" : commas ? "," : "\t", -1);
        int n = raw.length;
        while (n > 0 && raw[n - 1].isBlank()) {
            n--; // a trailing tab
        }
        String[] out = new String[n];
        for (int k = 0; k < n; k++) {
            out[k] = raw[k].strip();
        }
        return out;
    }

    /** A row of a separated table: as many numeric cells (nan, inf allowed) as the header names, as pairs. */
    private static String separatedPairs(String line, String[] header) {
        if (line.indexOf('|') >= 0 ? !cellChars(line, 0) : !tabCellChars(line)) {
            return null; // a bar's '%' or '[', a message's ':': some cell is not a number (most such lines)
        }
        String[] cells = cells(line);
        if (cells != null && cells.length < header.length && line.indexOf('|') < 0
                && separators(line) == header.length - 1) {
            // "2,3649,,0.0065,,": a CSV logger's sparse row (Lightning's metrics.csv) whose last cells are empty
            String[] padded = java.util.Arrays.copyOf(cells, header.length);
            java.util.Arrays.fill(padded, cells.length, header.length, "");
            cells = padded;
        }
        if (cells == null || cells.length != header.length) {
            return null;
        }
        boolean finite = false; // some loss column holds a number
        int numbers = 0;
        boolean[] text = new boolean[cells.length];
        int[] scratch = new int[16];
        for (int k = 0; k < cells.length; k++) {
            String v = cells[k];
            boolean special = !v.isEmpty() && notMeasured(v, 0, v.length());
            int cat = Keys.category(Keys.classify(header[k].toCharArray(), 0, header[k].length(), scratch));
            boolean counted = cat == Keys.LOSS || cat == Keys.EVAL_LOSS || cat == Keys.STEP || cat == Keys.EPOCH;
            if (v.isEmpty() || !special && !numeric(v, 0, v.length())) {
                if (counted && !v.isEmpty()) {
                    return null; // a word where a step or a loss belongs: not a row
                }
                text[k] = true; // an empty cell, or a timestamp under "created_at": left out
                continue;
            }
            numbers++;
            finite |= !special && (cat == Keys.LOSS || cat == Keys.EVAL_LOSS);
        }
        if (numbers * 2 < cells.length) {
            return null;
        }
        StringBuilder b = new StringBuilder(line.length() + 16 * header.length);
        for (int k = 0; k < cells.length; k++) {
            // a table that writes nan for "not measured in this row" (casanovo's train-loss cell on a validation row
            // beside a finite validation loss) reports nothing there; a row of nothing but nan is a NaN reading
            if (!text[k] && !(cells[k].equalsIgnoreCase("nan") && finite)) {
                b.append(header[k]).append('=').append(cells[k]).append(' ');
            }
        }
        return b.toString();
    }

    /**
     * Whether every char of a separated line from {@code from} on (to its last '|') could stand in a numeric cell: a
     * blank or '|' (cut or split away), or what {@link #numeric} and nan/inf take (ASCII letters, digits,
     * {@code . / - + %}). Any other char lies in some cell that is no number.
     */
    private static boolean cellChars(String line, int from) {
        // a percentage ("83.39%") is a number of a column left out; after the last '|' a row may carry a note
        // ("42.5s  ← best") that the cell check below judges by its column
        int end = line.indexOf('|') >= 0 ? line.lastIndexOf('|') : line.length();
        for (int i = from; i < end; i++) {
            char c = line.charAt(i);
            if (!(MetricScanner.isLetter(c) || Nums.digit(c) || c == '|' || c == '.' || c == '/' || c == '-'
                    || c == '+' || c == '%' || Character.isWhitespace(c))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #cellChars} for a tab-separated line without '|': from where {@link #cells} cuts a logger's prefix. */
    private static boolean tabCellChars(String line) {
        String t = line.strip();
        int tab = t.indexOf('\t');
        if (tab <= 0) {
            return true; // cells() decides (no separator left)
        }
        int prefix = t.lastIndexOf(": ", tab);
        return cellChars(t, prefix >= 0 ? prefix + 2 : 0);
    }

    private static boolean nameChar(char c) {
        return MetricScanner.isLetter(c) || c == '_';
    }

    /** The row as "name=value" pairs under {@code header}, or null when the line is not such a row. */
    static String pairs(String line, String[] header) {
        return pairs(line, header, null);
    }

    /**
     * {@code spans}: where the header's names stand ({@link #spans}), or null; with them a row whose cells do not fill
     * every column (a blank cell, a "+" mark) is read by where its cells stand under the names.
     */
    static String pairs(String line, String[] header, int[][] spans) {
        int knitr = knitrPrefixEnd(line);
        if (knitr > 0) {
            line = line.substring(knitr);
        }
        int pre = loggerPrefixEnd(line);
        if (pre > 0) {
            line = line.substring(pre);
        }
        if (line.indexOf('|') >= 0 || line.indexOf('\t') >= 0 || line.indexOf(',') >= 0) {
            String sep = separatedPairs(line, header);
            if (sep != null) {
                return sep;
            }
        }
        int cut = line.indexOf('\r') < 0 && line.indexOf('\n') < 0 ? -1
                : Math.max(line.lastIndexOf('\r'), line.lastIndexOf('\n')); // most lines: no break, two fast scans
        int f = cut + 1;
        while (f < line.length() && (line.charAt(f) == ' ' || line.charAt(f) == '\t')) {
            f++;
        }
        if (f >= line.length() || !(Nums.digit(line.charAt(f)) || line.charAt(f) == '-' || line.charAt(f) == '.')) {
            return null; // rows open with a number; most lines stop here
        }
        int count = 0; // count the numeric cells in place before anything is copied
        int p = f;
        int len = line.length();
        while (p < len) {
            int s = p;
            while (p < len && line.charAt(p) != ' ' && line.charAt(p) != '\t') {
                p++;
            }
            int e = p > s && line.charAt(p - 1) == ':' && (p == len || line.charAt(p) == ' ') ? p - 1 : p;
            if (e > s) {
                if (e - s == 1 && mark(line.charAt(s))) {
                    return spans == null || knitr > 0 || pre > 0 ? null : aligned(line, f, header, spans);
                }
                if (count == header.length || !numeric(line, s, e) && !duration(line, s, e)) {
                    return null;
                }
                count++;
            }
            if (e < p) {
                break; // "640: 100%|...": the bar after the row
            }
            while (p < len && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
                p++;
            }
        }
        if (count < header.length && spans != null && knitr == 0 && pre == 0 && count >= 2) {
            String a = aligned(line, f, header, spans);
            if (a != null) {
                return a;
            }
        }
        if (count != header.length && !(count == header.length - 1 && lastIsEval(header))) {
            return null; // a validation column left blank between validations (MATLAB's training table) may be short
        }
        String t = LineNormalizer.stripRankPrefix(LineNormalizer.clean(cut >= 0 ? line.substring(cut + 1) : line)
                .strip());
        int colon = t.indexOf(": ");
        if (colon >= 0) {
            t = t.substring(0, colon);
        } else if (t.endsWith(":")) {
            t = t.substring(0, t.length() - 1);
        }
        List<String> cells = new ArrayList<>(header.length);
        int i = 0;
        int n = t.length();
        while (i < n) {
            while (i < n && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
                i++;
            }
            int s = i;
            while (i < n && t.charAt(i) != ' ' && t.charAt(i) != '\t') {
                i++;
            }
            if (i > s) {
                if (cells.size() == header.length || !numeric(t, s, i) && !duration(t, s, i)) {
                    return null;
                }
                cells.add(t.substring(s, i));
            }
        }
        if (cells.size() != count) {
            return null;
        }
        StringBuilder b = new StringBuilder(t.length() + 16 * header.length);
        for (int k = 0; k < cells.size(); k++) {
            if (duration(cells.get(k), 0, cells.get(k).length())) {
                continue; // an elapsed time ("00:18:24" under "TimeElapsed"): no metric
            }
            pair(b, header[k], cells.get(k), 0, cells.get(k).length());
        }
        return b.toString();
    }

    /** Appends "name=value " for a cell [s, e) of {@code text}; "total" is the loss columns' sum. */
    private static void pair(StringBuilder b, String name, String text, int s, int e) {
        b.append(name.equalsIgnoreCase("total") ? "total_loss" : name).append('=').append(text, s, e).append(' ');
    }

    /** A one-char cell that marks a row rather than measures it (skorch's "+" under "cp": a checkpoint saved). */
    private static boolean mark(char c) {
        return c == '+' || c == '*';
    }

    /**
     * A row read by position: each cell goes to the column whose name it stands under (a right-aligned number ends
     * under its name's end), in order; marks and blank cells are left out.
     * {@code from}: where the row's first cell starts, after any carriage return. Null when a cell is not a number or
     * stands under no name or under one taken.
     */
    private static String aligned(String line, int from, String[] header, int[][] spans) {
        int segStart = line.lastIndexOf('\r', from) + 1;
        int[] starts = spans[0];
        int[] ends = spans[1];
        StringBuilder b = new StringBuilder(64);
        int col = -1;
        int cells = 0;
        int p = from;
        int len = line.length();
        while (p < len) {
            while (p < len && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
                p++;
            }
            int s = p;
            while (p < len && line.charAt(p) != ' ' && line.charAt(p) != '\t') {
                p++;
            }
            if (p == s) {
                break;
            }
            if (p - s == 1 && mark(line.charAt(s))) {
                continue;
            }
            if (!numeric(line, s, p) && !duration(line, s, p)) {
                return null;
            }
            int k = column(starts, ends, s - segStart, p - segStart, col + 1);
            if (k < 0) {
                return null;
            }
            col = k;
            cells++;
            if (!duration(line, s, p)) {
                pair(b, header[k], line, s, p);
            }
        }
        return cells >= 2 ? b.toString() : null;
    }

    /**
     * Where each of a header's names stands in the header line as shown ({starts, ends}), or null when a name is not
     * found there in order (a name may have had its blank made an underscore).
     */
    static int[][] spans(String headerLine, String[] header) {
        int[] starts = new int[header.length];
        int[] ends = new int[header.length];
        int at = 0;
        for (int k = 0; k < header.length; k++) {
            int i = headerLine.indexOf(header[k], at);
            if (i < 0) {
                i = headerLine.indexOf(header[k].replace('_', ' '), at);
            }
            if (i < 0) {
                return null;
            }
            starts[k] = i;
            ends[k] = i + header[k].length();
            at = ends[k];
        }
        return new int[][] {starts, ends};
    }

    /** The column at or after {@code first} whose name a cell [s, e) stands under, or -1. */
    private static int column(int[] starts, int[] ends, int s, int e, int first) {
        for (int k = first; k < starts.length; k++) {
            if (s < ends[k] && starts[k] < e) {
                return k;
            }
        }
        return -1;
    }

    private static boolean notMeasured(String t, int s, int e) {
        int a = t.charAt(s) == '-' ? s + 1 : s;
        return e - a == 3 && (t.regionMatches(true, a, "nan", 0, 3) || t.regionMatches(true, a, "inf", 0, 3));
    }

    /** A number, a counter n/N, or a number with a one-letter unit (0.868G). */
    private static boolean numeric(String t, int s, int e) {
        if (e - s <= 4 && notMeasured(t, s, e)) {
            return true; // "nan" in a column the trainer did not fill (R gbm's ValidDeviance without a validation set)
        }
        char first = t.charAt(s);
        if (!(Nums.digit(first) || (first == '-' || first == '.') && e - s > 1)) {
            return false;
        }
        for (int k = s; k < e; k++) {
            char c = t.charAt(k);
            boolean unit = k == e - 1 && k > s && MetricScanner.isLetter(c);
            if (!(Nums.digit(c) || c == '.' || c == '/' || c == '-' || c == '+' || c == 'e' || c == 'E' || unit)) {
                return false;
            }
        }
        return true;
    }
}
