package dev.babysitter.agent.cli;

import dev.babysitter.tools.vast.VastException;

/**
 * A Vast API failure as the CLI shows it: one line, no stack trace. A missing or rejected key is
 * a usage error (exit 2), like any other configuration the user has to fix; the message names
 * where the key came from and never the key itself (VastClient redacts it).
 */
final class VastFailure {
  private VastFailure() {}

  static UserException of(VastException e) {
    return new UserException(e.getMessage(),
        e.kind() == VastException.Kind.AUTH ? ExitCodes.USAGE : ExitCodes.FAILURE);
  }
}
