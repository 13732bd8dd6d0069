package dev.babysitter.agent.watch;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one line a check leaves behind (seeds 001-003): compact, greppable, the same data as
 * {@code status --json}.
 */
public record StatusLine(
    @JsonProperty("ts") Instant at,
    @JsonProperty("run") String run,
    @JsonProperty("state") String state,
    @JsonProperty("attempt") int attempt,
    @JsonProperty("step") Long step,
    @JsonProperty("final_step") long finalStep,
    @JsonProperty("steps_per_second") Double stepsPerSecond,
    @JsonProperty("gpu_util") Integer gpuUtil,
    @JsonProperty("gpu_mem") Integer gpuMemPct,
    @JsonProperty("loss") Double loss,
    @JsonProperty("eval") Double evalLoss,
    @JsonProperty("cost_usd") double costUsd,
    @JsonProperty("projected_cost_usd") Double projectedCostUsd,
    @JsonProperty("eta_s") Long etaSeconds,
    @JsonProperty("next_s") long nextSeconds,
    @JsonProperty("action") String action,
    @JsonProperty("alerts") java.util.List<String> alerts,
    @JsonProperty("instance") String instance,
    @JsonProperty("gpu_telemetry") Boolean gpuTelemetry) {

  /** Without saying whether the host has GPU telemetry (null: not known, e.g. no probe). */
  public StatusLine(Instant at, String run, String state, int attempt, Long step, long finalStep,
      Double stepsPerSecond, Integer gpuUtil, Integer gpuMemPct, Double loss, Double evalLoss,
      double costUsd, Double projectedCostUsd, Long etaSeconds, long nextSeconds, String action,
      java.util.List<String> alerts, String instance) {
    this(at, run, state, attempt, step, finalStep, stepsPerSecond, gpuUtil, gpuMemPct, loss,
        evalLoss, costUsd, projectedCostUsd, etaSeconds, nextSeconds, action, alerts, instance,
        null);
  }

  /** Without the provider's instance state (only asked when the probe fails). */
  public StatusLine(Instant at, String run, String state, int attempt, Long step, long finalStep,
      Double stepsPerSecond, Integer gpuUtil, Integer gpuMemPct, Double loss, Double evalLoss,
      double costUsd, Double projectedCostUsd, Long etaSeconds, long nextSeconds, String action,
      java.util.List<String> alerts) {
    this(at, run, state, attempt, step, finalStep, stepsPerSecond, gpuUtil, gpuMemPct, loss,
        evalLoss, costUsd, projectedCostUsd, etaSeconds, nextSeconds, action, alerts, null);
  }

  /** Without a projection (no rate or no ETA yet). */
  public StatusLine(Instant at, String run, String state, int attempt, Long step, long finalStep,
      Double stepsPerSecond, Integer gpuUtil, Integer gpuMemPct, Double loss, Double evalLoss,
      double costUsd, Long etaSeconds, long nextSeconds, String action,
      java.util.List<String> alerts) {
    this(at, run, state, attempt, step, finalStep, stepsPerSecond, gpuUtil, gpuMemPct, loss,
        evalLoss, costUsd, null, etaSeconds, nextSeconds, action, alerts);
  }

  /** Cost so far plus the current $/h until the ETA; null when either is unknown. */
  public static Double projectedCost(double costUsd, double dollarsPerHour, Long etaSeconds) {
    if (etaSeconds == null || !(dollarsPerHour > 0)) {
      return null;
    }
    return costUsd + dollarsPerHour * etaSeconds / 3600.0;
  }

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(TS.format(at)).append(" run=").append(run).append(" state=").append(state);
    if (instance != null) {
      b.append(" instance=").append(instance);
    }
    b
        .append(" attempt=").append(attempt)
        .append(" step=").append(step == null ? "?" : step).append('/').append(finalStep)
        .append(" rate=").append(stepsPerSecond == null ? "?"
            : String.format(Locale.ROOT, "%.1fit/s", stepsPerSecond))
        .append(" gpu=").append(gpuUtil != null ? gpuUtil + "%" : noTelemetry() ? "n/a" : "?")
        .append(" mem=").append(gpuMemPct != null ? gpuMemPct + "%" : noTelemetry() ? "n/a" : "?");
    if (loss != null) {
      b.append(" loss=").append(String.format(Locale.ROOT, "%.4g", loss));
    }
    b.append(" eval=").append(evalLoss == null ? "?"
        : String.format(Locale.ROOT, "%.3g", evalLoss));
    b.append(" cost=$").append(String.format(Locale.ROOT, "%.2f", costUsd));
    if (projectedCostUsd != null) {
      b.append("→$").append(String.format(Locale.ROOT, "%.2f", projectedCostUsd));
    }
    b        .append(" eta=").append(etaSeconds == null ? "?" : human(Duration.ofSeconds(etaSeconds)))
        .append(" next=").append(human(Duration.ofSeconds(nextSeconds)))
        .append(" action=").append(action);
    if (!alerts.isEmpty()) {
      b.append(" alerts=").append(String.join(",", alerts));
    }
    return b.toString();
  }

  /** The probe reached the host and it has no GPU telemetry: unknown, not idle. */
  private boolean noTelemetry() {
    return Boolean.FALSE.equals(gpuTelemetry);
  }

  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    return (s / 3600) + "h" + (s % 3600 / 60 == 0 ? "" : (s % 3600 / 60) + "m");
  }
}
