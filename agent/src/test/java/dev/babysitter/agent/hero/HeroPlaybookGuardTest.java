package dev.babysitter.agent.hero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.playbook.Playbook;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import dev.babysitter.tools.provider.Instance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Instability and same-step failures through the real playbook and the real guard. */
class HeroPlaybookGuardTest {
  static final String ROOT = "/tmp/babysitter-test/runs/hero";

  static RunSpec spec(String policy) throws Exception {
    return new RunSpecLoader().parse("""
        name: hero
        dri: octocat
        goal: "reach step 5000"
        command: "python3 train.py --out {output_root}"
        source: {git_sha: auto, allow_dirty: true}
        output_root: %s
        final_step: 5000
        checkpoints: {dir: "{output_root}/checkpoints", pattern: "step-{n}"}
        log: "{output_root}/train.log"
        provider: {kind: local}
        limits: {auto_destroy_after: 30m, max_cost_usd: 1, lease_timeout: 5m}
        teardown: {on_done: destroy, on_failed: keep}
        issue: {repo: null, number: null}
        logbook: {repo: ., path: logbooks/hero.md}
        policy: policies/%s.yaml
        """.formatted(ROOT, policy), "test");
  }

  static RunRecord record() {
    RunRecord r = new RunRecord();
    r.runName = "hero";
    r.phase = "running";
    r.instance = new Instance("local-hero-1", "hero", "local", ROOT, "file:" + ROOT, 0, "local");
    return r;
  }

  static Assessment alert(Alert alert) {
    return new Assessment(Health.ALERT, List.of(alert), null, null, null, null,
        WatchMemory.fresh(1), null);
  }

  static final Alert UNSTABLE = new Alert(AlertKind.INSTABILITY, "loss above 3 for 10 logged "
      + "steps in a row", InstabilityRule.SIGNATURE, 1200L);

  @Test
  void heroParksOnInstabilityAndTheRelaunchAfterItGoesToTheDri() throws Exception {
    Policy hero = Policies.load("hero");
    CheckpointCatalog catalog = GuardStates.standardCatalog();
    RunRecord record = record();
    List<Proposal> first = new Playbook(hero).respond(alert(UNSTABLE), record, spec("hero"),
        catalog, GuardStates.NOW);
    assertThat(first).hasSize(1);
    Action.KillTrainer kill = (Action.KillTrainer) first.get(0).action();
    assertThat(kill.reason()).startsWith("instability: ");

    // The kill lands; the trainer's exit comes back as a crash of the attempt we killed.
    record.killAttempt = 1;
    record.killSignature = Playbook.signatureOfKill(kill.reason());
    assertThat(record.killSignature).isEqualTo(InstabilityRule.SIGNATURE);
    List<Proposal> next = new Playbook(hero).respond(alert(new Alert(AlertKind.CRASH,
        "exit 143", "other_error")), record, spec("hero"), catalog, GuardStates.NOW);
    Action.Relaunch relaunch = (Action.Relaunch) next.get(0).action();
    assertThat(relaunch.signature()).isEqualTo(InstabilityRule.SIGNATURE);

    Decision d = new PolicyGuard(hero, GuardStates.CLOCK).decide(relaunch,
        GuardStates.state().catalog(catalog).build());
    assertThat(d).isInstanceOf(Decision.Escalate.class);
    // hero.yaml also sends every relaunch to the DRI: one question names both rules
    assertThat(d.rule()).startsWith("never-relaunch");
    assertThat(new PolicyGuard(hero, GuardStates.CLOCK).decide(relaunch, GuardStates.state()
        .catalog(catalog).approved(((Decision.Escalate) d).approvalId()).build()).allowed())
        .isTrue();
  }

  @Test
  void withoutParkingTheAlertAloneGoesToTheDri() throws Exception {
    Policy defaults = Policies.defaults();
    assertThat(defaults.hero().parkOnInstability()).isFalse();
    assertThat(new Playbook(defaults).respond(alert(UNSTABLE), record(), spec("default"),
        GuardStates.standardCatalog(), GuardStates.NOW)).isEmpty();
    assertThat(AlertKind.INSTABILITY.toDriAtOnce()).isTrue();
  }

  @Test
  void aSecondFailureNearTheSameStepEscalatesWhateverTheBudgetSays() {
    Policy defaults = Policies.defaults();
    long window = defaults.hero().sameStepWindow();
    assertThat(defaults.retries().budgetFor("nccl")).isGreaterThan(1); // budget left
    PolicyGuard guard = new PolicyGuard(defaults, GuardStates.CLOCK);
    Action.Relaunch relaunch = new Action.Relaunch(GuardStates.STEP_10, "nccl", Map.of());

    Decision same = guard.decide(relaunch, failedBefore(1000L).withFailedAtStep(1000 + window));
    assertThat(same).isInstanceOf(Decision.Escalate.class);
    assertThat(same.rule()).isEqualTo("same-step");
    assertThat(same.reason()).contains("step " + (1000 + window)).contains("step 1000");

    Decision elsewhere = guard.decide(relaunch,
        failedBefore(1000L).withFailedAtStep(1000 + window + 1));
    assertThat(elsewhere.allowed()).isTrue();
    // A mark from before steps were kept never counts as the same step.
    assertThat(guard.decide(relaunch, failedBefore(null).withFailedAtStep(1000L)).allowed())
        .isTrue();
  }

