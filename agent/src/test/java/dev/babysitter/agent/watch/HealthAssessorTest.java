package dev.babysitter.agent.watch;

import static dev.babysitter.agent.watch.AssessorFixture.FINAL;
import static dev.babysitter.agent.watch.AssessorFixture.HF;
import static dev.babysitter.agent.watch.AssessorFixture.T0;
import static dev.babysitter.agent.watch.AssessorFixture.bar;
import static dev.babysitter.agent.watch.AssessorFixture.failed;
import static dev.babysitter.agent.watch.AssessorFixture.kinds;
import static dev.babysitter.agent.watch.AssessorFixture.lines;
import static dev.babysitter.agent.watch.AssessorFixture.probe;
import static dev.babysitter.agent.watch.AssessorFixture.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Default alert rules: stall = step unchanged 2 checks AND log older than 600 s AND GPU util
 * below 10 %; slow = below 70 % of the baseline for 2 checks; baseline from 2 healthy checks.
 */
class HealthAssessorTest {
  private static final List<String> NCCL_TRACE = List.of(
      "Traceback (most recent call last):",
      "  File \"train.py\", line 10, in <module>",
      "    trainer.train()",
      "torch.distributed.DistBackendError: NCCL error in: ../torch/csrc/distributed/c10d/"
          + "ProcessGroupNCCL.cpp:1970, unhandled system error, NCCL version 2.18.1");

  private final HealthAssessor assessor = AssessorFixture.assessor();

  // --- verdicts ----------------------------------------------------------------------------

  @Test
  void healthyRunIsHealthyWithStepRateAndEta() {
    Assessment a = assessor.assess(probe(T0.plusSeconds(60), running(1), 95,
        lines(HF, "  5%|▌         | 50/1000 [00:10<03:10,  4.99it/s]"), 2), WatchMemory.fresh(1),
        FINAL, T0);

    assertThat(a.health()).isEqualTo(Health.HEALTHY);
    assertThat(a.alerts()).isEmpty();
    assertThat(a.step()).isEqualTo(50L);
    assertThat(a.stepsPerSecond()).isEqualTo(4.99);
    assertThat(a.eta()).isBetween(Duration.ofSeconds(189), Duration.ofSeconds(191)); // 950/4.99
    assertThat(a.progress().loss()).isEqualTo(2.5);
    assertThat(a.memory().checks()).isEqualTo(1);
    assertThat(a.memory().healthyInRow()).isEqualTo(1);
    assertThat(a.memory().lastStep()).isEqualTo(50L);
  }

  @Test
  void aLogThatCountsOnlyEpochsHasItsEpochAsTheStep() {
    String header = "  epoch    train_loss    valid_loss     dur";
    Assessment a = assessor.assess(probe(T0.plusSeconds(60), running(1), 95, lines(header,
        "      3        \u001B[36m0.4516\u001B[0m        0.4281  0.0100"), 2), WatchMemory.fresh(1),
        FINAL, T0);

    assertThat(a.progress().step()).isNull();
    assertThat(a.step()).isEqualTo(3L);
    assertThat(a.memory().lastStep()).isEqualTo(3L);
    // a NaN in such a log has its epoch as the onset
    assertThat(HealthAssessor.nanOnset(new dev.babysitter.tools.logs.ProgressParser().readings(
        List.of(header, "      3   0.4516   0.4281  0.0100", "      4      nan      nan  0.0100",
            "      5      nan      nan  0.0100")))).isEqualTo(4L);
    // once the log printed a step, an epoch-only reading (an eval dict) is not one
    assertThat(HealthAssessor.nanOnset(new dev.babysitter.tools.logs.ProgressParser().readings(
        List.of("step 120/1000 loss 2.31", "{'eval_loss': 2.4, 'epoch': 3.0}",
            "step 130/1000 loss nan")))).isEqualTo(130L);
  }

  @Test
  void unreachableProbeIsMonitorStaleNeverACrash() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(100, 5);
    WatchMemory before = run.memory;

    Assessment a = assessor.assess(Probe.unreachable(T0.plusSeconds(3600), "ssh: timed out", 0),
        before, FINAL, T0);

