package dev.babysitter.agent.watch;

/** One raised alert: what, the evidence a colleague can check, and the failure signature. */
public record Alert(AlertKind kind, String evidence, String signature) {
  public String summary() {
    return kind.label() + (signature == null ? "" : "/" + signature) + ": " + evidence;
  }
}
