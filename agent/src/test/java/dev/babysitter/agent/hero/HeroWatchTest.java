package dev.babysitter.agent.hero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hero checks as the controller runs them once per check: real checkpoint directories
 * listed by the real probe, a running supervisor and a Megatron log tail.
 */
class HeroWatchTest {
  final Policy hero = Policies.load("hero");
  final ProgressParser parser = new ProgressParser();
  final Instant now = Instant.now();

  RunSpec spec(Path root) throws Exception {
    return new RunSpecLoader().parse("""
        name: hero
        dri: octocat
        goal: "reach step 5000"
        command: "python3 train.py --out {output_root}"
        source: {git_sha: auto, allow_dirty: true}
        output_root: %s
        final_step: 5000
        checkpoints: {dir: "{output_root}/checkpoints", pattern: "step-{n}", keep_last: 2}
        log: "{output_root}/train.log"
        provider: {kind: local}
        limits: {auto_destroy_after: 30m, max_cost_usd: 1, lease_timeout: 5m}
        teardown: {on_done: destroy, on_failed: keep}
        issue: {repo: null, number: null}
        logbook: {repo: ., path: logbooks/hero.md}
        policy: policies/hero.yaml
        """.formatted(root.resolve("out")), "test");
  }

  Assessment running(Probe listed, List<String> tail) {
    SupervisorState sup = new SupervisorState("running", 1, null, null, 4242L, 0, 0, 1L, false,
        null, null);
    Probe probe = new Probe(now, true, null, sup, 1L, false, true, List.of(), 0, List.of(), null,
        listed.checkpoints(), tail, 1L, null);
    var progress = parser.merge(parser.readings(tail)).orElse(null);
    return new Assessment(Health.HEALTHY, List.of(), progress, null, 1.0, Duration.ofHours(1),
        WatchMemory.fresh(1), probe);
  }

  @Test
  void instabilityBecomesAnAlertAndCandidatesAreListedOnce(@TempDir Path root) throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    for (long s = 1000; s <= 1400; s += 100) {
      dirs.add(s, true, now.minusSeconds(3000 - s));
    }
    RunSpec spec = spec(root);
    HeroWatch watch = new HeroWatch(spec, hero, parser, new WandbWatch(null, null,
        hero.cadence().cruise()));
    long w = hero.hero().warmupSteps();
    List<String> tail = MegatronLines.lines(1400, 1460, i -> i > 1445 ? 9.0 : 2.0, i -> 1.0);
    assertThat(w).isLessThan(1400);
    RunRecord record = new RunRecord();
    Probe listed = dirs.probe();
    CheckpointCatalog catalog = CheckpointCatalog.of(spec.checkpointLayout(),
        listed.checkpoints());

    HeroWatch.Result first = watch.check(running(listed, tail), catalog, record, now);
    assertThat(first.assessment().health()).isEqualTo(Health.ALERT);
    assertThat(first.assessment().alerts()).extracting(a -> a.kind())
        .containsExactly(AlertKind.INSTABILITY);
    assertThat(first.notes()).singleElement().satisfies(n -> {
      assertThat(n.getKey()).isEqualTo("retention candidates");
      assertThat(n.getValue()).contains(dirs.path(1000), dirs.path(1100), dirs.path(1200))
          .doesNotContain(dirs.path(1300)).contains("Nothing is deleted without the DRI");
    });
    assertThat(watch.check(running(listed, tail), catalog, record, now).notes())
        .as("the same candidates are not listed twice").isEmpty();
    // The real directories are all still there: listing deletes nothing.
    assertThat(Files.isDirectory(Path.of(dirs.path(1000)))).isTrue();
  }

  @Test
  void aShrinkingWindowIsARollbackAlert(@TempDir Path root) throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    dirs.add(1000, true, now.minusSeconds(600));
    dirs.add(1100, true, now.minusSeconds(300));
    RunSpec spec = spec(root);
    HeroWatch watch = new HeroWatch(spec, hero, parser, new WandbWatch(null, null,
        hero.cadence().cruise()));
    List<String> tail = MegatronLines.lines(1100, 1150, i -> 2.0, i -> 1.0);
    RunRecord record = new RunRecord();
    Probe listed = dirs.probe();
    assertThat(watch.check(running(listed, tail), CheckpointCatalog.of(spec.checkpointLayout(),
        listed.checkpoints()), record, now).assessment().alerts()).isEmpty();

    // Something outside the babysitter (the trainer's own rotation) removed one.
    try (var files = Files.walk(Path.of(dirs.path(1000)))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Probe after = dirs.probe();
    HeroWatch.Result r = watch.check(running(after, tail), CheckpointCatalog.of(
        spec.checkpointLayout(), after.checkpoints()), record, now);
    assertThat(r.assessment().alerts()).extracting(a -> a.kind())
        .containsExactly(AlertKind.ROLLBACK_WINDOW);
    assertThat(r.assessment().alerts().get(0).evidence()).contains("1 complete checkpoint(s) now");
  }

  @Test
  void deletionGoesThroughTheGuardAndTheRetentionPlanStillVetoes(@TempDir Path root)
      throws Exception {
    CheckpointDirs dirs = new CheckpointDirs(root);
    for (long s = 1000; s <= 1400; s += 100) {
      dirs.add(s, true, now.minusSeconds(3000 - s));
    }
    RunSpec spec = spec(root);
    HeroWatch watch = new HeroWatch(spec, hero, parser, new WandbWatch(null, null,
        hero.cadence().cruise()));
    Probe listed = dirs.probe();
    CheckpointCatalog catalog = CheckpointCatalog.of(spec.checkpointLayout(),
        listed.checkpoints());
    RunRecord record = new RunRecord();

    // The guard's delete rule: always the DRI; the DRI's approval of exactly this lets it pass.
    // (Default policy: under hero.yaml strict-escalation asks for a second approval as well.)
    var guard = new dev.babysitter.agent.guard.PolicyGuard(Policies.defaults(),
        java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
    var delete = new dev.babysitter.agent.guard.Action.DeleteCheckpoint(dirs.path(1000));
    var state = dev.babysitter.agent.guard.GuardState.empty("hero", catalog);
    var first = guard.decide(delete, state);
    assertThat(first).isInstanceOf(dev.babysitter.agent.guard.Decision.Escalate.class);
    assertThat(first.rule()).isEqualTo("delete-checkpoint");
    String id = ((dev.babysitter.agent.guard.Decision.Escalate) first).approvalId();
    var approved = new dev.babysitter.agent.guard.GuardState(state.runName(), state.attempt(),
        state.relaunches(), 0, null, catalog, java.util.Set.of(), 0, 0, java.util.Set.of(id),
        null, true);
    var second = guard.decide(delete, approved);
    assertThat(second.allowed()).as(second.toString()).isTrue();

    var shell = new dev.babysitter.tools.shell.LocalShell();
    assertThat(watch.delete(shell, dirs.path(1000), catalog, record, listed))
        .isEqualTo("deleted " + dirs.path(1000));
    assertThat(Files.exists(Path.of(dirs.path(1000)))).isFalse();
    // Approved or not, the newest N and the recovery source stay.
    assertThat(watch.delete(shell, dirs.path(1400), catalog, record, listed))
        .startsWith("not deleted").contains("among the last 2");
    assertThat(Files.isDirectory(Path.of(dirs.path(1400)))).isTrue();
    assertThat(watch.delete(shell, "/etc", catalog, record, listed)).startsWith("not deleted");
  }
}
