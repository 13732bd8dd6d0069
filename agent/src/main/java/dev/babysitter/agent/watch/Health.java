package dev.babysitter.agent.watch;

/**
 * The verdict of one check, from the watcher's point of view. SUSPECT: running, no alert yet,
 * but a first reading that would become one (stale progress, slow, idle GPU) if it lasts: the
 * next check comes at alert cadence to confirm or clear it.
 */
public enum Health {
  STARTING, HEALTHY, SUSPECT, ALERT, DONE, STOPPED, MONITOR_STALE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
