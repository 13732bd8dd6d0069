package dev.babysitter.tools.shell;

import java.io.IOException;

/**
 * The SSH link failed, not the command. The watcher treats every such failure as "monitor
 * stale", never as "run unhealthy". {@link Kind#retryable} says whether reconnecting can help.
 */
public final class SshShellException extends IOException {

  public enum Kind {
    /** Connection refused, timed out, or the handshake broke off. */
    UNREACHABLE(true),
    /** The session died while a command was running. */
    SESSION_LOST(true),
    /** The server refused our key; retrying with the same key will not help. */
    AUTH_REFUSED(false),
    /** The host key differs from the recorded one: possible interception; never accepted. */
    HOST_KEY_CHANGED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;

  public SshShellException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
