package dev.babysitter.agent.bench.chaos;

import java.nio.file.Path;

/**
 * How an experiment runs: its seed (the same seed gives the same inputs), whether it is the
 * small version that {@code mvn verify} runs, and a scratch directory it may fill.
 */
public record ChaosSettings(long seed, boolean small, Path workDir) {

  /** {@code full} in a full run, {@code small} in a small one. */
  public int size(int full, int small) {
    return this.small ? small : full;
  }
}
