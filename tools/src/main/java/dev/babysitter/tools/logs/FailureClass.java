package dev.babysitter.tools.logs;

import java.util.Locale;

/** Root-cause classes of a failed (or healthy) training log. OTHER_ERROR: a crash that fits no other class. */
public enum FailureClass {
    CUDA_OOM, HOST_OOM, NCCL, MISSING_DEPENDENCY, MISSING_COMPILER, DISK_FULL, NAN_LOSS, NETWORK_HUB,
    CUDA_DRIVER_HW, PREEMPTION_SIGTERM, CHECKPOINT_CORRUPT, OTHER_ERROR, HEALTHY;

    /** Lower-case name as used in the corpus, e.g. "cuda_oom". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Inverse of {@link #label()}; accepts either case, surrounding blanks and '-' for '_'. */
    public static FailureClass fromLabel(String s) {
        if (s == null) {
            throw new IllegalArgumentException("label is null");
        }
        return valueOf(s.trim().replace('-', '_').toUpperCase(Locale.ROOT));
    }
}
