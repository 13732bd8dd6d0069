package dev.babysitter.agent.runs;

import java.time.Instant;

/**
 * One run as {@code babysitter runs} shows it (and the MCP {@code runs} tool returns it):
 * null where the record does not know yet. {@code costUsd}: the instance's price over the time
 * it has been up; {@code eta}: when the final step comes at the current rate.
 */
public record RunRow(String run, String phase, Long step, Long finalStep, Double stepsPerSecond,
    Double costUsd, Instant eta, Instant nextCheckAt, String instance, String provider) {}
