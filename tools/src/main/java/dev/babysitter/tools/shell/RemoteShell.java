package dev.babysitter.tools.shell;

import java.io.IOException;
import java.time.Duration;

/**
 * A shell on the machine that runs the training: the local host for the local provider, an SSH
 * session for Vast. Every probe and every control request is one {@link #exec} round trip.
 */
public interface RemoteShell extends AutoCloseable {

  /** Runs {@code command} with {@code sh -c}; a failure to reach the machine throws. */
  ExecResult exec(String command, Duration timeout) throws IOException;

  /** Writes {@code content} to {@code path} on the machine, creating parent directories. */
  void upload(byte[] content, String path, boolean executable) throws IOException;

  /** A short description for status lines and errors, never containing credentials. */
  String describe();

  @Override
  default void close() throws IOException {}
}
