package dev.babysitter.agent.bench;

import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.util.Optional;

/**
 * A rented instance as the product sees it through its provider boundary, over one
 * {@link SimInstance}. Parking stops it (GPUs released, disk billed: {@link #STORAGE_SHARE} of
 * the price); starting it again fails when the plan says its GPUs were rented meanwhile, and a
 * launch then resumes on a new host from the synced checkpoint.
 */
final class SimProvider implements InstanceProvider {
  /** A stopped Vast instance bills its disk only: about 2 % of the GPU price (inference). */
  static final double STORAGE_SHARE = 0.02;

  private final SimInstance instance;
  private final double dollarsPerHour;
  private Instance handle;
  /** A preempted instance the product kept aside while the run boots on a new one. */
  private Instance spare;
  private int launches;
  private int unparksRefused;

  SimProvider(SimInstance instance, double dollarsPerHour) {
    this.instance = instance;
    this.dollarsPerHour = dollarsPerHour;
    this.handle = handle("sim-" + instance.plan().id());
  }

  private Instance handle(String id) {
    return new Instance(id, SimRunner.runName(instance.plan()), kind(), "/sim/home",
        "sim://" + id, dollarsPerHour, instance.plan().gpus() + "x H100");
  }

  private boolean isSpare(Instance i) {
    return spare != null && spare.id().equals(i.id());
  }

  private boolean isCurrent(Instance i) {
    return handle.id().equals(i.id());
  }

  Instance handle() {
    return handle;
  }

  int launches() {
    return launches;
  }

  int unparksRefused() {
    return unparksRefused;
  }

  /**
   * A new instance for the run: on a fresh host, resuming from the newest synced checkpoint, or
   * from the one the request names (as the real supervisor's first attempt reads RESUME_FROM).
   */
  @Override
  public Instance launch(LaunchRequest request) {
    launches++;
    handle = handle("sim-" + instance.plan().id() + "-" + launches);
    instance.onNewHost();
    String from = request == null ? null : request.resumeFrom();
    instance.relaunch(from == null ? instance.lastComplete(true)
        : Long.parseLong(from.substring(from.lastIndexOf('-') + 1)), false, true);
    return handle;
  }

  @Override
  public Optional<Instance> find(String runName) {
    return instance.destroyed() ? Optional.empty() : Optional.of(handle);
  }

  @Override
  public InstanceState state(Instance i) {
    if (isSpare(i)) {
      return instance.spareState();
    }
    return isCurrent(i) ? instance.providerState() : InstanceState.GONE;
  }

  @Override
  public RemoteShell shell(Instance i) throws IOException {
    if (isSpare(i) || !isCurrent(i)) {
      throw new IOException("no shell: instance " + i.id() + (isSpare(i) ? " stopped"
          : " destroyed"));
    }
    if (instance.destroyed() || instance.parked()) {
      throw new IOException("no shell: instance " + (instance.parked() ? "stopped" : "destroyed"));
    }
    return new SimShell(instance);
  }

  @Override
  public void destroy(Instance i) {
    if (isSpare(i)) {
      instance.dropSpare();
      spare = null;
    } else if (isCurrent(i)) {
      instance.destroy();
    }
  }

  /** The product keeps a preempted instance aside while the run boots on a new one. */
  @Override
  public boolean setAside(Instance i) {
    if (!isCurrent(i) || !instance.keepSpare()) {
      return false;
    }
    spare = i;
    return true;
  }

  @Override
  public void takeBack(Instance i) throws IOException {
    if (!isSpare(i)) {
      throw new IOException("instance " + i.id() + " is not the run's spare");
    }
    instance.takeBackSpare();
    handle = spare;
    spare = null;
  }

  /** A new instance is a fresh host (the simulated cloud's offers). */
  @Override
  public boolean movesHosts() {
    return true;
  }

  @Override
  public String kind() {
    return "sim";
  }

  @Override
  public void park(Instance i) {
    instance.park();
  }

  @Override
  public boolean unpark(Instance i) {
    if (!instance.parked()) {
      return !instance.destroyed();
    }
    if (instance.unparkRefused()) {
      unparksRefused++;
      return false;
    }
    instance.unpark();
    return true;
  }

  @Override
  public double parkedDollarsPerHour(Instance i) {
    return handle.dollarsPerHour() * STORAGE_SHARE;
  }

  /** The supervisor syncs every complete checkpoint (checkpoints.sync in the bench spec). */
  @Override
  public boolean checkpointsDurable(Instance i) {
    return true;
  }
}
