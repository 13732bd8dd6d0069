package dev.babysitter.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preempted run, through the product's controller: the preempted machine is kept aside,
 * stopped, while the run boots on a new offer, and whichever of the two runs first goes on.
 * Before, the preempted instance was destroyed at once and every preemption paid a whole
 * new-host boot, even when Vast gave the machine's GPUs back in minutes.
 */
class OursRacesAPreemptedMachineTest {
  private static RunPlan plan(Duration resumeWait, Duration move) {
    return new RunPlan(41, 4, 5.0, 150_000, 5_000, Duration.ofMinutes(2), 25_000,
        Duration.ofMinutes(1), List.of(
            new RunPlan.Fault(FaultKind.PREEMPTION, 20_000, 1, resumeWait, false)),
        List.of(), List.of(Duration.ofMinutes(3)), List.of(move),
        List.of(Duration.ofHours(2)), Duration.ofMinutes(5), List.of(false));
  }

  private static OursRun run(Path dir, RunPlan plan) {
    OursRun run = new SimRunner(Policies.defaults(), new TokenEstimate(1400), 2.5, dir)
        .oursRun(plan);
    run.run(SimRunner.horizon(plan));
    return run;
  }

  private static String logbook(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      Path book = files.filter(p -> p.getFileName().toString().equals("logbook.md")).findFirst()
          .orElseThrow();
      return Files.readString(book);
    }
  }

  @Test
  void theMachineBackFirstGoesOnAndTheNewInstanceIsDestroyed(@TempDir Path dir)
      throws IOException {
    OursRun run = run(dir, plan(Duration.ofMinutes(6), Duration.ofMinutes(50)));

    SimInstance instance = run.instance();
    assertThat(instance.doneAt()).as("finished").isNotNull();
    assertThat(run.pages).as("pages").isZero();
    assertThat(run.provider().launches()).as("one new launch, raced").isEqualTo(1);
    assertThat(run.provider().handle().id()).as("back on the preempted instance")
        .isEqualTo("sim-41");
    SimInstance.Episode preempted = instance.episodes().get(0);
    assertThat(preempted.recoveredAt).isNotNull();
    // Back after its 6 minutes and a 3-minute restart, noticed within a minute's check: far
    // under the 50-minute boot of the new offer it did not wait for.
    assertThat(Duration.between(preempted.onset, preempted.recoveredAt))
        .isLessThan(Duration.ofMinutes(15));
    String book = logbook(dir);
    assertThat(book).contains("is kept aside").contains("preempted instance back first")
        .contains("sim-41-1 was destroyed");
  }

  @Test
  void theNewInstanceRunningFirstGoesOnAndTheSpareIsDestroyed(@TempDir Path dir)
      throws IOException {
    OursRun run = run(dir, plan(Duration.ofHours(5), Duration.ofMinutes(12)));

    SimInstance instance = run.instance();
    assertThat(instance.doneAt()).as("finished").isNotNull();
    assertThat(run.provider().handle().id()).isEqualTo("sim-41-1");
    assertThat(instance.spareState()).as("the spare is gone")
        .isEqualTo(dev.babysitter.tools.provider.InstanceState.GONE);
    SimInstance.Episode preempted = instance.episodes().get(0);
    assertThat(Duration.between(preempted.onset, preempted.recoveredAt))
        .isBetween(Duration.ofMinutes(15), Duration.ofMinutes(30));
    assertThat(logbook(dir)).contains("is kept aside").contains("spare destroyed")
        .contains("the new instance sim-41-1 runs first");
  }
}
