package dev.babysitter.agent.policy;

/** A policy file that cannot be used; the message names the file and the field. */
public final class InvalidPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidPolicyException(String message) {
    super(message);
  }
}
