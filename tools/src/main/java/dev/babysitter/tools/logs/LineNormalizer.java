package dev.babysitter.tools.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Shared line clean-up: ANSI removal, control-character replacement, length cap, rank-prefix removal. */
final class LineNormalizer {

    static final int MAX_LINE = 4096;

    // CSI (colours, cursor moves), OSC (titles, hyperlinks) and two-char escapes
    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[@-Z\\\\-_]|\u009B[0-?]*[ -/]*[@-~]");
    private static final Pattern RANK_PREFIX = Pattern.compile(
            "^(?:\\[(?:rank|RANK|Rank)\\s?\\d+\\]:\\s?|\\[(?:default|trainer|rank)\\d+(?:\\|\\d+)?\\]:\\s?|\\[\\d+,\\d+\\]<std(?:out|err)>:\\s?|\\[?rank\\d+\\]?:\\s|\\d{1,4}: (?=\\S))");

    private LineNormalizer() {
    }

    /** Strips ANSI codes, replaces control characters, keeps at most the last MAX_LINE chars. */
    static String clean(String raw) {
        String s = raw;
        if (s.length() > 4 * MAX_LINE) {
            s = s.substring(s.length() - 4 * MAX_LINE); // bound the regex work on huge lines
        }
        if (s.indexOf('\u001B') >= 0 || s.indexOf('\u009B') >= 0) {
            s = ANSI.matcher(s).replaceAll("");
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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
        return out.length() > MAX_LINE ? out.substring(out.length() - MAX_LINE) : out;
    }

    /** Removes one launcher prefix such as "[rank0]:", "0: " or "[1,0]<stdout>:". */
    static String stripRankPrefix(String line) {
        return RANK_PREFIX.matcher(line).replaceFirst("");
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
