package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.run.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostMovesTest {
  private static final Instant T = Instant.parse("2026-01-05T00:00:00Z");

  private static List<Proposal> relaunch(String signature) {
    return List.of(new Proposal(new Action.Relaunch("/ckpt/step-9", signature, Map.of()), "x"));
  }

  private static RunRecord marks(String... signatures) {
    RunRecord r = new RunRecord();
    for (String s : signatures) {
      r.relaunches.add(new GuardState.RelaunchMark(T, s, 9L));
    }
    return r;
  }

  @Test
  void aSecondHardwareCrashOnTheSameHostLeavesIt() {
    assertThat(HostMoves.adapt(relaunch("cuda_driver_hw"), marks(), true, true).get(0).action())
        .as("first on this host").isInstanceOf(Action.Relaunch.class);
    assertThat(HostMoves.adapt(relaunch("cuda_driver_hw"), marks("cuda_driver_hw"), true, true)
        .get(0).action()).isInstanceOf(Action.SwitchInstance.class);
    // After a move the new host starts with a clean slate.
    assertThat(HostMoves.adapt(relaunch("cuda_driver_hw"), marks("cuda_driver_hw",
        "host_switch"), true, true).get(0).action()).isInstanceOf(Action.Relaunch.class);
    assertThat(HostMoves.adapt(relaunch("nccl"), marks("cuda_driver_hw"), true, true).get(0)
        .action()).isInstanceOf(Action.Relaunch.class);
  }

  @Test
  void whereALaunchLandsOnTheSameMachineNothingMoves() {
    assertThat(HostMoves.adapt(relaunch("cuda_driver_hw"), marks("cuda_driver_hw"), false, true)
        .get(0).action()).isInstanceOf(Action.Relaunch.class);
    assertThat(HostMoves.adapt(List.of(new Proposal(new Action.SwitchInstance("slow"), "x")),
        marks(), false, true)).isEmpty();
    assertThat(HostMoves.adapt(relaunch("preemption_sigterm"), marks(), false, true).get(0)
        .action()).isInstanceOf(Action.Relaunch.class);
  }

  @Test
  void aPreemptedRunMovesToANewInstanceOnItsOwnBudgetWhenItsCheckpointIsDurable() {
    Action moved = HostMoves.adapt(relaunch("preemption_sigterm"), marks(), true, true).get(0)
        .action();
    assertThat(moved).isInstanceOf(Action.SwitchInstance.class);
    assertThat(((Action.SwitchInstance) moved).budget()).isEqualTo("preemption_sigterm");
    // Without a durable checkpoint a new instance would start from scratch: wait for the host.
    assertThat(HostMoves.adapt(relaunch("preemption_sigterm"), marks(), true, false).get(0)
        .action()).isInstanceOf(Action.Relaunch.class);
  }
}
