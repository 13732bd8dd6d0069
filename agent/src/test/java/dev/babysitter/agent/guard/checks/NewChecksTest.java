package dev.babysitter.agent.guard.checks;

import static dev.babysitter.agent.guard.GuardStates.CLOCK;
import static dev.babysitter.agent.guard.GuardStates.NOW;
import static dev.babysitter.agent.guard.GuardStates.STEP_10;
import static dev.babysitter.agent.guard.GuardStates.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** projected-cost, synced-before-destroy, strict-escalation; and the hero policy end to end. */
class NewChecksTest {
  private static final Policy DEFAULT = Policies.defaults(); // max_total_usd 500
  private static final Policy HERO = Policies.load("hero");

  private static Action.Relaunch relaunch(String signature) {
    return new Action.Relaunch(STEP_10, signature, Map.of());
  }

  @Nested
  class ProjectedCost {
    private final ProjectedCostCheck check = new ProjectedCostCheck();

    @Test
    void escalatesWhenCostSoFarPlusRateTimesEtaPassesTheCap() {
      // $400 so far + $4/h x 30 h = $520 > $500
      Decision d = check.check(relaunch("nccl"), state().cost(400).dollarsPerHour(4)
          .eta(Duration.ofHours(30)).build(), DEFAULT, NOW);

      assertThat(d).isInstanceOf(Decision.Escalate.class);
      assertThat(d.rule()).isEqualTo("projected-cost");
      assertThat(d.reason()).contains("$520.00").contains("$500.00");
    }

    @Test
    void allowsWhenTheProjectionFits() {
      // $400 + $4/h x 20 h = $480
      assertThat(check.check(relaunch("nccl"), state().cost(400).dollarsPerHour(4)
          .eta(Duration.ofHours(20)).build(), DEFAULT, NOW).allowed()).isTrue();
    }

    @Test
    void standsAsideWithoutAnEta() {
      assertThat(check.check(relaunch("nccl"), state().cost(499).dollarsPerHour(100).build(),
          DEFAULT, NOW).allowed()).isTrue();
    }

    @Test
    void usesTheLaunchPriceForALaunch() {
      Decision d = check.check(new Action.LaunchInstance("tiny", 30), state().cost(0)
          .dollarsPerHour(0).eta(Duration.ofHours(20)).build(), DEFAULT, NOW);
      assertThat(d).isInstanceOf(Decision.Escalate.class); // 30 x 20 = 600
    }

    @Test
    void readsAndKillsAreNotProjected() {
      assertThat(check.check(new Action.TailLog(50), state().cost(499).dollarsPerHour(100)
          .eta(Duration.ofHours(100)).build(), DEFAULT, NOW).allowed()).isTrue();
    }
  }

  @Nested
  class SyncedBeforeDestroy {
    private final SyncedCheckpointCheck check = new SyncedCheckpointCheck();

    @Test
    void destroyWhileTheNewestCheckpointIsNotSyncedEscalates() {
      Decision d = check.check(new Action.DestroyInstance("i-1", "done"),
          state().synced(false).build(), DEFAULT, NOW);

      assertThat(d).isInstanceOf(Decision.Escalate.class);
      assertThat(d.rule()).isEqualTo("synced-before-destroy");
      assertThat(d.reason()).contains(STEP_10).contains("not yet synced");
    }

    @Test
    void switchCountsAsADestroy() {
      assertThat(check.check(new Action.SwitchInstance("slow host"),
          state().synced(false).build(), DEFAULT, NOW)).isInstanceOf(Decision.Escalate.class);
    }

    @Test
    void syncedDestroyPasses() {
      assertThat(check.check(new Action.DestroyInstance("i-1", "done"),
          state().synced(true).build(), DEFAULT, NOW).allowed()).isTrue();
    }

    @Test
    void otherActionsPassEvenUnsynced() {
      assertThat(check.check(new Action.KillTrainer("stall"), state().synced(false).build(),
          DEFAULT, NOW).allowed()).isTrue();
    }

    @Test
    void approvedDestroyGoesThroughTheGuardAndNamesTheApproval() {
      PolicyGuard guard = new PolicyGuard(DEFAULT, CLOCK);
      Action destroy = new Action.DestroyInstance("i-1", "done");
      Decision first = guard.decide(destroy, state().synced(false).build());
      assertThat(first).isInstanceOf(Decision.Escalate.class);
      String id = ((Decision.Escalate) first).approvalId();

      Decision approved = guard.decide(destroy, state().synced(false).approved(id).build());

      assertThat(approved).isInstanceOf(Decision.Allow.class);
      assertThat(((Decision.Allow) approved).approvalsUsed()).containsExactly(id);
    }
  }

  @Nested
  class StrictEscalation {
    private final StrictEscalationCheck check = new StrictEscalationCheck();

    @Test
    void heroEscalatesEveryDestructiveActionAndEveryRelaunch() {
      for (Action a : new Action[] {new Action.KillTrainer("stall"),
          new Action.DestroyInstance("i-1", "done"), new Action.SwitchInstance("slow"),
          new Action.DeleteCheckpoint(STEP_10), relaunch("preemption_sigterm")}) {
        Decision d = check.check(a, state().build(), HERO, NOW);
        assertThat(d).as(a.describe()).isInstanceOf(Decision.Escalate.class);
        assertThat(d.rule()).isEqualTo("strict-escalation");
      }
    }

    @Test
    void heroStillAllowsReadsAndRecords() {
      for (Action a : new Action[] {new Action.TailLog(10), new Action.GpuStatus(),
          new Action.CommitLogbook("x"), new Action.CommentIssue("x")}) {
        assertThat(check.check(a, state().build(), HERO, NOW).allowed()).as(a.describe())
            .isTrue();
      }
    }

    @Test
    void defaultLeavesRoutineActionsToTheOtherRules() {
      assertThat(check.check(new Action.KillTrainer("stall"), state().build(), DEFAULT, NOW)
          .allowed()).isTrue();
      assertThat(check.check(relaunch("nccl"), state().build(), DEFAULT, NOW).allowed())
          .isTrue();
    }
  }

  @Test
  void heroPolicyThroughTheWholeGuard() {
    PolicyGuard hero = new PolicyGuard(HERO, CLOCK);
    PolicyGuard def = new PolicyGuard(DEFAULT, CLOCK);

    assertThat(def.decide(relaunch("nccl"), state().build()).allowed()).isTrue();
    assertThat(hero.decide(relaunch("nccl"), state().build()))
        .isInstanceOf(Decision.Escalate.class);
    // hero's budget for an OOM is zero and hero sends every relaunch to the DRI: one question
    // names both rules
    assertThat(hero.decide(relaunch("cuda_oom"), state().build()).rule())
        .isEqualTo("retry-budget+strict-escalation");
    assertThat(hero.decide(new Action.DestroyInstance("i-1", "done"), state().build()).rule())
        .isEqualTo("strict-escalation");
  }
}
