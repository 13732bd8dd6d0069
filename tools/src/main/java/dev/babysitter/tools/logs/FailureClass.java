package dev.babysitter.tools.logs;
/** TEMPORARY stand-in until the logs branch lands. */
public enum FailureClass { CUDA_OOM, HOST_OOM, NCCL, MISSING_DEPENDENCY, MISSING_COMPILER, DISK_FULL, NAN_LOSS, NETWORK_HUB,
  CUDA_DRIVER_HW, PREEMPTION_SIGTERM, CHECKPOINT_CORRUPT, OTHER_ERROR, HEALTHY;
  public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
  public static FailureClass fromLabel(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); } }
