package dev.babysitter.agent.watch;

import static dev.babysitter.agent.watch.AssessorFixture.FINAL;
import static dev.babysitter.agent.watch.AssessorFixture.HF;
import static dev.babysitter.agent.watch.AssessorFixture.POLICY;
import static dev.babysitter.agent.watch.AssessorFixture.T0;
import static dev.babysitter.agent.watch.AssessorFixture.bar;
import static dev.babysitter.agent.watch.AssessorFixture.kinds;
import static dev.babysitter.agent.watch.AssessorFixture.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real trainers go quiet on purpose: startup (imports, model load, data, compile), evals and
 * saves, and the wait for the exit after the last step. None of these is a hang; a hang after
 * them still is. Without GPU telemetry idleness is unknown: the rule waits longer and says so.
 */
class SilentPhasesTest {
  private final HealthAssessor assessor = AssessorFixture.assessor();
  private final Policy.AlertRules rules = POLICY.alerts();
  private WatchMemory memory = WatchMemory.fresh(1);
  private final Instant attemptStart = T0;

  private static SupervisorState running(Instant attemptStart) {
    return new SupervisorState("running", 1, "none", null, 4242L, attemptStart.getEpochSecond(),
        0, 5L, false, "none", "", attemptStart.getEpochSecond());
  }

  /** A check {@code afterStart} into the attempt; util -1 means no GPU rows at all. */
  private Assessment check(Duration afterStart, int util, List<String> log, long logAgeS) {
    Instant at = attemptStart.plus(afterStart);
    List<GpuRow> gpus = util < 0 ? List.of() : List.of(new GpuRow(0, "GPU", util, 1, 80));
    Probe p = new Probe(at, true, null, running(attemptStart), 3L, false, true, List.of(), 0,
        gpus, util < 0 ? "nvidia-smi exited 127" : null, List.of(), log, logAgeS);
    Assessment a = assessor.assess(p, memory, FINAL, T0);
    memory = a.memory();
    return a;
  }

  private static final List<String> BANNER = lines("=== babysitter attempt 1 ===");

  @Test
  void aLongSilentStartupIsNotAStallUntilTheStartupGracePasses() {
    Duration grace = rules.startupGrace();
    // Model loading: nothing but the supervisor's banner, the GPU idle, for most of the grace.
    for (Duration t = Duration.ofMinutes(5); t.compareTo(grace) <= 0; t = t.plusMinutes(5)) {
      Assessment a = check(t, 0, BANNER, t.toSeconds());
      assertThat(kinds(a)).as("at %s", t).doesNotContain(AlertKind.STALL, AlertKind.IDLE_GPU);
    }
    Assessment late = check(grace.plusMinutes(5), 0, BANNER, grace.plusMinutes(5).toSeconds());
    assertThat(kinds(late)).contains(AlertKind.STALL);
    assertThat(late.alerts().get(0).evidence()).startsWith("no progress line in attempt 1 for")
        .contains("startup grace " + grace.toSeconds() + "s");
  }

  @Test
  void aStartupThatPrintsIsNeverAStallWhileTheLogMoves() {
    Duration t = rules.startupGrace().plusMinutes(30);
    Assessment a = check(t, 0, lines("=== babysitter attempt 1 ===",
        "Downloading shards: 40%"), 20);
    assertThat(kinds(a)).doesNotContain(AlertKind.STALL);
    a = check(t.plusMinutes(1), 0, lines("Downloading shards: 80%"), 20);
    assertThat(kinds(a)).doesNotContain(AlertKind.STALL);
  }

  @Test
  void afterTheFinalStepTheExitIsAwaitedForTheExitGrace() {
    String last = bar(FINAL, 5);
    check(Duration.ofMinutes(60), 95, lines(HF, last), 5);
    Duration exitGrace = rules.exitGrace();
    Assessment waiting = check(Duration.ofMinutes(60).plus(exitGrace).minusMinutes(1), 0,
        lines(HF, last), exitGrace.minusMinutes(1).toSeconds());
    assertThat(kinds(waiting)).doesNotContain(AlertKind.STALL);
    check(Duration.ofMinutes(60).plus(exitGrace), 0, lines(HF, last), exitGrace.toSeconds());
    Assessment hung = check(Duration.ofMinutes(62).plus(exitGrace), 0, lines(HF, last),
        exitGrace.plusMinutes(2).toSeconds());
    assertThat(kinds(hung)).contains(AlertKind.STALL);
    assertThat(hung.alerts().get(0).evidence())
        .startsWith("reached the final step " + FINAL + " but the trainer has not exited");
  }

