package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Shared line clean-up: ANSI removal, control-character replacement, length cap, rank-prefix removal. */
final class LineNormalizer {

    /**
     * A line's cap: longer ones keep their end. Large enough for one JSON metrics record whole (DETR's and mmdet's
     * log.txt with every COCO AP run to 5-10 K chars, the main keys first), small enough to bound the work on junk.
     */
    static final int MAX_LINE = 16_384;

    // CSI (colours, cursor moves), OSC (titles, hyperlinks) and two-char escapes
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[@-Z\\\\-_]|\u009B[0-?]*[ -/]*[@-~]");
    private LineNormalizer() {
    }

    /** Strips ANSI codes, replaces control characters, keeps at most the last MAX_LINE chars. */
    static String clean(String raw) {
        String s = raw;
        if (s.length() > 4 * MAX_LINE) {
            s = s.substring(s.length() - 4 * MAX_LINE); // bound the regex work on huge lines
        }
        if (s.indexOf("#0") >= 0) {
            s = syslogUnescaped(s);
        }
        s = withoutAnsi(s);
        StringBuilder b = null;
        boolean ordinal = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            ordinal |= c == '\u7B2C';
            boolean bad = (c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c < 0xA0);
            if (bad) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('\uFFFD');
            } else if (b != null) {
                b.append(c);
            }
        }
        String out = b == null ? s : b.toString();
        if (ordinal) {
            out = ORDINAL.matcher(out).replaceAll("$2 $1");
        }
        return out.length() > MAX_LINE ? out.substring(out.length() - MAX_LINE) : out;
    }

    /** The line with its ANSI codes removed (the same line when it has none). */
    static String withoutAnsi(String s) {
        return s.indexOf('\u001B') >= 0 || s.indexOf('\u009B') >= 0 ? ANSI.matcher(s).replaceAll("") : s;
    }

    /**
     * A Chinese ordinal counter, "第 0590 轮" ("round 590"), "第3个epoch", "第 12/100 步": the counter's word after its
     * number, which the key readers want before it ("轮 0590").
     */
    private static final Pattern ORDINAL = Pattern.compile(
            "\u7B2C\\s*(\\d+(?:\\s*/\\s*\\d+)?)\\s*(?:\u4E2A\\s*)?(\u8F6E\u6B21|\u8F6E|\u6B65|\u6B21\u8FED\u4EE3|\u8FED\u4EE3"
                    + "|\u6279\u6B21|\u56DE\u5408|[Ee]poch|[Ss]tep|[Ii]ter(?:ation)?)");

    /**
     * rsyslog writes a control character as '#' and three octal digits (a tab "#011", ESC "#033", as in SageMaker's
     * CloudWatch logs: "samples/sec#011loss=11.17"): put back, so a tab separates and an ANSI code is removed.
     */
    /**
     * After "#0": the rest of an rsyslog escape, an octal control code ("#011", "#033") with no digit after it
     * ("#0123" is a number). Also the anchor pass's test for a line that needs cleaning.
     */
    static boolean syslogEscape(char d1, char d2, char next) {
        return d1 >= '0' && d1 <= '3' && d2 >= '0' && d2 <= '7' && !Nums.digit(next);
    }

    private static String syslogUnescaped(String s) {
        StringBuilder b = null;
        int last = 0;
        for (int i = s.indexOf("#0"); i >= 0 && i + 3 < s.length(); i = s.indexOf("#0", i + 1)) {
            char d1 = s.charAt(i + 2);
            char d2 = s.charAt(i + 3);
            if (!syslogEscape(d1, d2, i + 4 < s.length() ? s.charAt(i + 4) : ' ')) {
                continue;
            }
            if (b == null) {
                b = new StringBuilder(s.length());
            }
            b.append(s, last, i).append((char) ((d1 - '0') * 8 + (d2 - '0')));
            last = i + 4;
            i += 3;
        }
        return b == null ? s : b.append(s, last, s.length()).toString();
    }

    /**
     * Removes one launcher prefix: "[rank0]:", "[RANK 1]:", "[default0]:", "[trainer0|0]:", "[1,0]<stdout>:",
     * "rank0: ", "0: ", or a quote's "> ". Hand-written: it runs on every line.
     */
    static String stripRankPrefix(String line) {
        int end = rankPrefixEnd(line);
        return end <= 0 ? line : line.substring(end);
    }

    /** Whether {@link #stripRankPrefix} would cut something off s (without the copy). */
    static boolean hasRankPrefix(String s) {
        if (s.length() < 3) {
            return false;
        }
        char c0 = s.charAt(0);
        return (c0 == '[' || c0 == 'r' || c0 == '>' || Nums.digit(c0)) && rankPrefixEnd(s) > 0; // no prefix opens
        // otherwise
    }

    private static int rankPrefixEnd(String s) {
        int n = s.length();
        if (n < 3) {
            return 0;
        }
        char c0 = s.charAt(0);
        if (c0 == '>' && s.charAt(1) == ' ' && s.charAt(2) != ' ' && s.charAt(2) != '>') {
            return 2; // a log quoted in a GitHub comment or an e-mail: "> [61]\ttraining's multi_logloss: 0.039"
        }
        if (c0 == '[') {
            int close = s.indexOf(']', 1);
            if (close < 2 || close > 24) {
                return 0;
            }
            if (close + 1 < n && s.charAt(close + 1) == ':' && bracketRank(s, 1, close)) {
                return optionalBlank(s, close + 2);
            }
            if ((s.startsWith("<stdout>:", close + 1) || s.startsWith("<stderr>:", close + 1)) && mpiRank(s, 1, close)) {
                return optionalBlank(s, close + 10);
            }
            if (s.startsWith("rank", 1)) { // "[rank0: " (the \[?rank\d+\]?:\s form)
                return bareRank(s, 5);
            }
            return 0;
        }
        if (s.startsWith("rank")) {
            return bareRank(s, 4);
        }
        if (Nums.digit(c0)) { // "0: " then a non-blank
            int k = 1;
            while (k < n && k < 5 && Nums.digit(s.charAt(k))) {
                k++;
            }
            if (k <= 4 && k + 2 < n && s.charAt(k) == ':' && s.charAt(k + 1) == ' ' && !Character.isWhitespace(s.charAt(k + 2))
                    && !numberThenComma(s, k + 2)) {
                return k + 2;
            }
        }
        return 0;
    }

    /** "2: 2099.2, 2097.3 avg loss": darknet's iteration, not a launcher's rank, opens such a line. */
    private static boolean numberThenComma(String s, int at) {
        long r = Nums.number(s, at, s.length());
        int e = (int) (r >>> 32);
        return r >= 0 && e > at && e < s.length() && s.charAt(e) == ',';
    }

    /** rank\d+ then an optional ']' then ':' and a blank. */
    private static int bareRank(String s, int at) {
        int k = at;
        while (k < s.length() && Nums.digit(s.charAt(k))) {
            k++;
        }
        if (k == at) {
            return 0;
        }
        if (k < s.length() && s.charAt(k) == ']') {
            k++;
        }
        if (k + 1 < s.length() && s.charAt(k) == ':' && Character.isWhitespace(s.charAt(k + 1))) {
            return k + 2;
        }
        return 0;
    }

    /** (rank|RANK|Rank) blank? digits, or (default|trainer|rank) digits (|digits)? */
    private static boolean bracketRank(String s, int from, int to) {
        int k;
        if (s.startsWith("rank", from) || s.startsWith("RANK", from) || s.startsWith("Rank", from)) {
            k = from + 4;
            if (k < to && Character.isWhitespace(s.charAt(k))) {
                k++;
            }
            return digitsTo(s, k, to) == to;
        }
        if (s.startsWith("default", from)) {
            k = from + 7;
        } else if (s.startsWith("trainer", from)) {
            k = from + 7;
        } else {
            return false;
        }
        int d = digitsTo(s, k, to);
        if (d == k) {
            return false;
        }
        if (d < to && s.charAt(d) == '|') {
            int e = digitsTo(s, d + 1, to);
            return e > d + 1 && e == to;
        }
        return d == to;
    }

    private static boolean mpiRank(String s, int from, int to) {
        int d = digitsTo(s, from, to);
        if (d == from || d >= to || s.charAt(d) != ',') {
            return false;
        }
        int e = digitsTo(s, d + 1, to);
        return e > d + 1 && e == to;
    }

    private static int digitsTo(String s, int from, int to) {
        int k = from;
        while (k < to && Nums.digit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static int optionalBlank(String s, int at) {
        return at < s.length() && Character.isWhitespace(s.charAt(at)) ? at + 1 : at;
    }

    /** Splits on \n, \r\n and \r, cleans every part, drops blank parts, keeps the last maxLines. */
    static List<String> split(String text, int maxLines) {
        List<String> out = new ArrayList<>();
        if (text == null || maxLines <= 0) {
            return out;
        }
        int start = 0;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : '\n';
            if (c == '\n' || c == '\r') {
                if (i > start) {
                    String line = clean(text.substring(start, i));
                    if (!line.isBlank()) {
                        out.add(line);
                    }
                }
                start = i + 1;
            }
        }
        return out.size() > maxLines ? new ArrayList<>(out.subList(out.size() - maxLines, out.size())) : out;
    }
}
