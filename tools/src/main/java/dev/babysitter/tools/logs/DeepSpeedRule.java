package dev.babysitter.tools.logs;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DeepSpeed engine output: {@code [Rank 0] step=100, skipped=0, lr=[...], mom=[...]},
 * {@code steps: 100 loss: 2.34 iter time (s): 0.5 samples/sec: 64} and the timer line
 * {@code RunningAvgSamplesPerSec=14.45, CurrSamplesPerSec=9.85} (rate only, no step).
 */
final class DeepSpeedRule implements FormatRule {

    private static final String F = "(" + Nums.FLOAT + ")";
    private static final Pattern STEP = Pattern.compile("\\bstep=(\\d+), skipped=(\\d+)");
    private static final Pattern STEPS = Pattern.compile("\\bsteps:\\s*(\\d+)\\s+loss:\\s*" + F
            + "(?:\\s+iter time \\(s\\):\\s*" + F + ")?(?:\\s+samples/sec:\\s*" + F + ")?");
    // the timer line is read by hand: "0/1248, RunningAvgSamplesPerSec=14.45" (0.7), "0/40, SamplesPerSec=83.4"
    // (older), "epoch=0/micro_step=34/global_step=34, RunningAvgSamplesPerSec=7.86" (0.9+)

    @Override
    public List<String> names() {
        return List.of("deepspeed");
    }

    @Override
    public long needsAll() {
        return 0;
    }

    @Override
    public long needsAny() {
        return Anchors.W_SKIPPED | Anchors.W_STEPS_COLON | Anchors.W_SAMPLES_PER_SEC;
    }

    @Override
    public boolean mayMatch(String line, long a) {
        return Anchors.any(a, Anchors.W_SKIPPED | Anchors.W_STEPS_COLON | Anchors.W_SAMPLES_PER_SEC);
    }

    @Override
    public Optional<Progress> parse(String line) {
        Matcher m = Rx.at(STEP, line, "step=");
        if (m != null) {
            return Optional.of(Progress.of("deepspeed", Nums.lng(m.group(1)), "global", null, null, null, null, null));
        }
        m = Rx.at(STEPS, line, "steps:");
        if (m != null) {
            Rate rate = null;
            if (m.group(4) != null) {
                rate = new Rate(Nums.dbl(m.group(4)), "samples/s");
            } else if (m.group(3) != null) {
                rate = new Rate(Nums.dbl(m.group(3)), "s/it");
            }
            return Optional.of(Progress.of("deepspeed", Nums.lng(m.group(1)), "global", null, null,
                    Nums.dbl(m.group(2)), rate, null));
        }
        Double v = Rx.number(line, "RunningAvgSamplesPerSec=");
        if (v == null) {
            v = Rx.number(line, "SamplesPerSec=");
        }
        if (v != null) {
            Double gs = line.contains("/global_step=") ? Rx.number(line, "global_step=") : null;
            Long step = gs == null || gs.isNaN() ? null : Math.round(gs);
            return v == null || v.isNaN() ? Optional.empty()
                    : Optional.of(Progress.of("deepspeed", step, step == null ? null : "global", null, null, null,
                    new Rate(v, "samples/s"), null));
        }
        return Optional.empty();
    }
}