  /**
   * Megatron at batch 8 fails with an NCCL crash at iteration 1100 (sample 8800); the OOM ladder
   * halved the batch meanwhile, so the resumed run (from step 1000, sample 8000) reaches that
   * sample at iteration 1200, 100 steps on: not the same step, the same data.
   */
  @Test
  void aSecondFailureAtTheSameDataPositionEscalatesThoughTheStepDiffers() throws Exception {
    Policy defaults = Policies.defaults();
    long window = defaults.hero().sameStepWindow();
    RunSpec spec = spec("default");
    CheckpointCatalog catalog = GuardStates.standardCatalog();
    HeroWatch watch = new HeroWatch(spec, defaults, new ProgressParser(),
        new WandbWatch(null, null, defaults.cadence().cruise()));
    RunRecord record = record();

    Assessment first = crashed(1, samples(1001, 1100, 8, 8000));
    watch.check(first, catalog, record, GuardStates.NOW.minus(Duration.ofHours(1)));
    Action.Relaunch relaunch = relaunchFor(first, record, spec, catalog);
    // What the controller records when it relaunches.
    GuardState.RelaunchMark mark = new GuardState.RelaunchMark(
        GuardStates.NOW.minus(Duration.ofHours(1)), relaunch.signature(), first.step(),
        HeroWatch.failedAt(record, first));
    assertThat(mark.step()).isEqualTo(1100L);
    assertThat(mark.position().describe()).isEqualTo("consumed samples 8,800 (step 1100)");

    PolicyGuard guard = new PolicyGuard(defaults, GuardStates.CLOCK);
    Assessment again = crashed(2, samples(1001, 1200, 4, 8000));
    watch.check(again, catalog, record, GuardStates.NOW);
    assertThat(Math.abs(again.step() - mark.step())).isGreaterThan(window);
    Decision same = guard.decide(relaunchFor(again, record, spec, catalog),
        after(mark, 2).withFailedAt(again.step(), HeroWatch.failedAt(record, again)));
    assertThat(same).isInstanceOf(Decision.Escalate.class);
    assertThat(same.rule()).isEqualTo("same-step");
    assertThat(same.reason()).contains("consumed samples 8,800 (step 1200)",
        "consumed samples 8,800 (step 1100)", "within 400 samples (" + window + " steps' worth)",
        "deterministic");

    // The same crash further on in the data (sample 9600) is another bad luck: the budget
    // decides.
    Assessment elsewhere = crashed(2, samples(1001, 1400, 4, 8000));
    watch.check(elsewhere, catalog, record, GuardStates.NOW);
    assertThat(guard.decide(relaunchFor(elsewhere, record, spec, catalog), after(mark, 2)
        .withFailedAt(elsewhere.step(), HeroWatch.failedAt(record, elsewhere))).allowed())
        .isTrue();
    // A position read in another attempt is not this attempt's.
    assertThat(HeroWatch.failedAt(record, first)).isNull();
  }

  /**
   * Megatron lines from iteration {@code from} to {@code to} at {@code batch} samples each,
   * {@code samplesBefore} consumed before {@code from}.
   */
  static List<String> samples(long from, long to, int batch, long samplesBefore) {
    List<String> out = new java.util.ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(String.format(java.util.Locale.ROOT, " iteration %8d/  250000 | consumed samples:"
          + " %12d | elapsed time per iteration (ms): 4247.9 | learning rate: 2.999E-04 | "
          + "global batch size: %5d | lm loss: 2.345678E+00 | loss scale: 1.0 | grad norm: 0.912"
          + " |", i, samplesBefore + (i - from + 1) * batch, batch));
    }
    // A long NCCL traceback follows; only the progress lines matter here.
    out.add("RuntimeError: NCCL communicator was aborted on rank 3.");
    return out;
  }

  static Assessment crashed(int attempt, List<String> tail) {
    ProgressParser parser = new ProgressParser();
    SupervisorState sup = new SupervisorState("failed", attempt, null, 1, null, 0, 0, 1L, false,
        "decision", "trainer exited 1");
    Probe probe = new Probe(GuardStates.NOW, true, null, sup, 1L, false, true, List.of(), 0,
        List.of(), null, List.of(), tail, 1L, null);
    return new Assessment(Health.ALERT, List.of(new Alert(AlertKind.CRASH,
        "NCCL communicator was aborted", "nccl")), parser.merge(parser.readings(tail))
        .orElseThrow(), null, null, null, WatchMemory.fresh(attempt), probe);
  }

  static Action.Relaunch relaunchFor(Assessment a, RunRecord record, RunSpec spec,
      CheckpointCatalog catalog) {
    List<Proposal> p = new Playbook(Policies.defaults()).respond(a, record, spec, catalog,
        GuardStates.NOW);
    assertThat(p).singleElement().satisfies(x -> assertThat(x.action())
        .isInstanceOf(Action.Relaunch.class));
    return (Action.Relaunch) p.get(0).action();
  }

  static GuardState after(GuardState.RelaunchMark mark, int attempt) {
    GuardState base = GuardStates.state().build();
    return new GuardState(base.runName(), attempt, List.of(mark), 0, null, base.checkpoints(),
        Set.of(), 0, 0, Set.of(), null, true);
  }

  static GuardState failedBefore(Long step) {
    GuardState base = GuardStates.state().build();
    return new GuardState(base.runName(), 2, List.of(new GuardState.RelaunchMark(
        GuardStates.NOW.minus(Duration.ofHours(1)), "nccl", step)), 0, null,
        base.checkpoints(), Set.of(), 0, 0, Set.of(), null, true);
  }
}
