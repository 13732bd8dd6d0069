package dev.babysitter.tools.logs;

/**
 * One progress reading. Any field may be null when the line does not carry it.
 * stepKind: "global" (optimizer/global step), "iteration" (loop counter), "epoch_batch" (batch within epoch).
 * globalStep: equals step for global/iteration readings; for epoch_batch readings it is derived as
 * {@code (epoch - firstEpoch) * total + step} when the epoch and the batches per epoch are known, else null
 * (stepKind stays "epoch_batch": the derivation is ours, not the log's).
 * nanInf is true when the TRAIN loss reads NaN or Inf.
 */
public record Progress(String format, Long step, String stepKind, Long epoch, Long total, Long globalStep,
                       Double loss, Rate rate, Double stepsPerSecond, Double evalLoss, boolean nanInf) {

    static Progress of(String format, Long step, String stepKind, Long epoch, Long total,
                       Double loss, Rate rate, Double evalLoss) {
        Double sps = rate == null ? null : rate.stepsPerSecond();
        boolean bad = loss != null && (loss.isNaN() || loss.isInfinite());
        return new Progress(format, step, stepKind, epoch, total, deriveGlobal(format, step, stepKind, epoch, total),
                loss, rate, sps, evalLoss, bad);
    }

    /** Global step for a reading; see the class comment. */
    static Long deriveGlobal(String format, Long step, String stepKind, Long epoch, Long total) {
        if (step == null) {
            return null;
        }
        if (!"epoch_batch".equals(stepKind)) {
            return step;
        }
        if (epoch == null || total == null || total <= 0) {
            return null;
        }
        long done = epoch - firstEpoch(format);
        if (done < 0 || done > Long.MAX_VALUE / 2 / total) {
            return null;
        }
        return done * total + step;
    }

    /** Whether the format counts epochs from 0 (Lightning, MetricLogger) or from 1 (most others). */
    static int firstEpoch(String format) {
        if (format == null) {
            return 0;
        }
        return switch (format) {
            case "lightning", "nemo", "metric_logger", "custom" -> 0;
            default -> 1;
        };
    }

    /** Same reading with the epoch filled in (from an earlier "Epoch N/M" line) and the global step re-derived. */
    Progress withEpoch(Long newEpoch) {
        return new Progress(format, step, stepKind, newEpoch, total,
                deriveGlobal(format, step, stepKind, newEpoch, total), loss, rate, stepsPerSecond, evalLoss, nanInf);
    }

    boolean hasStep() {
        return step != null;
    }
}
