package dev.babysitter.agent.watch;

/**
 * The alert table of DESIGN.md, plus early exit (a policy outcome, not a crash) and offline (the
 * provider says the instance exited or went offline while the probe could not reach it).
 */
public enum AlertKind {
  CRASH, STALL, SLOW, IDLE_GPU, MEMORY, DIVERGENCE, MONITOR_STALE, PENDING, EARLY_EXIT, LOST, OFFLINE,
  // The hero-run protocol (issue 16): each goes to the DRI at once (see toDriAtOnce).
  WANDB_DRIFT, INSTABILITY, CHECKPOINT_STUCK, ROLLBACK_WINDOW;

  /**
   * Seed 004: "alert immediately" for these, since metrics can look plausible while the run is
   * in trouble: the issue hears of them with the logbook, whatever the playbook then does.
   */
  public boolean toDriAtOnce() {
    return this == WANDB_DRIFT || this == INSTABILITY || this == CHECKPOINT_STUCK
        || this == ROLLBACK_WINDOW;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
