package dev.babysitter.tools.shell;

/** What one command printed and how it ended. {@code exitCode} is -1 when it timed out. */
public record ExecResult(int exitCode, String stdout, String stderr, boolean timedOut) {
  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }
}
