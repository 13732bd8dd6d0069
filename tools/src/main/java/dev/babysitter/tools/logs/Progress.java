package dev.babysitter.tools.logs;
/** TEMPORARY stand-in until the logs branch lands. */
public record Progress(String format, Long step, String stepKind, Long epoch, Long total, Double loss,
    Rate rate, Double stepsPerSecond, Double evalLoss, boolean nanInf) {}
