package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * torchtitan metrics line:
 * {@code step: 200  loss:  6.1384  memory: 49.66GiB(52.28%)  tps: 5,856  tflops: 339.16  mfu: 34.29%}
 * (ANSI-coloured on a TTY; colours are stripped before we get here). {@code validate step:} lines are eval.
 */
final class TorchtitanRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    private static final Pattern STEP = Pattern.compile("\\b(validate\\s+)?step:\\s*(\\d+)\\s+loss:\\s*" + F);
    private static final Pattern TPS = Pattern.compile("\\btps:\\s*([\\d,]+(?:\\.\\d+)?)");

    @Override
    public List<String> names() {
        return List.of("torchtitan");
    }

    @Override
    public boolean mayMatch(String line) {
        return line.contains("step:") && line.contains("loss:");
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = STEP.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        Long step = Nums.lng(m.group(2));
        Double loss = Nums.dbl(m.group(3));
        if (m.group(1) != null) {
            return Optional.of(Progress.of("torchtitan", step, "global", null, null, null, null, loss));
        }
        Double tps = Nums.dbl(Rx.find(TPS, line));
        Rate rate = tps == null ? null : new Rate(tps, "tokens/s");
        return Optional.of(Progress.of("torchtitan", step, "global", null, null, loss, rate, null));
    }
}
