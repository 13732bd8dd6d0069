package dev.babysitter.tools.logs;

/** A throughput reading as the log printed it. unit: "it/s" | "s/it" | "ms/iter" | "samples/s" | "tokens/s". */
public record Rate(double value, String unit) {

    /** Steps per second when the unit measures steps; null for sample/token rates (batch size unknown here). */
    public Double stepsPerSecond() {
        if (!(value > 0) || Double.isInfinite(value)) {
            return null;
        }
        return switch (unit) {
            case "it/s" -> value;
            case "s/it" -> 1.0 / value;
            case "ms/iter" -> 1000.0 / value;
            default -> null;
        };
    }
}
