package dev.babysitter.tools.logs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lenient number parsing shared by the format rules; never throws. */
final class Nums {

    /** A float as trainers print it, including nan/inf spellings. */
    static final String FLOAT = "[-+]?(?:\\d[\\d,]*(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?(?i:nan|inf(?:inity)?)";

    private static final Pattern SCALED = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)([kKMGT]?)");

    private Nums() {
    }

    static Double dbl(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim().replace(",", "");
        if (t.startsWith("'") || t.startsWith("\"")) {
            t = t.substring(1);
        }
        if (t.endsWith("'") || t.endsWith("\"")) {
            t = t.substring(0, t.length() - 1);
        }
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("nan")) {
            return Double.NaN;
        }
        if (lower.matches("[-+]?inf(inity)?")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Long lng(String s) {
        Double d = dbl(s);
        return d == null || d.isNaN() || d.isInfinite() ? null : Math.round(d);
    }

    /** tqdm's unit-scaled counts: "1.20k" -> 1200, "5.00M" -> 5000000, "18.0" -> 18. */
    static Long scaled(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = SCALED.matcher(s.trim());
        if (!m.lookingAt()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        double mult = switch (m.group(2)) {
            case "k", "K" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            case "T" -> 1e12;
            default -> 1;
        };
        return Math.round(v * mult);
    }

    /** "4.99it/s" / "1.23s/it" / "1.2kit/s" into a Rate; null for "?it/s" or unknown units. */
    static Rate tqdmRate(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.length() < 5) {
            return null;
        }
        String num = t.substring(0, t.length() - 4);
        if (t.endsWith("it/s")) {
            Double v = scaledDouble(num);
            return v == null ? null : new Rate(v, "it/s");
        }
        if (t.endsWith("s/it")) {
            Double v = scaledDouble(num);
            return v == null ? null : new Rate(v, "s/it");
        }
        return null;
    }

    static Double scaledDouble(String s) {
        Matcher m = SCALED.matcher(s.trim());
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "k", "K" -> v * 1e3;
            case "M" -> v * 1e6;
            case "G" -> v * 1e9;
            case "T" -> v * 1e12;
            default -> v;
        };
    }
}