    assertThat(a.health()).isEqualTo(Health.MONITOR_STALE);
    assertThat(kinds(a)).containsExactly(AlertKind.MONITOR_STALE);
    assertThat(a.alerts().get(0).evidence()).contains("ssh: timed out");
    assertThat(a.has(AlertKind.CRASH)).isFalse();
    assertThat(a.has(AlertKind.STALL)).isFalse();
    assertThat(a.memory()).isEqualTo(before); // a failed probe teaches nothing about the run
  }

  @Test
  void failedAwaitingDecisionWithAnNcclTracebackIsACrashSignedNccl() {
    List<String> log = new ArrayList<>(List.of(HF, bar(300, 5)));
    log.addAll(NCCL_TRACE);

    Assessment a = assessor.assess(probe(T0.plusSeconds(600), failed(1, 1, "trainer exited 1"),
        0, log, 1), WatchMemory.fresh(1), FINAL, T0);

    assertThat(a.health()).isEqualTo(Health.ALERT);
    assertThat(kinds(a)).containsExactly(AlertKind.CRASH);
    assertThat(a.alerts().get(0).signature()).isEqualTo("nccl");
    assertThat(a.alerts().get(0).evidence()).contains("NCCL");
    assertThat(a.failure()).isNotNull();
  }

  @Test
  void nonZeroExitWithoutATracebackIsACrashSignedOtherError() {
    Assessment a = assessor.assess(probe(T0.plusSeconds(600), failed(1, 137, "killed"), 0,
        lines(HF, bar(300, 5)), 1), WatchMemory.fresh(1), FINAL, T0);

    assertThat(kinds(a)).containsExactly(AlertKind.CRASH);
    assertThat(a.alerts().get(0).signature()).isEqualTo("other_error");
    assertThat(a.alerts().get(0).evidence()).contains("137");
  }

  @Test
  void exitZeroBeforeTheFinalStepIsAnEarlyExitNotACrash() {
    Assessment a = assessor.assess(probe(T0.plusSeconds(600),
        failed(1, 0, "trainer exited 0 before FINAL_STEP"), 0, lines(HF, bar(400, 5)), 1),
        WatchMemory.fresh(1), FINAL, T0);

    assertThat(a.health()).isEqualTo(Health.ALERT);
    assertThat(kinds(a)).containsExactly(AlertKind.EARLY_EXIT);
    assertThat(a.alerts().get(0).signature()).isEqualTo("early_exit");
    assertThat(a.alerts().get(0).evidence()).contains("400").contains("1000");
  }

  @Test
  void doneWithTheDoneMarkerIsDone() {
    SupervisorState done = new SupervisorState("done", 1, "none", 0, null, 0, 0, 5L, false,
        "none", "finished");

    Assessment a = assessor.assess(probe(T0.plusSeconds(900), done, 0, lines(bar(1000, 5)), 30,
        true, false), WatchMemory.fresh(1), FINAL, T0);

    assertThat(a.health()).isEqualTo(Health.DONE);
    assertThat(a.alerts()).isEmpty();
  }

  @Test
  void doneWithoutTheMarkerIsNotDone() {
    SupervisorState done = new SupervisorState("done", 1, "none", 0, null, 0, 0, 5L, false,
        "none", "finished");

    Assessment a = assessor.assess(probe(T0.plusSeconds(900), done, 0, lines(bar(1000, 5)), 30,
        false, true), WatchMemory.fresh(1), FINAL, T0);

    assertThat(a.health()).isNotEqualTo(Health.DONE);
  }

  @Test
  void nanLossIsDivergenceSignedNanLoss() {
    Assessment a = assessor.assess(probe(T0.plusSeconds(60), running(1), 95,
        lines("{'loss': nan, 'grad_norm': nan, 'learning_rate': 5e-05, 'epoch': 0.2}",
            bar(120, 5)), 2), WatchMemory.fresh(1), FINAL, T0);

    assertThat(a.health()).isEqualTo(Health.ALERT);
    assertThat(kinds(a)).contains(AlertKind.DIVERGENCE);
    assertThat(a.alerts()).filteredOn(x -> x.kind() == AlertKind.DIVERGENCE)
        .extracting(Alert::signature).containsExactly("nan_loss");
  }

  // --- stall: all three conditions, and each alone is not enough ---------------------------

  @Test
  void stallNeedsStepUnchangedForTwoChecksAndStaleLogAndIdleGpu() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(50, 5);
    List<String> log = lines(HF, bar(50, 5));

    Assessment first = run.check(running(1), 3, log, 700);
    assertThat(first.has(AlertKind.STALL)).isFalse(); // unchanged for one check only
    Assessment second = run.check(running(1), 3, log, 760);

    assertThat(second.health()).isEqualTo(Health.ALERT);
    assertThat(second.has(AlertKind.STALL)).isTrue();
    assertThat(second.alerts()).filteredOn(x -> x.kind() == AlertKind.STALL)
        .extracting(Alert::signature).containsExactly("hang");
  }

  @Test
  void stepUnchangedAloneIsNotAStall() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(50, 5);
    List<String> log = lines(HF, bar(50, 5));

    for (int i = 0; i < 4; i++) {
      Assessment a = run.check(running(1), 95, log, 5); // log fresh, GPU busy
      assertThat(a.has(AlertKind.STALL)).as("check %d", i).isFalse();
    }
  }

  @Test
  void staleLogAloneIsNotAStall() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    for (int i = 1; i <= 4; i++) {
      Assessment a = run.check(running(1), 95, lines(HF, bar(50L * i, 5)), 900);
      assertThat(a.has(AlertKind.STALL)).as("check %d", i).isFalse();
    }
  }

  @Test
  void idleGpuAloneIsNotAStall() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    for (int i = 1; i <= 4; i++) {
      Assessment a = run.check(running(1), 2, lines(HF, bar(50L * i, 5)), 5);
      assertThat(a.has(AlertKind.STALL)).as("check %d", i).isFalse();
    }
  }

  @Test
  void anIdleGpuAfterTheFinalStepIsTheRunEndingNotAnIdleGpu() {
    // The trainer saved its last checkpoint and exited; a loaded supervisor has not yet seen
    // it (state still running). The same readings mid-run are an idle GPU.
    AssessorFixture.Run atEnd = new AssessorFixture.Run(assessor);
    atEnd.healthyAt(FINAL - 100, 10);
    atEnd.healthyAt(FINAL - 50, 10);
    AssessorFixture.Run midRun = new AssessorFixture.Run(assessor);
    midRun.healthyAt(400, 10);
    midRun.healthyAt(450, 10);
    for (int i = 1; i <= 4; i++) {
      assertThat(atEnd.check(running(1), 0, lines(HF, bar(FINAL, 5)), 1)
          .has(AlertKind.IDLE_GPU)).as("check %d at the final step", i).isFalse();
    }
    boolean idle = false;
    for (int i = 1; i <= 4; i++) {
      idle |= midRun.check(running(1), 0, lines(HF, bar(500, 5)), 1).has(AlertKind.IDLE_GPU);
    }
    assertThat(idle).as("the same readings at step 500").isTrue();
  }

  @Test
  void aTrainerStillStartingIsNotAStallOnItsFirstCheck() {
    Assessment a = assessor.assess(new Probe(T0.plusSeconds(60), true, null, running(1), 2L,
        false, true, List.of(), 0, List.of(new GpuRow(0, "Fake GPU", 0, 500, 80_000)), null,
        List.of(), List.of(), null), WatchMemory.fresh(1), FINAL, T0);

    assertThat(a.has(AlertKind.STALL)).isFalse();
  }


  // --- baseline and slow -------------------------------------------------------------------

  @Test
  void baselineComesFromTheFirstHealthyChecksOfTheAttempt() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(100, 10);
    assertThat(run.memory.baseline()).isNotNull();
    run.healthyAt(200, 12);
    run.healthyAt(300, 50); // after baseline_checks=2: not part of the baseline

    Baseline b = run.memory.baseline();
    assertThat(b.attempt()).isEqualTo(1);
    assertThat(b.samples()).isEqualTo(2);
    assertThat(b.stepsPerSecond()).isEqualTo(11.0);
    assertThat(b.gpuUtil()).isEqualTo(95);
  }

  @Test
  void baselineIsResetWhenTheAttemptChanges() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(100, 10);
    run.healthyAt(200, 10);
    assertThat(run.memory.baseline().stepsPerSecond()).isEqualTo(10.0);

    Assessment a = run.check(running(2), 95, lines("=== babysitter attempt 2 ===", HF,
        bar(210, 9)), 5);

    assertThat(a.memory().attempt()).isEqualTo(2);
    assertThat(a.memory().baseline().attempt()).isEqualTo(2);
    assertThat(a.memory().baseline().samples()).isEqualTo(1);
    assertThat(a.memory().baseline().stepsPerSecond()).isEqualTo(9.0);
    assertThat(a.memory().previous().stepsPerSecond()).isEqualTo(10.0);
    assertThat(a.has(AlertKind.SLOW)).isFalse();
  }

  @Test
  void aRelaunchThatIsSlowFromItsFirstStepIsComparedWithTheLastAttempt() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(100, 10);
    run.healthyAt(200, 10);

    Assessment first = run.check(running(2), 95, lines("=== babysitter attempt 2 ===", HF,
        bar(210, 4)), 5);
    assertThat(first.memory().baseline()).as("a slow rate does not become normal").isNull();
    assertThat(first.has(AlertKind.SLOW)).isFalse();

    Assessment second = run.check(running(2), 95, lines("=== babysitter attempt 2 ===", HF,
        bar(230, 4)), 5);
    assertThat(second.has(AlertKind.SLOW)).isTrue();
  }

  @Test
  void slowAfterTwoChecksBelowSeventyPercentOfTheBaseline() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(100, 10);
    run.healthyAt(200, 10);

    Assessment once = run.healthyAt(300, 6);
    assertThat(once.has(AlertKind.SLOW)).isFalse();
    Assessment twice = run.healthyAt(400, 6);

    assertThat(twice.has(AlertKind.SLOW)).isTrue();
    assertThat(twice.health()).isEqualTo(Health.ALERT);
  }

  @Test
  void notSlowAtSeventyPercentOrAbove() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(100, 10);
    run.healthyAt(200, 10);

    for (long step = 300; step <= 600; step += 100) {
      assertThat(run.healthyAt(step, 7.5).has(AlertKind.SLOW)).isFalse();
    }
  }

  @Test
  void aRecoveredCheckResetsTheSlowCount() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(100, 10);
    run.healthyAt(200, 10);
    run.healthyAt(300, 6);
    run.healthyAt(400, 10);

    assertThat(run.healthyAt(500, 6).has(AlertKind.SLOW)).isFalse();
  }

  // --- attempts in the log -----------------------------------------------------------------

  @Test
  void anOldTracebackBeforeTheAttemptMarkDoesNotRaiseACrash() {
    List<String> log = new ArrayList<>(NCCL_TRACE);
    log.add("=== babysitter attempt 2 ===");
    log.add(HF);
    log.add(bar(320, 5));

    Assessment a = assessor.assess(probe(T0.plusSeconds(60), running(2), 95, log, 2),
        WatchMemory.fresh(2), FINAL, T0);

    assertThat(a.health()).isEqualTo(Health.HEALTHY);
    assertThat(a.alerts()).isEmpty();
    assertThat(a.step()).isEqualTo(320L);
  }

  @Test
  void aCrashIsClassifiedFromTheCurrentAttemptOnly() {
    List<String> log = new ArrayList<>(NCCL_TRACE);
    log.add("=== babysitter attempt 2 ===");
    log.add(bar(320, 5));

    Assessment a = assessor.assess(probe(T0.plusSeconds(60), failed(2, 1, "exit 1"), 0, log, 2),
        WatchMemory.fresh(2), FINAL, T0);

    assertThat(kinds(a)).containsExactly(AlertKind.CRASH);
    assertThat(a.alerts().get(0).signature()).isNotEqualTo("nccl");
  }
}
