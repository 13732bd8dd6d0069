package dev.babysitter.tools.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small regex helpers so the rules stay declarative. */
final class Rx {

    private Rx() {
    }

    /** First capture group of the first match, or null. */
    static String find(Pattern p, CharSequence s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    static Double findDouble(Pattern p, CharSequence s) {
        return Nums.dbl(find(p, s));
    }

    static Long findLong(Pattern p, CharSequence s) {
        return Nums.lng(find(p, s));
    }

    /** Pattern for "key: number" / "key=number" with the given separator regex. */
    static Pattern field(String keyRegex, String sepRegex) {
        return Pattern.compile("(?<![\\w/.])(?:" + keyRegex + ")" + sepRegex + "\\s*['\"]?(" + Nums.FLOAT + ")");
    }
}
