package dev.babysitter.tools.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small regex helpers so the rules stay declarative, and fast: a pattern is only ever tried where a literal it
 * starts with occurs ({@link #at}), never slid over the whole line, and "key: number" fields are found with
 * indexOf and read by hand ({@link #number}).
 */
final class Rx {

    private Rx() {
    }

    /** First capture group of the first match, or null. */
    static String find(Pattern p, CharSequence s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    /**
     * {@link #find} for a pattern whose every match starts with the char {@code first} and holds the text
     * {@code need}, and that looks at nothing outside its match (no anchor, lookaround or \\b): null without
     * {@code need}, else the pattern is tried only where {@code first} occurs, left to right, as find would meet them.
     */
    static String find(Pattern p, String s, char first, String need) {
        if (s.indexOf(need) < 0) {
            return null;
        }
        Matcher m = null;
        for (int i = s.indexOf(first); i >= 0; i = s.indexOf(first, i + 1)) {
            if (m == null) {
                m = p.matcher(s);
            }
            m.region(i, s.length());
            if (m.lookingAt()) {
                return m.group(1);
            }
        }
        return null;
    }

    static Double findDouble(Pattern p, CharSequence s) {
        return Nums.dbl(find(p, s));
    }

    static Long findLong(Pattern p, CharSequence s) {
        return Nums.lng(find(p, s));
    }

    /**
     * (With {@code required}: only on lines that also contain that text, which the pattern needs further on.)
     * A matcher that matched {@code p} starting exactly at an occurrence of {@code literal} (where p's match must
     * begin), or null. Lookbehinds and \b still see the text before (transparent bounds).
     */
    /** Whether some occurrence of {@code word} is followed, after blanks, by {@code a} or {@code b}. */
    static boolean followedBy(String s, String word, char a, char b) {
        for (int i = s.indexOf(word); i >= 0; i = s.indexOf(word, i + 1)) {
            int j = i + word.length();
            while (j < s.length() && s.charAt(j) == ' ') {
                j++;
            }
            if (j < s.length() && (s.charAt(j) == a || s.charAt(j) == b)) {
                return true;
            }
        }
        return false;
    }

    static Matcher at(Pattern p, String s, String literal, String required) {
        return s.indexOf(required) < 0 ? null : at(p, s, literal);
    }

    static Matcher at(Pattern p, String s, String literal) {
        int i = s.indexOf(literal);
        if (i < 0) {
            return null;
        }
        Matcher m = p.matcher(s).useTransparentBounds(true).useAnchoringBounds(false);
        for (int guard = 0; i >= 0 && guard < 64; guard++) {
            m.region(i, s.length());
            if (m.lookingAt()) {
                return m;
            }
            i = s.indexOf(literal, i + 1);
        }
        return null;
    }

    /**
     * The pattern matched at the start of the line, or null; tried only when the line starts with {@code prefix}
     * (null: with a digit or a blank), so most lines cost one comparison and no Matcher.
     */
    static Matcher start(Pattern p, String s, String prefix) {
        if (prefix == null ? s.isEmpty() || !(Nums.digit(s.charAt(0)) || s.charAt(0) == ' ') : !s.startsWith(prefix)) {
            return null;
        }
        Matcher m = p.matcher(s);
        return m.lookingAt() ? m : null;
    }

    /**
     * The number after {@code key} (e.g. "loss:" or "time: "), where key is not preceded by a word character, '/'
     * or '.' ("loss_cls:", "train/loss:" do not count): blanks and one quote are skipped. Null when absent.
     */
    static Double number(String s, String key) {
        for (int i = s.indexOf(key); i >= 0; i = s.indexOf(key, i + 1)) {
            if (i > 0) {
                char b = s.charAt(i - 1);
                if (MetricScanner.isWordChar(b) || b == '/' || b == '.') {
                    continue;
                }
            }
            Double v = numberAt(s, i + key.length());
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The number (or nan/inf word) at s[i..] after blanks and an optional quote, or null. */
    static Double numberAt(String s, int i) {
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        if (i < n && (s.charAt(i) == '\'' || s.charAt(i) == '"')) {
            i++;
        }
        long r = Nums.number(s, i, n);
        if (r >= 0) {
            return Nums.lastValue(s, i, (int) (r >>> 32));
        }
        int e = i;
        if (e < n && (s.charAt(e) == '-' || s.charAt(e) == '+')) {
            e++;
        }
        while (e < n && MetricScanner.isLetter(s.charAt(e))) {
            e++;
        }
        double sp = Nums.special(s, i, e);
        return sp == sp || Nums.isNanWord(s, i, e) ? sp : null;
    }

    /** Pattern for "key: number" / "key=number" with the given separator regex. */
    static Pattern field(String keyRegex, String sepRegex) {
        return Pattern.compile("(?<![\\w/.])(?:" + keyRegex + ")" + sepRegex + "\\s*['\"]?(" + Nums.FLOAT + ")");
    }
}
