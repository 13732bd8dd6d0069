package dev.babysitter.agent.session;

/** The spec names a provider this build cannot drive. */
public final class UnsupportedProviderException extends Exception {
  private static final long serialVersionUID = 1L;

  public UnsupportedProviderException(String message) {
    super(message);
  }
}
