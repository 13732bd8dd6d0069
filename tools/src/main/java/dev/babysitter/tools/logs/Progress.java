package dev.babysitter.tools.logs;

/**
 * One progress reading. Any field may be null when the line does not carry it.
 * stepKind: "global" (optimizer/global step), "iteration" (loop counter), "epoch_batch" (batch within epoch).
 * nanInf is true when the TRAIN loss reads NaN or Inf.
 */
public record Progress(String format, Long step, String stepKind, Long epoch,
                       Long total, Double loss, Rate rate, Double stepsPerSecond, Double evalLoss, boolean nanInf) {

    static Progress of(String format, Long step, String stepKind, Long epoch, Long total,
                       Double loss, Rate rate, Double evalLoss) {
        Double sps = rate == null ? null : rate.stepsPerSecond();
        boolean bad = loss != null && (loss.isNaN() || loss.isInfinite());
        return new Progress(format, step, stepKind, epoch, total, loss, rate, sps, evalLoss, bad);
    }

    boolean hasStep() {
        return step != null;
    }
}
