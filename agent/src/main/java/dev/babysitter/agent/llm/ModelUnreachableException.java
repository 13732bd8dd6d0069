package dev.babysitter.agent.llm;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * The model's endpoint cannot be reached (refused, unknown host, connect timeout): the chat
 * ends with one line and a non-zero exit rather than answering every question with a failure.
 */
public final class ModelUnreachableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ModelUnreachableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }

  static boolean isUnreachable(Throwable e) {
    return cause(e) != null;
  }

  /** The first cause that says the endpoint cannot be reached, or null. */
  private static Throwable cause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof HttpConnectTimeoutException || t instanceof UnresolvedAddressException
          || t instanceof java.nio.channels.ClosedChannelException) {
        return t;
      }
    }
    return null;
  }

  static String describe(Throwable e) {
    Throwable t = cause(e) == null ? e : cause(e);
    String why = t.getClass().getSimpleName() + (t.getMessage() == null ? ""
        : ": " + t.getMessage().replaceAll("\\s+", " ").strip());
    return "the model endpoint is unreachable (" + why + "); check BABYSITTER_BASE_URL, the "
        + "model settings or the network";
  }
}
