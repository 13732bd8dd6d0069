package dev.babysitter.agent.playbook;

import static dev.babysitter.agent.playbook.PlaybookFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.provider.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Default policy: idle_teardown_grace 10m. */
class PlaybookTest {

  // --- crash -------------------------------------------------------------------------------

  @Test
  void crashRelaunchesFromTheNewestCompleteCheckpointWithTheAlertsSignature() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(1, crash("nccl")), record(), spec("destroy", "keep"),
        catalog("step-9", "step-10", "step-11?"), NOW);

    assertThat(actions(p)).containsExactly(
        new Action.Relaunch(CKPT + "/step-10", "nccl", Map.of()));
    assertThat(p.get(0).why()).contains(CKPT + "/step-10");
  }

  @Test
  void crashSkipsARejectedLineage() throws Exception {
    RunRecord r = record();
    r.rejectedCheckpoints.add(CKPT + "/step-10");

    List<Proposal> p = PLAYBOOK.respond(alert(1, crash("nccl")), r, spec("destroy", "keep"),
        catalog("step-9", "step-10"), NOW);

    assertThat(actions(p)).containsExactly(new Action.Relaunch(CKPT + "/step-9", "nccl", Map.of()));
  }

  @Test
  void crashWithNoCompleteCheckpointRelaunchesFromScratch() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(1, crash("cuda_oom")), record(),
        spec("destroy", "keep"), catalog("step-3?"), NOW);

    assertThat(actions(p)).containsExactly(new Action.Relaunch(null, "cuda_oom", Map.of()));
    assertThat(p.get(0).why()).contains("scratch");
  }

  @Test
  void earlyExitIsAnsweredLikeAnExit() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(1, new Alert(AlertKind.EARLY_EXIT, "exit 0",
        "early_exit")), record(), spec("destroy", "keep"), catalog("step-9"), NOW);

    assertThat(actions(p)).containsExactly(
        new Action.Relaunch(CKPT + "/step-9", "early_exit", Map.of()));
  }

  // --- stall and divergence ----------------------------------------------------------------

  @Test
  void stallKillsTheTrainer() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(1, stall()), record(), spec("destroy", "keep"),
        catalog("step-9"), NOW);

    assertThat(actions(p)).hasSize(1);
    assertThat(p.get(0).action()).isInstanceOf(Action.KillTrainer.class);
    assertThat(((Action.KillTrainer) p.get(0).action()).reason()).startsWith("stall");
  }

  @Test
  void noSecondKillWithinFifteenSecondsOfTheFirst() throws Exception {
    RunRecord r = record();
    r.killAttempt = 1;
    r.killSignature = "hang";
    r.killRequestedAt = NOW.minusSeconds(14);

    assertThat(PLAYBOOK.respond(alert(1, stall()), r, spec("destroy", "keep"), catalog(), NOW))
        .isEmpty();
    assertThat(PLAYBOOK.respond(alert(1, new Alert(AlertKind.DIVERGENCE, "loss nan",
        "nan_loss")), r, spec("destroy", "keep"), catalog(), NOW)).isEmpty();
  }

  @Test
  void pastTheGraceTheStallIsAnsweredAgain() throws Exception {
    RunRecord r = record();
    r.killAttempt = 1;
    r.killRequestedAt = NOW.minusSeconds(16);

    List<Proposal> p = PLAYBOOK.respond(alert(1, stall()), r, spec("destroy", "keep"), catalog(),
        NOW);

    assertThat(actions(p)).singleElement().isInstanceOf(Action.KillTrainer.class);
  }

  @Test
  void aRecentKillInAnEarlierAttemptDoesNotHoldBackThisOne() throws Exception {
    RunRecord r = record();
    r.killAttempt = 1;
    r.killRequestedAt = NOW.minusSeconds(3);

    List<Proposal> p = PLAYBOOK.respond(alert(2, stall()), r, spec("destroy", "keep"), catalog(),
        NOW);

    assertThat(actions(p)).singleElement().isInstanceOf(Action.KillTrainer.class);
  }

  @Test
  void nanDivergenceKillsTheTrainer() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(1, new Alert(AlertKind.DIVERGENCE,
        "train loss is NaN", "nan_loss")), record(), spec("destroy", "keep"), catalog(), NOW);

    assertThat(actions(p)).singleElement().isInstanceOf(Action.KillTrainer.class);
    assertThat(((Action.KillTrainer) p.get(0).action()).reason()).startsWith("divergence");
  }

  @Test
  void afterANanKillTheRecoverySourceIsTheNewestCompleteCheckpointBeforeTheOnset()
      throws Exception {
    RunRecord r = record();
    r.killAttempt = 1;
    r.killSignature = "nan_loss";
    r.nanOnsetStep = 30L;
    List<Proposal> p = PLAYBOOK.respond(alert(1, crash("other_error")), r,
        spec("destroy", "keep"), catalog("step-10", "step-20", "step-30", "step-40"), NOW);

    assertThat(actions(p)).containsExactly(
        new Action.Relaunch(CKPT + "/step-20", "nan_loss", Map.of()));
    assertThat(p.get(0).why()).contains("before the NaN onset at step 30")
        .contains("step-40 is after it and no recovery source");
  }

  @Test
  void aRunThatFinishedOnANanLossIsNotSealedButGoesToTheDri() throws Exception {
    RunRecord r = record();
    r.nanOnsetStep = 30L;
    List<Proposal> p = PLAYBOOK.respond(health(Health.DONE), r, spec("destroy", "keep"),
        catalog("step-20", "step-40", "step-60"), NOW);

    assertThat(actions(p)).containsExactly(
        new Action.Relaunch(CKPT + "/step-20", "nan_loss", Map.of()));
    assertThat(p.get(0).why()).startsWith("the trainer finished, but its loss is NaN from step 30");
  }

  @Test
  void aResumeLossMismatchStopsTheTrainerAndItsRelaunchCarriesTheNeverRelaunchSignature()
      throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(2, new Alert(AlertKind.DIVERGENCE,
        "resume loss mismatch: step 110 replayed ...", "resume_loss_mismatch")), record(),
        spec("destroy", "keep"), catalog(), NOW);

    assertThat(actions(p)).singleElement().isInstanceOf(Action.KillTrainer.class);
    String reason = ((Action.KillTrainer) p.get(0).action()).reason();
    assertThat(Playbook.signatureOfKill(reason)).isEqualTo("resume_loss_mismatch");
    assertThat(Playbook.signatureOfKill("stall: step 5 unchanged")).isEqualTo("hang");
    assertThat(Playbook.signatureOfKill("divergence: train loss is nan")).isEqualTo("nan_loss");
  }

  @Test
  void aSlowHostIsLeftForANewInstanceFromTheNewestCheckpoint() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(alert(1, new Alert(AlertKind.SLOW,
        "0.40 steps/s is below 70% of the baseline 1.00 for 2 checks", null)), record(),
        spec("destroy", "destroy"), catalog("step-9"), NOW);

    assertThat(actions(p)).singleElement().isInstanceOf(Action.SwitchInstance.class);
    assertThat(p.get(0).why()).contains("step-9");

    RunRecord switched = record();
    switched.hostSwitchedAt = NOW.minusSeconds(60); // the new instance is still starting
    assertThat(PLAYBOOK.respond(alert(1, new Alert(AlertKind.SLOW, "slow", null)), switched,
        spec("destroy", "destroy"), catalog("step-9"), NOW)).isEmpty();
  }

  @Test
  void aSlowHostMovesRightAfterItsNextSaveWhenThatLosesLess() throws Exception {
    // saves every 100 steps (step-100, step-200 complete); baseline 1.0 steps/s, now 0.5
    CheckpointCatalog saves = catalog("step-100", "step-200");
    Alert slow = new Alert(AlertKind.SLOW, "0.50 steps/s is below 70% of the baseline 1.00", null);

    // at 290: moving loses 90 s of work, staying to 300 costs 10 steps at half speed (10 s)
    assertThat(PLAYBOOK.respond(slowAt(290, slow), record(), spec("destroy", "destroy"), saves,
        NOW)).isEmpty();
    // at 210: moving loses 10 s, staying to 300 costs 90 s more: move now
    assertThat(actions(PLAYBOOK.respond(slowAt(210, slow), record(), spec("destroy", "destroy"),
        saves, NOW))).singleElement().isInstanceOf(Action.SwitchInstance.class);
    // one save only: the interval is unknown, move now
    assertThat(actions(PLAYBOOK.respond(slowAt(290, slow), record(), spec("destroy", "destroy"),
        catalog("step-200"), NOW))).singleElement().isInstanceOf(Action.SwitchInstance.class);
  }

  private static Assessment slowAt(long step, Alert slow) {
    WatchMemory memory = new WatchMemory(1, 9, 0, step, NOW, NOW, 0,
        new dev.babysitter.agent.watch.Baseline(1, 1.0, 95, 0.5, 5), 2, 0, List.of(), 0.5, null,
        null);
    dev.babysitter.tools.logs.Progress progress = new dev.babysitter.tools.logs.Progress("hf_dict",
        step, "global", null, null, step, 2.0, null, null, null, false);
    return new Assessment(Health.ALERT, List.of(slow), progress, null, 0.5, null, memory, null);
  }

  @Test
  void reportOnlyAlertsProposeNothing() throws Exception {
    // LOST here comes from a reachable probe (the supervisor stopped): not a host to leave.
    for (AlertKind kind : List.of(AlertKind.IDLE_GPU, AlertKind.MEMORY,
        AlertKind.LOST, AlertKind.MONITOR_STALE)) {
      assertThat(PLAYBOOK.respond(alert(1, new Alert(kind, "x", null)), record(),
          spec("destroy", "destroy"), catalog("step-9"), NOW)).as(kind.name()).isEmpty();
    }
    assertThat(PLAYBOOK.respond(alert(1, new Alert(AlertKind.DIVERGENCE, "spike", "loss_spike")),
        record(), spec("destroy", "destroy"), catalog("step-9"), NOW)).isEmpty();
  }

  @Test
  void healthyStartingAndStaleProposeNothing() throws Exception {
    for (Health h : List.of(Health.HEALTHY, Health.STARTING, Health.MONITOR_STALE)) {
      assertThat(PLAYBOOK.respond(health(h), record(), spec("destroy", "destroy"),
          catalog("step-9"), NOW)).as(h.name()).isEmpty();
    }
  }

  // --- done --------------------------------------------------------------------------------

  @Test
  void doneSealsThenDestroysWhenOnDoneIsDestroy() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(health(Health.DONE), record(), spec("destroy", "keep"),
        catalog("step-180", "step-200"), NOW);

    assertThat(actions(p)).hasSize(2);
    assertThat(p.get(0).action()).isEqualTo(new Action.Seal(CKPT + "/step-200", true));
    assertThat(p.get(1).action()).isInstanceOf(Action.DestroyInstance.class);
    assertThat(((Action.DestroyInstance) p.get(1).action()).instanceId())
        .isEqualTo("local-pb-4242");
  }

  @Test
  void doneOnlySealsWhenOnDoneIsKeep() throws Exception {
    List<Proposal> p = PLAYBOOK.respond(health(Health.DONE), record(), spec("keep", "keep"),
        catalog("step-200"), NOW);

    assertThat(actions(p)).containsExactly(new Action.Seal(CKPT + "/step-200", true));
  }

  @Test
  void doneWithAnIncompleteOrMissingFinalCheckpointProposesAnUnverifiedSeal() throws Exception {
    assertThat(actions(PLAYBOOK.respond(health(Health.DONE), record(), spec("keep", "keep"),
        catalog("step-180", "step-200?"), NOW)))
        .containsExactly(new Action.Seal(CKPT + "/step-200", false));
    assertThat(actions(PLAYBOOK.respond(health(Health.DONE), record(), spec("keep", "keep"),
        catalog("step-180"), NOW)))
        .containsExactly(new Action.Seal(CKPT + "/step-200", false));
  }

  @Test
  void afterTheSealOnlyTheTeardownRemains() throws Exception {
    RunRecord r = record();
    r.sealed = true;

    assertThat(actions(PLAYBOOK.respond(health(Health.DONE), r, spec("destroy", "keep"),
        catalog("step-200"), NOW))).singleElement().isInstanceOf(Action.DestroyInstance.class);
    assertThat(PLAYBOOK.respond(health(Health.DONE), r, spec("keep", "keep"), catalog("step-200"),
        NOW)).isEmpty();
    r.phase = "torn_down";
    assertThat(PLAYBOOK.respond(health(Health.DONE), r, spec("destroy", "keep"),
        catalog("step-200"), NOW)).isEmpty();
  }

  // --- pending escalation and idle teardown ------------------------------------------------

  private static RunRecord waitingForTheDri(Duration idleFor) {
    RunRecord r = record();
    r.escalations.put("A-123456", new RunRecord.Escalation("A-123456", "retry-budget",
        "budget spent", "relaunch after nccl", NOW.minus(idleFor), "pending"));
    r.idleSince = NOW.minus(idleFor);
    return r;
  }

  @Test
  void aPendingEscalationParksAtOnceWhateverTheTeardown() throws Exception {
    for (String onFailed : List.of("destroy", "keep")) {
      List<Proposal> p = PLAYBOOK.respond(alert(1, crash("nccl")),
          waitingForTheDri(Duration.ofSeconds(1)), spec("destroy", onFailed), catalog("step-9"),
          NOW);

      assertThat(actions(p)).as(onFailed).singleElement().isInstanceOf(Action.Park.class);
      assertThat(((Action.Park) p.get(0).action()).instanceId()).isEqualTo("local-pb-4242");
      assertThat(((Action.Park) p.get(0).action()).reason()).contains("A-123456");
    }
  }

  @Test
  void aParkedRunGetsNoFurtherProposals() throws Exception {
    RunRecord r = waitingForTheDri(Duration.ofDays(3));
    r.phase = "parked";

    assertThat(PLAYBOOK.respond(alert(1, crash("nccl")), r, spec("destroy", "destroy"),
        catalog("step-9"), NOW)).isEmpty();
  }

  @Test
  void aDeniedEscalationWithOnFailedDestroyDestroysAfterTheGrace() throws Exception {
    RunRecord waited = waitingForTheDri(Duration.ofMinutes(10));
    waited.escalations.put("A-123456", waited.escalations.get("A-123456").withStatus("denied"));
    RunRecord fresh = waitingForTheDri(Duration.ofMinutes(9));
    fresh.escalations.put("A-123456", fresh.escalations.get("A-123456").withStatus("denied"));

    assertThat(PLAYBOOK.respond(alert(1, crash("nccl")), fresh, spec("destroy", "destroy"),
        catalog("step-9"), NOW)).isEmpty();
    List<Proposal> p = PLAYBOOK.respond(alert(1, crash("nccl")), waited,
        spec("destroy", "destroy"), catalog("step-9"), NOW);
    assertThat(actions(p)).singleElement().isInstanceOf(Action.DestroyInstance.class);
  }

  @Test
  void aDeniedEscalationWithOnFailedKeepParksAndNeverDestroys() throws Exception {
    RunRecord r = waitingForTheDri(Duration.ofDays(3));
    r.escalations.put("A-123456", r.escalations.get("A-123456").withStatus("denied"));

    assertThat(actions(PLAYBOOK.respond(alert(1, crash("nccl")), r, spec("destroy", "keep"),
        catalog("step-9"), NOW))).singleElement().isInstanceOf(Action.Park.class);
  }

  @Test
  void aDecidedEscalationDoesNotHoldTheRelaunch() throws Exception {
    RunRecord r = record();
    r.escalations.put("A-1", new RunRecord.Escalation("A-1", "retry-budget", "x", "y",
        NOW.minusSeconds(600), "approved"));

    List<Proposal> p = PLAYBOOK.respond(alert(1, crash("nccl")), r, spec("destroy", "destroy"),
        catalog("step-9"), NOW);

    assertThat(actions(p)).singleElement().isInstanceOf(Action.Relaunch.class);
  }
}
