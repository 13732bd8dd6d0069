package dev.babysitter.tools.wandb;

import java.util.List;
import java.util.Optional;

/** W&B's public API, read only: the one question the babysitter asks about a run. */
public interface WandbClient {
  /**
   * The run {@code runId} in {@code entity/project} ({@code entity} null = the key's default
   * entity), with the summary values of {@code metricKeys}; empty when W&B has no such run.
   */
  Optional<WandbRun> run(String entity, String project, String runId, List<String> metricKeys)
      throws WandbException;
}
