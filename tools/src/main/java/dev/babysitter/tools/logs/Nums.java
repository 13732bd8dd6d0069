package dev.babysitter.tools.logs;

/** Lenient number parsing shared by the format rules; hand-written (no regex, no split); never throws. */
final class Nums {

    /** A float as trainers print it, including nan/inf spellings (for the regex-based rules). */
    static final String FLOAT = "[-+]?(?:\\d[\\d,]*(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?(?i:nan|inf(?:inity)?)";

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
            1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private Nums() {
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A whole token such as {@code 2.3}, {@code '1,234'}, {@code NaN}, {@code -inf}; null when it is not a number. */
    static Double dbl(String s) {
        if (s == null) {
            return null;
        }
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) <= ' ' || s.charAt(from) == '\'' || s.charAt(from) == '"')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) <= ' ' || s.charAt(to - 1) == '\'' || s.charAt(to - 1) == '"')) {
            to--;
        }
        if (from >= to) {
            return null;
        }
        double special = special(s, from, to);
        if (special == special || Double.isNaN(special) && isNanWord(s, from, to)) {
            return special;
        }
        long end = number(s, from, to);
        if (end < 0 || (int) (end >>> 32) != to) {
            return null;
        }
        return lastValue(s, from, to);
    }

    static Long lng(String s) {
        Double d = dbl(s);
        return d == null || d.isNaN() || d.isInfinite() ? null : Math.round(d);
    }

    /** tqdm's unit-scaled counts: "1.20k" -> 1200, "5.00M" -> 5000000, "18.0" -> 18; null when not a count. */
    static Long scaled(String s) {
        Double d = scaledDouble(s);
        return d == null ? null : Math.round(d);
    }

    static Double scaledDouble(String s) {
        return s == null ? null : scaledDouble(s, 0, s.length());
    }

    /** {@link #scaledDouble(String)} of s[from, to), read in place (tqdm's bar: no substring per count). */
    static Double scaledDouble(CharSequence s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) { // as String.strip: no whitespace is a surrogate
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return null;
        }
        double mult = multiplier(s.charAt(to - 1));
        int end = mult == 1 ? to : to - 1;
        long r = number(s, from, end);
        if (r < 0 || (int) (r >>> 32) != end) {
            return null;
        }
        return lastValue(s, from, end) * mult;
    }

    /** {@link #scaled(String)} of s[from, to), read in place. */
    static Long scaled(CharSequence s, int from, int to) {
        Double d = scaledDouble(s, from, to);
        return d == null ? null : Math.round(d);
    }

    static double multiplier(char c) {
        return switch (c) {
            case 'k', 'K' -> 1e3;
            case 'M' -> 1e6;
            case 'G', 'B' -> 1e9;
            case 'T' -> 1e12;
            default -> 1;
        };
    }

    /** "4.99it/s" / "1.23s/it" / "1.2kit/s" into a Rate; null for "?it/s" or unknown units. */
    static Rate tqdmRate(String s) {
        return s == null ? null : tqdmRate(s, 0, s.length());
    }

    /** {@link #tqdmRate(String)} of s[from, to), read in place. */
    static Rate tqdmRate(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        if (to - from < 5) {
            return null;
        }
        String unit = s.startsWith("it/s", to - 4) ? "it/s" : s.startsWith("s/it", to - 4) ? "s/it" : null;
        if (unit == null) {
            return null;
        }
        Double v = scaledDouble(s, from, to - 4);
        return v == null ? null : new Rate(v, unit);
    }

    /**
     * Scans a plain number (sign, digits, thousands commas, fraction, exponent) at {@code from}. Returns
     * {@code (end << 32) | flags} (flag 1: had a fraction or exponent) or -1 when there is no number there. The value
     * is read with {@link #lastValue} over the same range: split in two so that callers allocate nothing.
     */
    static long number(CharSequence s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        int intDigits = 0;
        while (i < to) {
            char c = s.charAt(i);
            if (digit(c)) {
                i++;
                digits++;
                intDigits++;
            } else if (c == ',' && intDigits > 0 && intDigits <= 3 && thousands(s, i, to)) {
                i += 4; // "5,856": a thousands group, never the ", " between fields
                digits += 3;
                intDigits = 1; // later groups need exactly three digits too
            } else {
                break;
            }
        }
        long flags = 0;
        if (i < to && s.charAt(i) == '.') {
            int j = i + 1;
            while (j < to && digit(s.charAt(j))) {
                j++;
            }
            if (j > i + 1 || digits > 0) {
                digits += j - i - 1;
                i = j;
                flags = 1;
            }
        }
        if (digits == 0) {
            return -1;
        }
        if (i + 1 < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (s.charAt(j) == '-' || s.charAt(j) == '+') {
                j++;
            }
            int k = j;
            while (k < to && digit(s.charAt(k))) {
                k++;
            }
            if (k > j) {
                i = k;
                flags = 1;
            }
        } else if (i + 2 < to && (s.charAt(i) == 'D' || s.charAt(i) == 'd') && (s.charAt(i + 1) == '-' || s.charAt(i + 1) == '+')
                && digit(s.charAt(i + 2))) {
            int k = i + 2; // Fortran's double precision ("2.27005D+02", L-BFGS-B's report): always signed
            while (k < to && digit(s.charAt(k))) {
                k++;
            }
            i = k;
            flags = 1;
        }
        return ((long) i << 32) | flags;
    }

    private static boolean thousands(CharSequence s, int comma, int to) {
        if (comma + 3 >= to) {
            return false;
        }
        for (int k = 1; k <= 3; k++) {
            if (!digit(s.charAt(comma + k))) {
                return false;
            }
        }
        return comma + 4 >= to || !digit(s.charAt(comma + 4));
    }

    /** The value of a range {@link #number} accepted; exact (correctly rounded) for every input. */
    static double lastValue(CharSequence s, int from, int to) {
        long mant = 0;
        int sig = 0;
        int exp10 = 0;
        boolean neg = false;
        boolean frac = false;
        int i = from;
        if (s.charAt(i) == '-' || s.charAt(i) == '+') {
            neg = s.charAt(i) == '-';
            i++;
        }
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (digit(c)) {
                if (sig < 18) {
                    mant = mant * 10 + (c - '0');
                    if (mant != 0) {
                        sig++;
                    }
                    if (frac) {
                        exp10--;
                    }
                } else {
                    sig++;
                    if (!frac) {
                        exp10++;
                    }
                }
            } else if (c == '.') {
                frac = true;
            } else if (c == 'e' || c == 'E' || c == 'D' || c == 'd') {
                int e = 0;
                boolean eneg = false;
                int j = i + 1;
                if (s.charAt(j) == '-' || s.charAt(j) == '+') {
                    eneg = s.charAt(j) == '-';
                    j++;
                }
                for (; j < to && e < 10000; j++) {
                    e = e * 10 + (s.charAt(j) - '0');
                }
                exp10 += eneg ? -e : e;
                break;
            }
        }
        double v;
        if ((sig <= 15 || sig <= 18 && mant <= 1L << 53) && exp10 >= -22 && exp10 <= 22) {
            // Clinger's fast path: both operands exact (every digit is in mant, and mant fits a double's 53 bits:
            // Python's 16- and 17-digit reprs mostly do), one correctly rounded operation
            v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
        } else if (sig <= 18 && exp10 >= -22 && exp10 < 0) {
            v = nearest(mant, -exp10); // 16-18 digits (Python's float repr): no string, no FloatingDecimal
        } else {
            v = slow(s, from, to);
        }
        return neg ? -v : v;
    }

    private static double slow(CharSequence s, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != ',' && c != '-' && c != '+' || i > from && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E'
                    || s.charAt(i - 1) == 'D' || s.charAt(i - 1) == 'd')) {
                b.append(c == 'D' || c == 'd' ? 'E' : c);
            }
        }
        try {
            return Math.abs(Double.parseDouble(b.toString()));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** NaN / ±Infinity for nan/inf/infinity spellings (any case, optional sign), otherwise NaN with no match. */
    static double special(CharSequence s, int from, int to) {
        boolean neg = false;
        int i = from;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int n = to - i;
        if (n == 3 && eqIgnoreCase(s, i, "nan")) {
            return Double.NaN;
        }
        if (n == 3 && eqIgnoreCase(s, i, "inf") || n == 8 && eqIgnoreCase(s, i, "infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    static boolean isNanWord(CharSequence s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        return to - i == 3 && eqIgnoreCase(s, i, "nan");
    }

    /** Case-insensitive comparison of s[at..] with a lower-case ASCII word. */
    static boolean eqIgnoreCase(CharSequence s, int at, String lower) {
        if (at + lower.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            char c = s.charAt(at + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }


    // the same readers over a char array (MetricScanner's line buffer: no interface call, no bounds re-check)

    static long number(char[] s, int from, int to) {
        int i = from;
        if (i < to && (s[i] == '-' || s[i] == '+')) {
            i++;
        }
        int digits = 0;
        int intDigits = 0;
        while (i < to) {
            char c = s[i];
            if (digit(c)) {
                i++;
                digits++;
                intDigits++;
            } else if (c == ',' && intDigits > 0 && intDigits <= 3 && thousands(s, i, to)) {
                i += 4; // "5,856": a thousands group, never the ", " between fields
                digits += 3;
                intDigits = 1; // later groups need exactly three digits too
            } else {
                break;
            }
        }
        long flags = 0;
        if (i < to && s[i] == '.') {
            int j = i + 1;
            while (j < to && digit(s[j])) {
                j++;
            }
            if (j > i + 1 || digits > 0) {
                digits += j - i - 1;
                i = j;
                flags = 1;
            }
        }
        if (digits == 0) {
            return -1;
        }
        if (i + 1 < to && (s[i] == 'e' || s[i] == 'E')) {
            int j = i + 1;
            if (s[j] == '-' || s[j] == '+') {
                j++;
            }
            int k = j;
            while (k < to && digit(s[k])) {
                k++;
            }
            if (k > j) {
                i = k;
                flags = 1;
            }
        } else if (i + 2 < to && (s[i] == 'D' || s[i] == 'd') && (s[i + 1] == '-' || s[i + 1] == '+')
                && digit(s[i + 2])) {
            int k = i + 2; // Fortran's double precision ("2.27005D+02", L-BFGS-B's report): always signed
            while (k < to && digit(s[k])) {
                k++;
            }
            i = k;
            flags = 1;
        }
        return ((long) i << 32) | flags;
    }

    private static boolean thousands(char[] s, int comma, int to) {
        if (comma + 3 >= to) {
            return false;
        }
        for (int k = 1; k <= 3; k++) {
            if (!digit(s[comma + k])) {
                return false;
            }
        }
        return comma + 4 >= to || !digit(s[comma + 4]);
    }

    static double lastValue(char[] s, int from, int to) {
        long mant = 0;
        int sig = 0;
        int exp10 = 0;
        boolean neg = false;
        boolean frac = false;
        int i = from;
        if (s[i] == '-' || s[i] == '+') {
            neg = s[i] == '-';
            i++;
        }
        for (; i < to; i++) {
            char c = s[i];
            if (digit(c)) {
                if (sig < 18) {
                    mant = mant * 10 + (c - '0');
                    if (mant != 0) {
                        sig++;
                    }
                    if (frac) {
                        exp10--;
                    }
                } else {
                    sig++;
                    if (!frac) {
                        exp10++;
                    }
                }
            } else if (c == '.') {
                frac = true;
            } else if (c == 'e' || c == 'E' || c == 'D' || c == 'd') {
                int e = 0;
                boolean eneg = false;
                int j = i + 1;
                if (s[j] == '-' || s[j] == '+') {
                    eneg = s[j] == '-';
                    j++;
                }
                for (; j < to && e < 10000; j++) {
                    e = e * 10 + (s[j] - '0');
                }
                exp10 += eneg ? -e : e;
                break;
            }
        }
        double v;
        if ((sig <= 15 || sig <= 18 && mant <= 1L << 53) && exp10 >= -22 && exp10 <= 22) {
            // Clinger's fast path: both operands exact (every digit is in mant, and mant fits a double's 53 bits:
            // Python's 16- and 17-digit reprs mostly do), one correctly rounded operation
            v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
        } else if (sig <= 18 && exp10 >= -22 && exp10 < 0) {
            v = nearest(mant, -exp10); // 16-18 digits (Python's float repr): no string, no FloatingDecimal
        } else {
            v = slow(s, from, to);
        }
        return neg ? -v : v;
    }

    private static final long[] POW5 = new long[23];

    static {
        POW5[0] = 1;
        for (int k = 1; k < POW5.length; k++) {
            POW5[k] = POW5[k - 1] * 5;
        }
    }

    /**
     * The double nearest mant / 10^p (ties to even), exactly, for 10^15 <= mant < 10^18 and 1 <= p <= 22: the
     * two-rounding estimate is within two ulps, then walked to the right neighbour by exact 128-bit comparisons
     * with the midpoints (every candidate is a normal double).
     */
    private static double nearest(long mant, int p) {
        double v = mant / POW10[p];
        for (int guard = 0; guard < 8; guard++) {
            int up = vsMidAbove(mant, p, v);
            if (up > 0 || up == 0 && (Double.doubleToRawLongBits(v) & 1) != 0) {
                v = Math.nextUp(v);
                continue;
            }
            double down = Math.nextDown(v);
            int dn = vsMidAbove(mant, p, down);
            if (dn < 0 || dn == 0 && (Double.doubleToRawLongBits(v) & 1) != 0) {
                v = down;
                continue;
            }
            return v;
        }
        return v;
    }

    /** mant / 10^p compared with the midpoint between a (a positive normal double) and the next double up. */
    private static int vsMidAbove(long mant, int p, double a) {
        long bits = Double.doubleToRawLongBits(a);
        long m2 = ((bits & ((1L << 52) - 1)) | (1L << 52)) * 2 + 1; // midpoint = m2 * 2^(q - 1)
        int q = (int) (bits >>> 52 & 0x7FF) - 1075;
        // mant / 10^p vs m2 * 2^(q-1)  <=>  mant * 2^(1-q-p) vs m2 * 5^p (both below 2^110)
        long rLo = m2 * POW5[p];
        long rHi = Math.multiplyHigh(m2, POW5[p]);
        long lHi;
        long lLo;
        int sh = 1 - q - p;
        if (sh >= 0) {
            lHi = sh == 0 ? 0 : sh >= 64 ? mant << (sh - 64) : mant >>> (64 - sh);
            lLo = sh >= 64 ? 0 : mant << sh;
        } else {
            int t = -sh; // small: the right side shifts instead
            lHi = 0;
            lLo = mant;
            rHi = rHi << t | rLo >>> (64 - t);
            rLo = rLo << t;
        }
        int c = Long.compareUnsigned(lHi, rHi);
        return c != 0 ? c : Long.compareUnsigned(lLo, rLo);
    }

    private static double slow(char[] s, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s[i];
            if (c != ',' && c != '-' && c != '+' || i > from && (s[i - 1] == 'e' || s[i - 1] == 'E'
                    || s[i - 1] == 'D' || s[i - 1] == 'd')) {
                b.append(c == 'D' || c == 'd' ? 'E' : c);
            }
        }
        try {
            return Math.abs(Double.parseDouble(b.toString()));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static double special(char[] s, int from, int to) {
        boolean neg = false;
        int i = from;
        if (i < to && (s[i] == '-' || s[i] == '+')) {
            neg = s[i] == '-';
            i++;
        }
        int n = to - i;
        if (n == 3 && eqIgnoreCase(s, i, "nan")) {
            return Double.NaN;
        }
        if (n == 3 && eqIgnoreCase(s, i, "inf") || n == 8 && eqIgnoreCase(s, i, "infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.NaN;
    }

    static boolean isNanWord(char[] s, int from, int to) {
        int i = from;
        if (i < to && (s[i] == '-' || s[i] == '+')) {
            i++;
        }
        return to - i == 3 && eqIgnoreCase(s, i, "nan");
    }

    static boolean eqIgnoreCase(char[] s, int at, String lower) {
        if (at + lower.length() > s.length) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            char c = s[at + k];
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if (c != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
