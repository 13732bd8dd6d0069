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
   * Parks the instance while a person decides: its GPUs are released (no longer billed) but its
   * disk is kept, so {@link #unpark} can resume the run where it stopped. Vast: stop the
   * instance (storage only is billed); local: stop the supervisor and trainer. The caller has
   * stopped the trainer and made sure the newest complete checkpoint is durable first.
   * Idempotent. The default, for providers that cannot stop and keep, is {@link #destroy}.
   */
  default void park(Instance instance) throws IOException {
    destroy(instance);
  }

  /**
   * Starts a parked instance again, with its supervisor resuming from the newest complete
   * checkpoint. Returns false when it cannot (the provider says no or its GPUs were rented
   * meanwhile): the caller then launches anew from the synced checkpoint.
   */
  default boolean unpark(Instance instance) throws IOException {
    return false;
  }

  /**
   * Keeps a preempted instance as a spare while the run starts on a new one: it no longer
   * answers to the run's name (so the new launch is not a duplicate of it), and stays as it is,
   * billing its disk only, in case the provider gives its GPUs back before the new instance
   * runs. False where a provider cannot keep one aside; the caller then destroys it.
   */
  default boolean setAside(Instance instance) throws IOException {
    return false;
  }

  /** Makes a spare the run's own instance again: it answers to the run's name. */
  default void takeBack(Instance instance) throws IOException {
    throw new IOException(kind() + " keeps no spare instances");
  }

  /** What the instance costs per hour while parked (Vast: storage only; local: nothing). */
  default double parkedDollarsPerHour(Instance instance) {
    return 0;
  }

  /**
   * Whether a new launch lands on another machine, so that leaving a slow or lost host helps.
   * A rented cloud instance does; a local process tree runs on the same machine again.
   */
  default boolean movesHosts() {
    return false;
  }

  /**
   * The host an instance runs on (Vast: its machine id), so that a run moved off a slow or
   * lost host can avoid it on the next launch; empty when unknown or meaningless.
   */
  default Optional<String> hostOf(Instance instance) throws IOException {
    return Optional.empty();
  }

  /**
   * Whether the instance's newest checkpoint is on durable storage (survives a destroy). The
   * guard refuses a destroy while it is not, unless the DRI approves. Unknown means no.
   */
  default boolean checkpointsDurable(Instance instance) {
    return false;
  }

  /**
   * Whether the instance ended from outside the run (a Slurm job cancelled or preempted, its
   * node failed), so that {@link #resubmit} may start a new one from the same directory. Only
   * asked once the supervisor is seen stopped or gone. Default: no.
   */
  default boolean resubmittable(Instance instance) throws IOException {
    return false;
  }

  /**
   * A new instance for the same run and instance directory, after {@link #resubmittable} said
   * yes: its supervisor continues the attempt numbering, and its first attempt gets the
   * {@code KEY=value} lines of {@code relaunchRequest} as a {@code control/relaunch} would.
   */
  default Instance resubmit(Instance instance, String relaunchRequest) throws IOException {
    throw new IOException(kind() + " instances cannot be resubmitted");
  }

  /**
   * The scheduler's own word on an instance that has no supervisor yet, in one token for the
   * status line (Slurm: {@code pending(Resources)}); empty when the provider has none.
   */
  default java.util.Optional<String> schedulerState(Instance instance) throws IOException {
    return java.util.Optional.empty();
  }
}
