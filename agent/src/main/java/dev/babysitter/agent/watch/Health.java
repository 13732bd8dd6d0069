package dev.babysitter.agent.watch;

/** The verdict of one check, from the watcher's point of view. */
public enum Health {
  STARTING, HEALTHY, ALERT, DONE, STOPPED, MONITOR_STALE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
