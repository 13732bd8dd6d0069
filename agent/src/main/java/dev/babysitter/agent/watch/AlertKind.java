package dev.babysitter.agent.watch;

/**
 * The alert table of DESIGN.md, plus early exit (a policy outcome, not a crash) and offline (the
 * provider says the instance exited or went offline while the probe could not reach it).
 */
public enum AlertKind {
  CRASH, STALL, SLOW, IDLE_GPU, MEMORY, DIVERGENCE, MONITOR_STALE, PENDING, EARLY_EXIT, LOST, OFFLINE;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
