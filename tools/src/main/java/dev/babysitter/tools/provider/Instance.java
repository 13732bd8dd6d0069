package dev.babysitter.tools.provider;

/**
 * A machine running one run's supervisor. {@code home} is the instance directory of
 * docs/instance-layout.md as seen from the instance's own shell.
 */
public record Instance(String id, String runName, String provider, String home, String url,
    double dollarsPerHour, String hardware) {}
