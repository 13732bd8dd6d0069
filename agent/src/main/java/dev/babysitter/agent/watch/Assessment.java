package dev.babysitter.agent.watch;

import dev.babysitter.tools.logs.Classification;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.probe.Probe;
import java.time.Duration;
import java.util.List;

/** The outcome of one check: health, alerts, what the log says, and the updated memory. */
public record Assessment(Health health, List<Alert> alerts, Progress progress,
    Classification failure, Double stepsPerSecond, Duration eta, WatchMemory memory,
    Probe probe) {

  public Assessment {
    alerts = List.copyOf(alerts);
  }

  public boolean has(AlertKind kind) {
    return alerts.stream().anyMatch(a -> a.kind() == kind);
  }

  public Long step() {
    return counter(progress);
  }

  /**
   * The run's progress counter in a reading: its step, or, in a log that never printed a step
   * (skorch's epoch table, "Epoch 3/10" loops), its epoch; such a run's final_step counts epochs.
   */
  public static Long counter(Progress p) {
    return p == null ? null : p.step() != null ? p.step() : p.epoch();
  }
}
