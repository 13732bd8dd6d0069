package dev.babysitter.agent.watch;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import java.time.Instant;
import java.util.List;

/** Hand-built probes for the assessor's tests, and a run that threads the memory through. */
final class AssessorFixture {
  static final Policy POLICY = Policies.defaults();
  static final Instant T0 = Instant.parse("2026-11-23T14:00:00Z");
  static final long FINAL = 1000;
  static final String HF = "{'loss': 2.5, 'grad_norm': 1.0, 'learning_rate': 5e-05, 'epoch': 0.1}";

  private AssessorFixture() {}

  static HealthAssessor assessor() {
    return new HealthAssessor(POLICY.alerts(), new ProgressParser(), new FailureClassifier());
  }

  static String bar(long step, double rate) {
    long pct = step * 100 / FINAL;
    return String.format(java.util.Locale.ROOT, "%3d%%|▌         | %d/%d [00:10<03:10, %5.2fit/s]",
        pct, step, FINAL, rate);
  }

  static SupervisorState running(int attempt) {
    return new SupervisorState("running", attempt, "none", null, 4242L, 0, 0, 5L, false, "none",
        "");
  }

  static SupervisorState failed(int attempt, int exitCode, String reason) {
    return new SupervisorState("failed", attempt, "none", exitCode, null, 0, 0, 5L, false,
        "decision", reason);
  }

  static Probe probe(Instant at, SupervisorState sup, int util, List<String> log, long logAgeS) {
    return probe(at, sup, util, log, logAgeS, false, true);
  }

  static Probe probe(Instant at, SupervisorState sup, int util, List<String> log, long logAgeS,
      boolean done, boolean alive) {
    return new Probe(at, true, null, sup, 3L, done, alive, List.of(), 0,
        List.of(new GpuRow(0, "Fake GPU", util, 40_000, 80_000)), null, List.of(), log, logAgeS);
  }

  static List<String> lines(String... l) {
    return List.of(l);
  }

  static List<AlertKind> kinds(Assessment a) {
    return a.alerts().stream().map(Alert::kind).toList();
  }

  /** Runs a sequence of probes through the assessor, threading the memory like the watcher. */
  static final class Run {
    private final HealthAssessor assessor;
    WatchMemory memory = WatchMemory.fresh(1);
    Instant at = T0;
    Assessment last;

    Run(HealthAssessor assessor) {
      this.assessor = assessor;
    }

    Assessment check(SupervisorState sup, int util, List<String> log, long logAgeS) {
      at = at.plusSeconds(60);
      last = assessor.assess(probe(at, sup, util, log, logAgeS), memory, FINAL, T0);
      memory = last.memory();
      return last;
    }

    Assessment healthyAt(long step, double rate) {
      return check(running(memory.attempt()), 95, lines(HF, bar(step, rate)), 5);
    }
  }
}
