package dev.babysitter.agent.bench;

import java.util.Locale;

/** The faults of the simulated fault schedule (shared/reference/failure-rates.md §c1). */
public enum FaultKind {
  HW_CRASH, SW_CRASH, NCCL_HANG, HANG, SLOWDOWN, NAN, OOM, PREEMPTION, INSTANCE_LOST;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