  @Test
  void anEvalOrSaveAtTheEndOfTheLogExtendsTheAllowance() {
    check(Duration.ofMinutes(30), 95, lines(HF, bar(400, 5)), 5);
    List<String> saving = lines(HF, bar(400, 5), "Saving model checkpoint to out/checkpoint-400");
    Duration quiet = rules.staleAfter().plusMinutes(5);
    check(Duration.ofMinutes(30).plus(quiet).minusMinutes(1), 0, saving, quiet.toSeconds() - 60);
    Assessment a = check(Duration.ofMinutes(30).plus(quiet), 0, saving, quiet.toSeconds());
    assertThat(kinds(a)).doesNotContain(AlertKind.STALL);

    Duration beyond = rules.staleAfter().plus(rules.saveGrace()).plusMinutes(2);
    Assessment hung = check(Duration.ofMinutes(30).plus(beyond), 0, saving, beyond.toSeconds());
    assertThat(kinds(hung)).contains(AlertKind.STALL);
    assertThat(hung.alerts().get(0).evidence()).contains("looks like an eval or save");
  }

  @Test
  void withoutGpuTelemetryAStallNeedsTheLongerWaitAndSaysSo() {
    check(Duration.ofMinutes(30), -1, lines(HF, bar(400, 5)), 5);
    Duration stale = rules.staleAfter().plusMinutes(2);
    assertThat(rules.staleWithoutGpu()).isGreaterThan(stale);
    check(Duration.ofMinutes(30).plus(stale).minusMinutes(1), -1, lines(HF, bar(400, 5)),
        stale.toSeconds() - 60);
    Assessment early = check(Duration.ofMinutes(30).plus(stale), -1, lines(HF, bar(400, 5)),
        stale.toSeconds());
    assertThat(kinds(early)).doesNotContain(AlertKind.STALL, AlertKind.IDLE_GPU);

    Duration longer = rules.staleWithoutGpu().plusMinutes(2);
    Assessment hung = check(Duration.ofMinutes(30).plus(longer), -1, lines(HF, bar(400, 5)),
        longer.toSeconds());
    assertThat(kinds(hung)).containsExactly(AlertKind.STALL);
    assertThat(hung.alerts().get(0).evidence()).contains("no GPU telemetry");
  }

  @Test
  void theSupervisorsBannerIsNotProgress() {
    // Attempt 2 began 30 s ago; its banner made the log fresh, but the step of attempt 1 is no
    // progress of attempt 2: the startup grace applies, not the stale-after rule.
    SupervisorState second = new SupervisorState("running", 2, "none", null, 4242L,
        T0.getEpochSecond(), 0, 5L, false, "none", "", T0.plusSeconds(3600).getEpochSecond());
    memory = WatchMemory.fresh(1);
    for (int i = 1; i <= 3; i++) {
      Instant at = T0.plusSeconds(3600 + 600L * i);
      Probe p = new Probe(at, true, null, second, 3L, false, true, List.of(), 0,
          List.of(new GpuRow(0, "GPU", 0, 1, 80)), null, List.of(),
          lines("=== babysitter attempt 2 ==="), 600L * i);
      Assessment a = assessor.assess(p, memory, FINAL, T0);
      memory = a.memory();
      assertThat(kinds(a)).as("check %d", i).doesNotContain(AlertKind.STALL);
    }
  }

  @Test
  void theFirstStaleReadingIsSuspectAndTheNextCheckComesAtAlertCadence() {
    check(Duration.ofMinutes(30), 95, lines(HF, bar(400, 5)), 5);
    Duration quiet = rules.staleAfter().plusMinutes(1);
    // One check after the progress went stale: not yet a stall, but no longer healthy either.
    memory = new WatchMemory(memory.attempt(), memory.checks(), memory.healthyInRow(),
        memory.lastStep(), memory.lastStepAt(), memory.lastCheckAt(), 0, memory.baseline(),
        memory.slowChecks(), memory.idleChecks(), memory.losses(), memory.stepsPerSecond(),
        memory.previous(), memory.lineage());
    Assessment first = check(Duration.ofMinutes(30).plus(quiet), 0, lines(HF, bar(400, 5)),
        quiet.toSeconds());
    assertThat(kinds(first)).doesNotContain(AlertKind.STALL);
    assertThat(first.health()).isEqualTo(Health.SUSPECT);
    assertThat(new Cadence(POLICY.cadence()).next(new Cadence.Input(first.health(), 10, 0, null,
        null))).isEqualTo(POLICY.cadence().alert());
  }
}
