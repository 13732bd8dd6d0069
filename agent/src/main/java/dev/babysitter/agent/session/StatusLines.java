package dev.babysitter.agent.session;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.StatusLine;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The one-line status of each check, from what the check saw (and the provider, when asked). */
final class StatusLines {
  private final RunSpec spec;
  private final RunRecord record;
  private final InstanceProvider provider;

  StatusLines(RunSpec spec, RunRecord record, InstanceProvider provider) {
    this.spec = spec;
    this.record = record;
    this.provider = provider;
  }

  /** The line of a check that probed nothing (parked, or waiting for an instance to start). */
  StatusLine quiet(Instant now, Duration next, String action, String instanceWord) {
    return new StatusLine(now, spec.name(), record.phase, record.memory.attempt(),
        record.memory.lastStep(), spec.finalStep(), null, null, null, null, null,
        record.cost(now), null, null, next.toSeconds(), action, List.of(), instanceWord);
  }

  /** The line of a check that probed the instance. */
  StatusLine of(Assessment a, Instant now, Duration next, String action,
      InstanceState instance) {
    Probe p = a.probe();
    double cost = record.cost(now);
    String state = !p.reachable() && instance != null && instance != InstanceState.RUNNING
        ? unreachableState(instance)
        : a.health() == Health.MONITOR_STALE ? "monitor-stale"
        : p.supervisor() == null ? schedulerState().orElse(a.health().label())
        : p.supervisor().state();
    Integer util = p.gpus().isEmpty() ? null : p.meanGpuUtil();
    Integer mem = p.gpus().isEmpty() ? null : (int) Math.round(p.maxGpuMemFraction() * 100);
    return new StatusLine(now, spec.name(), state, a.memory().attempt(), a.step(),
        spec.finalStep(), a.stepsPerSecond(), util, mem,
        a.progress() == null ? null : a.progress().loss(),
        a.progress() == null ? null : a.progress().evalLoss(), cost,
        StatusLine.projectedCost(cost, record.dollarsPerHour(),
            a.eta() == null ? null : a.eta().toSeconds()),
        a.eta() == null ? null : a.eta().toSeconds(), next.toSeconds(), action,
        a.alerts().stream().map(x -> x.kind().label()).toList(),
        instance == null ? null : instance.name().toLowerCase(Locale.ROOT),
        p.reachable() ? !p.gpus().isEmpty() : null);
  }

  private static String unreachableState(InstanceState instance) {
    return switch (instance) {
      case LOADING -> "pending";
      case GONE -> "lost";
      default -> instance.name().toLowerCase(Locale.ROOT);
    };
  }

  /** The scheduler's word while no supervisor runs (Slurm: pending(Resources)); never fails. */
  private Optional<String> schedulerState() {
    try {
      return record.instance == null ? Optional.empty()
          : provider.schedulerState(record.instance);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
