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
    private static final Pattern STEP = Pattern.compile("\\bstep:\\s*(\\d+)\\s+loss:\\s*" + F);

    @Override
    public List<String> names() {
        return List.of("torchtitan");
    }

    @Override
    public long needsAll() {
        return Anchors.W_STEP_COLON | Anchors.W_LOSS_COLON;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return Anchors.has(a, Anchors.W_STEP_COLON | Anchors.W_LOSS_COLON);
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.at(STEP, line, "step:");
        if (m == null) {
            return Optional.empty();
        }
        Long step = Nums.lng(m.group(1));
        Double loss = Nums.dbl(m.group(2));
        if (line.substring(0, m.start()).stripTrailing().endsWith("validate")) {
            return Optional.of(Progress.of("torchtitan", step, "global", null, null, null, null, loss));
        }
        Double tps = Rx.number(line, "tps:");
        Rate rate = tps == null ? null : new Rate(tps, "tokens/s");
        return Optional.of(Progress.of("torchtitan", step, "global", null, null, loss, rate, null));
    }
}
