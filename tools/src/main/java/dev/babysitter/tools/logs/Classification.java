package dev.babysitter.tools.logs;
/** TEMPORARY stand-in until the logs branch lands. */
public record Classification(FailureClass failureClass, String evidence, double confidence) {
  public String label() { return failureClass.label(); }
  public boolean healthy() { return failureClass == FailureClass.HEALTHY; } }
