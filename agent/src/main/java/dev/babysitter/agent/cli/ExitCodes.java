package dev.babysitter.agent.cli;

/** Every exit code of the CLI, in one place. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  /** Bad input: a malformed spec or policy, a missing file, a wrong option. */
  public static final int USAGE = 2;
  /** The guard refused or escalated: nothing was done. */
  public static final int REFUSED = 3;
  public static final int NOT_FOUND = 4;
  /** Another babysitter already watches the run (its pid and host are printed). */
  public static final int BUSY = 5;
  /** {@code watch --until-event}: the run is done (0), alerting, crashed, or the wait timed out. */
  public static final int WATCH_DONE = 0;
  public static final int WATCH_ALERT = 10;
  public static final int WATCH_CRASH = 11;
  public static final int WATCH_TIMEOUT = 12;

  private ExitCodes() {}
}
