package dev.babysitter.tools.logs;

/** A throughput reading as the log printed it. unit: "it/s" | "s/it" | "ms/iter" | "samples/s" | "tokens/s". */
public record Rate(double value, String unit) {

    /** Steps per second when the unit measures steps; null for sample/token rates (batch size unknown here). */
    public Double stepsPerSecond() {
        if (!(value > 0) || Double.isInfinite(value)) {
            return null;
        }
        // by length and first char: called for every reading, and a string switch hashes the unit each time
        int n = unit.length();
        char f = n == 0 ? 0 : unit.charAt(0);
        if (n == 4 && f == 'i' && unit.equals("it/s")) {
            return value;
        }
        if (n == 4 && f == 's' && unit.equals("s/it")) {
            return 1.0 / value;
        }
        if (n == 7 && f == 'm' && unit.equals("ms/iter")) {
            return 1000.0 / value;
        }
        return null;
    }
}
