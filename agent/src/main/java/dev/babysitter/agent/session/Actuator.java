package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.RemoteShell;
import dev.babysitter.tools.supervisor.FixRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Carries out actions the guard allowed, through the instance's control directory (the
 * supervisor acts on them) or the provider. It never decides anything.
 */
final class Actuator {
  private final InstanceProvider provider;

  Actuator(InstanceProvider provider) {
    this.provider = provider;
  }

  void killTrainer(Instance instance) throws IOException {
    control(instance, "kill", "");
  }

  /** The {@code control/relaunch} text for a relaunch: its KEY=value lines. */
  static String relaunchRequest(Action.Relaunch relaunch) {
    StringBuilder env = new StringBuilder();
    if (relaunch.fromCheckpoint() != null) {
      env.append("RESUME_FROM=").append(relaunch.fromCheckpoint()).append('\n');
    }
    relaunch.configDelta().forEach((k, v) -> env.append(k).append('=').append(v).append('\n'));
    return env.toString();
  }

  /** Sends a relaunch request; sending the same one twice starts one attempt (the supervisor
   * ignores it while a trainer runs). */
  Instance relaunch(Instance instance, String request) throws IOException {
    if (provider.resubmittable(instance)) {
      // The job is gone with its supervisor: nobody would read control/relaunch.
      return provider.resubmit(instance, request);
    }
    control(instance, "relaunch", request);
    return instance;
  }

  /**
   * Hands a fix to the supervisor, which checks it again and applies it before the next attempt
   * (at once when no trainer runs). Refuses anything outside the whitelist before writing.
   */
  FixRequest applyFix(Instance instance, Action.ApplyFix fix) throws IOException {
    FixRequest request = new FixRequest(fix.kind(), fix.detail());
    control(instance, "fix", request.controlFileText());
    return request;
  }

  /**
   * Leaves the {@code parked} marker on the instance's disk (a supervisor started again there
   * waits for the DRI instead of starting an attempt), then releases the GPUs. A marker that
   * cannot be written (the instance is unreachable) does not stop the park: its GPUs still go.
   * A release that fails is reported, not thrown: the park stands and the caller asks again.
   */
  Park park(Instance instance) {
    String problem = null;
    try (RemoteShell shell = provider.shell(instance)) {
      shell.upload("parked\n".getBytes(StandardCharsets.UTF_8), instance.home() + "/parked",
          false);
    } catch (IOException e) {
      problem = "the parked marker was not written (" + e.getMessage() + ")";
    }
    String unreleased = release(instance);
    if (unreleased != null) {
      problem = (problem == null ? "" : problem + "; ") + "the GPUs may still be held ("
          + unreleased + "): each parked check asks the provider again";
    }
    return new Park(problem, unreleased);
  }

  /** What a park left undone: a caveat for the logbook, and why the GPUs may still be held. */
  record Park(String problem, String unreleased) {}

  /** Asks the provider to stop or cancel the parked instance; why it failed, null when done. */
  String release(Instance instance) {
    try {
      provider.park(instance);
      return null;
    } catch (IOException | RuntimeException e) {
      return String.valueOf(e.getMessage());
    }
  }

  void destroy(Instance instance) throws IOException {
    provider.destroy(instance);
  }

  private void control(Instance instance, String name, String content) throws IOException {
    try (RemoteShell shell = provider.shell(instance)) {
      shell.upload(content.getBytes(StandardCharsets.UTF_8),
          instance.home() + "/control/" + name + ".tmp", false);
      ExecResult moved = shell.exec("mv '" + instance.home() + "/control/" + name + ".tmp' '"
          + instance.home() + "/control/" + name + "'", Duration.ofSeconds(30));
      if (!moved.ok()) {
        throw new IOException("could not write control/" + name + ": " + moved.stderr().strip());
      }
    }
  }
}
