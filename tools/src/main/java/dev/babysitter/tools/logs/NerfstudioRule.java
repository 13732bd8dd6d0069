package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;

/**
 * nerfstudio's trainer table (NeRF and Gaussian-splatting methods built on it), a row per report under
 * {@code Step (% Done)   Train Iter (time)   ETA (time)   Train Rays / Sec}: {@code 4310 (86.18%)   44.431 ms   30 s,
 * 701.883 ms   14.51 M}, often followed by rich's {@code file.py:566}. No loss is printed; the row gives the step and
 * the time per iteration.
 */
final class NerfstudioRule implements FormatRule {

    @Override
    public List<String> names() {
        return List.of("nerfstudio");
    }

    @Override
    public long needsAll() {
        return Anchors.DIGIT | Anchors.PCT;
    }

    @Override
    public boolean mayMatch(String line, long anchors) {
        return !line.isEmpty() && Nums.digit(line.charAt(0)) && line.indexOf("%)") > 0;
    }

    @Override
    public Optional<Progress> parse(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && Nums.digit(line.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 12 || !line.startsWith(" (", i)) {
            return Optional.empty();
        }
        int close = line.indexOf("%)", i);
        if (close < 0 || close - i > 10) {
            return Optional.empty();
        }
        for (int k = i + 2; k < close; k++) {
            char c = line.charAt(k);
            if (!(Nums.digit(c) || c == '.')) {
                return Optional.empty();
            }
        }
        int t = close + 2;
        while (t < n && line.charAt(t) == ' ') {
            t++;
        }
        int te = t;
        while (te < n && (Nums.digit(line.charAt(te)) || line.charAt(te) == '.')) {
            te++;
        }
        if (te == t || !line.startsWith(" ms", te) && !line.startsWith(" s", te)) {
            return Optional.empty(); // the second column is the time per iteration
        }
        double time;
        try {
            time = Double.parseDouble(line.substring(t, te));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Rate rate = line.startsWith(" ms", te) ? new Rate(time, "ms/iter") : new Rate(time, "s/it");
        long step = Long.parseLong(line.substring(0, i));
        return Optional.of(Progress.of("nerfstudio", step, "global", null, null, null, rate, null));
    }
}
