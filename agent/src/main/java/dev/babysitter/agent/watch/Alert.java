package dev.babysitter.agent.watch;

/**
 * One raised alert: what, the evidence a colleague can check, and the failure signature.
 * {@code atStep}: the step the failure began at where the log shows it (a NaN's onset), or null.
 */
public record Alert(AlertKind kind, String evidence, String signature, Long atStep) {
  public Alert(AlertKind kind, String evidence, String signature) {
    this(kind, evidence, signature, null);
  }

  public String summary() {
    return kind.label() + (signature == null ? "" : "/" + signature) + ": " + evidence;
  }
}
