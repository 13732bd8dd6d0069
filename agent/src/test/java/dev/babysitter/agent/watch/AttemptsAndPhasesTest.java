package dev.babysitter.agent.watch;

import static dev.babysitter.agent.watch.AssessorFixture.FINAL;
import static dev.babysitter.agent.watch.AssessorFixture.HF;
import static dev.babysitter.agent.watch.AssessorFixture.POLICY;
import static dev.babysitter.agent.watch.AssessorFixture.T0;
import static dev.babysitter.agent.watch.AssessorFixture.bar;
import static dev.babysitter.agent.watch.AssessorFixture.failed;
import static dev.babysitter.agent.watch.AssessorFixture.kinds;
import static dev.babysitter.agent.watch.AssessorFixture.lines;
import static dev.babysitter.agent.watch.AssessorFixture.probe;
import static dev.babysitter.agent.watch.AssessorFixture.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.tools.probe.SupervisorState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The assessor across attempts and supervisor phases: resumes, setup, the final sync. */
class AttemptsAndPhasesTest {
  private final HealthAssessor assessor = AssessorFixture.assessor();

  // --- resume loss mismatch ----------------------------------------------------------------

  private static String hf(double loss) {
    return String.format(java.util.Locale.ROOT,
        "{'loss': %.4f, 'grad_norm': 1.0, 'learning_rate': 5e-05, 'epoch': 0.1}", loss);
  }

  @Test
  void aResumeThatDoesNotReplayItsLineageIsADivergenceOnTheNeverRelaunchList() {
    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.check(running(1), 95, lines(bar(100, 5), hf(2.5000), bar(110, 5), hf(2.4800),
        bar(120, 5), hf(2.4600)), 2);
    run.check(failed(1, 1, "exit 1"), 0, lines(bar(130, 5), hf(2.4400)), 2);

    // Attempt 2 resumed from step 100 and replays 110..120 with the same losses: fine.
    Assessment same = run.check(running(2), 95, lines("=== babysitter attempt 2 ===",
        bar(110, 5), hf(2.4800), bar(120, 5), hf(2.4600)), 2);
    assertThat(same.alerts()).isEmpty();

    AssessorFixture.Run bad = new AssessorFixture.Run(assessor);
    bad.memory = run.memory.nextAttempt(3, null);
    Assessment off = bad.check(running(3), 95, lines("=== babysitter attempt 3 ===",
        bar(110, 5), hf(2.5100), bar(120, 5), hf(2.4900)), 2);
    assertThat(off.health()).isEqualTo(Health.ALERT);
    assertThat(off.alerts()).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.DIVERGENCE);
      assertThat(a.signature()).isEqualTo(HealthAssessor.RESUME_MISMATCH);
      assertThat(a.evidence()).contains("step 110", "2.5100", "2.4800");
    });
    assertThat(POLICY.neverRelaunch()).contains(HealthAssessor.RESUME_MISMATCH);
  }

  @Test
  void setupAndTheFinalSyncAreNoStallThoughTheLogIsSilentAndTheGpuIdle() {
    for (String state : List.of("setup", "syncing")) {
      AssessorFixture.Run run = new AssessorFixture.Run(assessor);
      SupervisorState sup = new SupervisorState(state, 1, "none", null, null, 0, 0, 5L, false,
          "none", "");
      for (int i = 0; i < 4; i++) {
        Assessment a = run.check(sup, 0, lines(HF, bar(1000, 5)), 3600);
        assertThat(a.alerts()).as(state).isEmpty();
        assertThat(a.health()).isEqualTo(Health.STARTING);
      }
    }
  }

  @Test
  void aSupervisorThatFinishedFailedSaysWhy() {
    SupervisorState sup = new SupervisorState("failed", 1, "none", 4, null, 0, 0, 5L, false,
        "none", "setup failed: exit 1");
    Assessment a = assessor.assess(probe(T0.plusSeconds(60), sup, 0, lines(), 5, false, false),
        WatchMemory.fresh(1), FINAL, T0);
    assertThat(a.alerts()).singleElement().satisfies(al -> {
      assertThat(al.kind()).isEqualTo(AlertKind.LOST);
      assertThat(al.evidence()).contains("state failed: setup failed: exit 1");
    });
  }

  @Test
  void aSetupOrSyncThatOutlastsPendingAfterIsSaid() {
    SupervisorState setup = new SupervisorState("setup", 1, "none", null, null, 0, 0, 5L, false,
        "none", "");
    Instant late = T0.plus(POLICY.alerts().pendingAfter()).plusSeconds(60);
    Assessment a = assessor.assess(probe(late, setup, 0, lines(), 3600), WatchMemory.fresh(1),
        FINAL, T0);
    assertThat(kinds(a)).containsExactly(AlertKind.PENDING);
    assertThat(a.alerts().get(0).evidence()).contains("setup still running", "setup.log");

    AssessorFixture.Run run = new AssessorFixture.Run(assessor);
    run.healthyAt(1000, 5);
    SupervisorState syncing = new SupervisorState("syncing", 1, "none", 0, null, 0, 0, 5L, false,
        "none", "");
    Assessment stuck = assessor.assess(probe(run.at.plus(POLICY.alerts().pendingAfter())
        .plusSeconds(60), syncing, 0, lines(HF, bar(1000, 5)), 3600), run.memory, FINAL, T0);
    assertThat(kinds(stuck)).containsExactly(AlertKind.PENDING);
    assertThat(stuck.alerts().get(0).evidence()).contains("final checkpoint sync", "sync.log");
  }

  @Test
  void aRelaunchBetweenReadingStateAndLogDoesNotLendTheNextAttemptsLossesToTheLineage() {
    List<String> tail = lines(hf(2.50), bar(29, 5), "=== babysitter attempt 2 ===",
        bar(21, 5), hf(9.99));
    assertThat(HealthAssessor.attemptLines(tail, 1)).containsExactly(hf(2.50), bar(29, 5));
    assertThat(HealthAssessor.attemptLines(tail, 2)).containsExactly(bar(21, 5), hf(9.99));
    assertThat(HealthAssessor.attemptLines(lines("=== babysitter attempt 12 ===", "x"), 12))
        .containsExactly("x");
  }
}
