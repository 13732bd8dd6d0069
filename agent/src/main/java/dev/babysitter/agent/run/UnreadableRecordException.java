package dev.babysitter.agent.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One run's record cannot be read (truncated, corrupt, unreadable). It names the file in one
 * line so the user can restore or move it; every other run keeps working.
 */
public final class UnreadableRecordException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String runName;

  public UnreadableRecordException(String runName, Path file, String reason, Throwable cause) {
    super("run record " + file + " is unreadable (" + reason + "); the other runs are not "
        + "affected: restore it from a backup or move it aside", cause);
    this.file = file;
    this.runName = runName;
  }

  public Path file() {
    return file;
  }

  public String runName() {
    return runName;
  }
}
