package dev.babysitter.tools.wandb;

import java.time.Instant;
import java.util.Map;

/**
 * What W&B says about one run. {@code id} is W&B's run id (GraphQL {@code name}),
 * {@code displayName} the human name; {@code step} is the summary's {@code global_step} where the
 * trainer logs one, else {@code _step}; {@code timestamp} the summary's {@code _timestamp};
 * {@code metrics} the named summary values that were present and numeric.
 */
public record WandbRun(String id, String displayName, String state, Long step, Instant timestamp,
    Instant heartbeatAt, Map<String, Double> metrics) {

  public WandbRun {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }

  public boolean finished() {
    return "finished".equals(state);
  }

  /** W&B's own word that the process it watched died: crashed, failed or killed. */
  public boolean died() {
    return "crashed".equals(state) || "failed".equals(state) || "killed".equals(state);
  }
}
