package dev.babysitter.tools.logs;
/** TEMPORARY stand-in until the logs branch lands. */
public record Rate(double value, String unit) {}
