package dev.babysitter.agent.session;

import java.io.IOException;

/**
 * Something about the user's set-up that they can fix (a logbook repository without its
 * remote, say): the CLI prints the message as one line with the usage exit code.
 */
public final class SetupProblemException extends IOException {
  private static final long serialVersionUID = 1L;

  public SetupProblemException(String message) {
    super(message);
  }
}
