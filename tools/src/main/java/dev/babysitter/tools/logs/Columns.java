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
 * the sum of the loss columns beside it; ultralytics' header of components only is not one); a row is a line of exactly as many numbers (up to a ": " that starts a bar).
 * The row is rewritten as {@code Epoch=5/249 gpu_mem=0.868G ... total_loss=0.08943 ...} for the generic reader.
 */
final class Columns {

    private static final int MAX_COLUMNS = 24;

    private Columns() {
    }

    /** The column names of a header line, or null. Cheap for the lines that are not one. */
    static String[] header(String line) {
        int n = line.length();
        boolean tokenStart = true;
        int tokens = 0;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                tokenStart = true;
                continue;
            }
            if (tokenStart) {
                if (!MetricScanner.isLetter(c)) {
                    return null; // a number, a bracket, a timestamp: not a header
                }
                tokens++;
                tokenStart = false;
            } else if (!(MetricScanner.isWordChar(c) || c == '@' || c == '.' || c == '-' || c == '/')) {
                return null; // ':' '=' '|' and the like: a message or a record, not a header
            }
        }
        if (tokens < 3 || tokens > MAX_COLUMNS) {
            return null;
        }
        String[] names = line.strip().split("[ \t]+");
        boolean counter = false;
        boolean loss = false;
        int[] scratch = new int[16];
        for (String name : names) {
            int packed = Keys.classify(name.toCharArray(), 0, name.length(), scratch);
            int cat = Keys.category(packed);
            counter |= cat == Keys.STEP || cat == Keys.EPOCH;
            // a loss proper, or "total" beside its parts; components alone (ultralytics' box_loss, cls_loss) are not
            loss |= cat == Keys.LOSS && Keys.rank(packed) > 0 || name.equalsIgnoreCase("total");
        }
        return counter && loss ? names : null;
    }

    /** The row as "name=value" pairs under {@code header}, or null when the line is not such a row. */
    static String pairs(String line, String[] header) {
        int cut = Math.max(line.lastIndexOf('\r'), line.lastIndexOf('\n'));
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
                if (count == header.length || !numeric(line, s, e)) {
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
        if (count != header.length) {
            return null;
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
                if (cells.size() == header.length || !numeric(t, s, i)) {
                    return null;
                }
                cells.add(t.substring(s, i));
            }
        }
        if (cells.size() != header.length) {
            return null;
        }
        StringBuilder b = new StringBuilder(t.length() + 16 * header.length);
        for (int k = 0; k < header.length; k++) {
            String name = header[k].equalsIgnoreCase("total") ? "total_loss" : header[k];
            b.append(name).append('=').append(cells.get(k)).append(' ');
        }
        return b.toString();
    }

    /** A number, a counter n/N, or a number with a one-letter unit (0.868G). */
    private static boolean numeric(String t, int s, int e) {
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
