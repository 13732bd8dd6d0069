package dev.babysitter.agent.playbook;

import static dev.babysitter.agent.playbook.PlaybookFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which cause the exit after a kill of ours is judged by: the one we killed for, except when a
 * stall kill found the trainer already gone, which the supervisor's {@code killed} says.
 */
class KillSignatureTest {

  /** Attempt 1 exited with status {@code exit}; {@code killed} as the supervisor says it. */
  private static Assessment exited(Alert crash, int exit, Boolean killed) {
    SupervisorState sup = new SupervisorState("failed", 1, "none", exit, null, 0, 0, 5L, true,
        "decision", "exit " + exit, null, killed);
    Probe probe = new Probe(NOW, true, null, sup, 3L, false, true, List.of(), 0,
        List.of(new GpuRow(0, "Fake GPU", 0, 0, 80_000)), null, List.of(), List.of(), 5L);
    return new Assessment(Health.ALERT, List.of(crash), null, null, null, null,
        WatchMemory.fresh(1), probe);
  }

  private static RunRecord killedFor(String signature) {
    RunRecord r = record();
    r.killAttempt = 1;
    r.killSignature = signature;
    r.killRequestedAt = NOW.minusSeconds(5);
    return r;
  }

  private static List<Proposal> respond(Assessment a, RunRecord r) throws Exception {
    return PLAYBOOK.respond(a, r, spec("destroy", "keep"), catalog("step-9"), NOW);
  }

  @Test
  void afterOurOwnKillTheRelaunchCarriesTheKillSignature() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(1, crash("other_error")), killedFor("hang"),
        spec("destroy", "keep"), catalog("step-9"), NOW);

    assertThat(actions(p)).containsExactly(new Action.Relaunch(CKPT + "/step-9", "hang", Map.of()));
  }

  @Test
  void aKillThatReachedTheLiveTrainerIsJudgedAsTheHangWeKilledFor() throws Exception {
    assertThat(actions(respond(exited(crash("other_error"), 143, true), killedFor("hang"))))
        .containsExactly(new Action.Relaunch(CKPT + "/step-9", "hang", Map.of()));
  }

  /** The CI run that found it: an NCCL crash seen late on a loaded machine spent the hang budget. */
  @Test
  void aStallKillThatFoundTheTrainerAlreadyCrashedLeavesTheCrashItsOwnCause() throws Exception {
    RunRecord r = killedFor("hang");
    Assessment a = exited(crash("nccl"), 1, false);

    assertThat(Playbook.exitIsOurKill(r, a)).isFalse();
    assertThat(actions(respond(a, r)))
        .containsExactly(new Action.Relaunch(CKPT + "/step-9", "nccl", Map.of()));
  }

  @Test
  void aSupervisorThatDoesNotSayIsTakenAtTheKill() throws Exception {
    assertThat(actions(respond(exited(crash("nccl"), 1, null), killedFor("hang"))))
        .containsExactly(new Action.Relaunch(CKPT + "/step-9", "hang", Map.of()));
  }

  /** A resume mismatch stands however the trainer exited: the guard's never-relaunch sees it. */
  @Test
  void aKillForAnotherCauseKeepsThatCauseEvenWhenTheTrainerExitedFirst() throws Exception {
    Assessment a = exited(crash("nccl"), 1, false);
    RunRecord r = killedFor("resume_loss_mismatch");

    assertThat(Playbook.exitIsOurKill(r, a)).isTrue();
    assertThat(actions(respond(a, r))).containsExactly(
        new Action.Relaunch(CKPT + "/step-9", "resume_loss_mismatch", Map.of()));
  }

  @Test
  void aKillInAnEarlierAttemptDoesNotRelabelThisCrash() throws Exception {
    RunRecord r = killedFor("hang");

    List<Proposal> p = PLAYBOOK.respond(alert(2, crash("nccl")), r, spec("destroy", "keep"),
        catalog("step-9"), NOW);

    assertThat(actions(p)).containsExactly(new Action.Relaunch(CKPT + "/step-9", "nccl", Map.of()));
  }

  @Test
  void aTrainerThatFinishedBeforeOurStopForAResumeMismatchIsNotSealedButGoesToTheDri()
      throws Exception {
    // CI under load: the mismatch was found at step 56 of 60, the stop sent, the trainer done first
    RunRecord r = killedFor("resume_loss_mismatch");
    WatchMemory m = WatchMemory.fresh(1);
    m = m.withLineage(m.lineage().withPoints(Map.of(31L, 3.1, 40L, 2.9)));
    Assessment done = new Assessment(Health.DONE, List.of(), null, null, null, null, m, null);

    List<Proposal> p = PLAYBOOK.respond(done, r, spec("destroy", "keep"),
        catalog("step-20", "step-30", "step-40", "step-60"), NOW);

    assertThat(actions(p)).containsExactly(
        new Action.Relaunch(CKPT + "/step-30", "resume_loss_mismatch", Map.of()));
    assertThat(p.get(0).why()).contains("finished before the babysitter's stop");
    // a stall kill that came too late is a plain finish: sealed as usual
    assertThat(actions(PLAYBOOK.respond(new Assessment(Health.DONE, List.of(), null, null, null,
        null, WatchMemory.fresh(1), null), killedFor("hang"), spec("destroy", "keep"),
        catalog("step-60"), NOW))).doesNotHaveAnyElementsOfTypes(Action.Relaunch.class);
  }
}
