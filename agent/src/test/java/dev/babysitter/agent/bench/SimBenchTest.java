package dev.babysitter.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invariants of a small simulation (fixed seed, faults scaled up so every run has some). */
class SimBenchTest {
  private static SimBench.Result result;

  @BeforeAll
  static void simulate() {
    result = new SimBench(Policies.defaults(), new TokenEstimate(1400)).run(6, 7, 5, 2.5);
  }

  private static StrategyFigures figures(Strategy s) {
    return result.strategies().stream().filter(f -> f.strategy().equals(s.key())).findFirst()
        .orElseThrow();
  }

  @Test
  void theScheduleHasFaultsOfSeveralKinds() {
    assertThat(figures(Strategy.OURS).latencyMinutes()).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void oursDetectsEveryFault() {
    for (RunOutcome r : result.outcomes().get(Strategy.OURS)) {
      assertThat(r.detections()).allSatisfy(d -> assertThat(d.latencyS())
          .as("run %d %s", r.runId(), d.kind()).isGreaterThanOrEqualTo(0));
    }
  }

  @Test
  void noRunIsLeftBurningAfterDone() {
    result.outcomes().forEach((s, runs) -> assertThat(runs)
        .as(s.key()).noneMatch(RunOutcome::burningAfterDone));
    assertThat(result.outcomes().get(Strategy.OURS)).allMatch(RunOutcome::finished);
  }

  @Test
  void theLowerBoundNeverExceedsAnyStrategysWaste() {
    result.outcomes().forEach((s, runs) -> runs.forEach(r -> assertThat(r.lowerBoundGpuH())
        .as("%s run %d", s.key(), r.runId()).isLessThanOrEqualTo(r.wasteGpuH() + 1e-9)));
  }

  @Test
  void oursWastesLessThanNoBabysitter() {
    assertThat(figures(Strategy.OURS).wasteGpuH())
        .isLessThan(figures(Strategy.NONE).wasteGpuH());
  }

  @Test
  void oursSpendsNoTokensWhileHealthy() {
    List<RunOutcome> ours = result.outcomes().get(Strategy.OURS);
    assertThat(ours.stream().mapToLong(RunOutcome::healthyTokens).sum()).isZero();
    assertThat(figures(Strategy.LLM_5).tokensPerRunHourHealthy()).isPositive();
  }

  @Test
  void aHealthyStretchRaisesNoAlertAndACorrectResumeNoMismatch() {
    // A false alert wakes the agent or a person for nothing; a false resume mismatch would
    // even stop a good run. The simulated trainer resumes correctly, so neither may happen.
    assertThat(result.outcomes().get(Strategy.OURS)).allSatisfy(r ->
        assertThat(r.falseAlerts()).as("run " + r).isZero());
  }
}
