package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.checks.RetryBudgetCheck;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.run.RunRecord;
import java.util.List;

/**
 * Where the provider decides what the playbook's answer means for the host. On a provider whose
 * new launch is another machine, a second hardware crash on the same host leaves it (the
 * pollers' "hardware failure twice" and seed 004's instance switch): relaunching on a GPU that
 * threw ECC errors twice meets the same GPU again. Where a launch lands on the same machine
 * (local), a switch helps nothing and a slow or lost host is only reported.
 */
final class HostMoves {
  static final String HARDWARE = "cuda_driver_hw";
  static final String PREEMPTION = "preemption_sigterm";

  private HostMoves() {}

  /**
   * @param durable the newest complete checkpoint survives the instance (synced, or a disk that
   *     outlives it): a preempted run moves only then, else it waits for its own machine
   */
  static List<Proposal> adapt(List<Proposal> proposals, RunRecord record, boolean hostsMove,
      boolean durable) {
    if (!hostsMove) {
      return proposals.stream().filter(p -> !(p.action() instanceof Action.SwitchInstance))
          .toList();
    }
    return proposals.stream().map(p -> {
      if (!(p.action() instanceof Action.Relaunch r)) {
        return p;
      }
      if (HARDWARE.equals(r.signature()) && hardwareCrashOnThisHost(record)) {
        return new Proposal(new Action.SwitchInstance("hardware: a second " + HARDWARE
            + " crash on this host"), "the GPU failed twice on this host; a relaunch here meets "
            + "it again: move to a new instance and resume from the newest complete checkpoint");
      }
      if (PREEMPTION.equals(r.signature()) && durable) {
        // A preempted machine's GPUs went to someone else; when they come back is unbounded
        // (Vast resumes an outbid instance when it wins again), while a new offer boots in
        // minutes. SkyPilot's managed jobs do the same. Charged to the preemption's budget.
        return new Proposal(new Action.SwitchInstance("preempted: the provider took the "
            + "instance's GPUs back", PREEMPTION), "waiting for a preempted machine has no "
            + "bound; move to a new instance and resume from the newest complete checkpoint");
      }
      return p;
    }).toList();
  }

  /** A hardware relaunch already happened since the run last moved host. */
  private static boolean hardwareCrashOnThisHost(RunRecord record) {
    boolean seen = false;
    for (GuardState.RelaunchMark m : record.relaunches) {
      if (RetryBudgetCheck.HOST_SWITCH.equals(m.signature())) {
        seen = false;
      } else if (HARDWARE.equals(m.signature())) {
        seen = true;
      }
    }
    return seen;
  }
}
