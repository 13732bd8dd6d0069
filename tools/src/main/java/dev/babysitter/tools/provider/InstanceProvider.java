package dev.babysitter.tools.provider;

import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.util.Optional;

/**
 * Where runs execute. {@link #launch} starts the supervisor and returns at once: the run's life
 * is never tied to the launcher, and nothing is destroyed when the launcher exits.
 */
public interface InstanceProvider {

  /** Starts the run, or returns the live instance already running it (never a duplicate). */
  Instance launch(LaunchRequest request) throws IOException;

  /** The live instance for a run, if any. */
  Optional<Instance> find(String runName) throws IOException;

  InstanceState state(Instance instance) throws IOException;

  /** A shell on the instance, for probes and control requests. */
  RemoteShell shell(Instance instance) throws IOException;

  /** Stops everything on the instance and releases it. Idempotent. */
  void destroy(Instance instance) throws IOException;

  String kind();

  /**
   * Whether the instance's newest checkpoint is on durable storage (survives a destroy). The
   * guard refuses a destroy while it is not, unless the DRI approves. Unknown means no.
   */
  default boolean checkpointsDurable(Instance instance) {
    return false;
  }
}
