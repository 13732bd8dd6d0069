package dev.babysitter.agent.guard.checks;

import static dev.babysitter.agent.guard.GuardStates.NOW;
import static dev.babysitter.agent.guard.GuardStates.STEP_10;
import static dev.babysitter.agent.guard.GuardStates.STEP_9;
import static dev.babysitter.agent.guard.GuardStates.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** delete-checkpoint, seal-verified, stall-kill-once, spend-cap, destructive-rate. */
class SmallChecksTest {
  private static final Policy POLICY = Policies.defaults();

  @Nested
  class DeleteCheckpoint {
    private final DeleteCheckpointCheck check = new DeleteCheckpointCheck();

    @Test
    void alwaysEscalatesEvenForAnIncompleteOrUnknownCheckpoint() {
      for (String path : new String[] {STEP_9, STEP_10, "/elsewhere/step-3"}) {
        Decision d = check.check(new Action.DeleteCheckpoint(path), state().build(), POLICY, NOW);
        assertThat(d).isInstanceOf(Decision.Escalate.class);
        assertThat(d.rule()).isEqualTo("delete-checkpoint");
        assertThat(d.reason()).contains(path);
      }
    }

    @Test
    void otherActionsPass() {
      assertThat(check.check(new Action.KillTrainer("stall"), state().build(), POLICY, NOW)
          .allowed()).isTrue();
    }
  }

  @Nested
  class Ladder {
    private final LadderCheck check = new LadderCheck();

    @Test
    void rerunAndDependencyFixesPassConfigChangesEscalate() {
      Map<Action, Boolean> allowed = new java.util.LinkedHashMap<>();
      allowed.put(new Action.Relaunch(STEP_9, "nccl", Map.of()), true);
      allowed.put(new Action.ApplyFix("pip_install", "flash-attn==2.6.3"), true);
      allowed.put(new Action.ApplyFix("prune_caches", ""), true);
      allowed.put(new Action.ApplyFix("env", "LEARNING_RATE=1e-3"), false);
      allowed.put(new Action.Relaunch(STEP_9, "cuda_oom", Map.of("BATCH_SIZE", "16")), false);
      allowed.put(new Action.ReduceConfig(Map.of("BATCH_SIZE", "16"), "oom"), false);
      // An instance switch (rung 4) is not the ladder's to ask: the retry budget (host_switch)
      // and synced-before-destroy judge it.
      allowed.put(new Action.SwitchInstance("xid 79"), true);
      allowed.forEach((action, ok) -> {
        Decision d = check.check(action, state().build(), POLICY, NOW);
        assertThat(d.allowed()).as(action.describe()).isEqualTo(ok);
        if (!ok) {
          assertThat(d).isInstanceOf(Decision.Escalate.class);
          assertThat(d.rule()).isEqualTo("escalation-ladder");
        }
      });
    }
  }

  @Nested
  class Seal {
    private final SealCheck check = new SealCheck();

    @Test
    void deniedWhenTheFinalCheckpointIsIncomplete() {
      Decision d = check.check(new Action.Seal(STEP_10, false), state().build(), POLICY, NOW);

      assertThat(d).isInstanceOf(Decision.Deny.class);
      assertThat(d.rule()).isEqualTo("seal-verified");
      assertThat(d.reason()).contains(STEP_10);
    }

    @Test
    void allowedWhenComplete() {
      assertThat(check.check(new Action.Seal(STEP_10, true), state().build(), POLICY, NOW)
          .allowed()).isTrue();
    }
  }

  @Nested
  class StallKill {
    private final StallKillCheck check = new StallKillCheck();

    @Test
    void firstStallKillOfAnAttemptIsAllowed() {
      assertThat(check.check(new Action.KillTrainer("stall: step 5 unchanged"),
          state().stallKills(0).build(), POLICY, NOW).allowed()).isTrue();
    }

    @Test
    void secondStallKillInTheSameAttemptEscalates() {
      Decision d = check.check(new Action.KillTrainer("stall: step 5 unchanged"),
          state().stallKills(1).attempt(2).build(), POLICY, NOW);

      assertThat(d).isInstanceOf(Decision.Escalate.class);
      assertThat(d.rule()).isEqualTo("stall-kill-once");
      assertThat(d.reason()).contains("attempt 2");
    }

    @Test
    void killsForOtherReasonsAreNotCountedAsStallKills() {
      assertThat(check.check(new Action.KillTrainer("divergence: loss NaN"),
          state().stallKills(1).build(), POLICY, NOW).allowed()).isTrue();
    }
  }

  @Nested
  class Spend {
    private final SpendCheck check = new SpendCheck();

    @Test
    void launchAboveTheHourlyCapEscalates() {
      Decision d = check.check(new Action.LaunchInstance("tiny", 5.01), state().build(), POLICY,
          NOW);

      assertThat(d).isInstanceOf(Decision.Escalate.class);
      assertThat(d.rule()).isEqualTo("spend-cap");
    }

    @Test
    void launchAtOrBelowTheHourlyCapIsAllowed() {
      assertThat(check.check(new Action.LaunchInstance("tiny", 5.0), state().build(), POLICY, NOW)
          .allowed()).isTrue();
      assertThat(check.check(new Action.LaunchInstance("tiny", 0.4), state().build(), POLICY, NOW)
          .allowed()).isTrue();
    }

    @Test
    void launchAndRelaunchEscalateOnceTheTotalIsReached() {
      GuardStates spent = state().cost(500);

      assertThat(check.check(new Action.LaunchInstance("tiny", 1), spent.build(), POLICY, NOW))
          .isInstanceOf(Decision.Escalate.class);
      Decision d = check.check(new Action.Relaunch(STEP_10, "nccl", Map.of()), spent.build(),
          POLICY, NOW);
      assertThat(d).isInstanceOf(Decision.Escalate.class);
      assertThat(d.reason()).contains("500.00");
    }

    @Test
    void belowTheTotalIsAllowed() {
      assertThat(check.check(new Action.Relaunch(STEP_10, "nccl", Map.of()),
          state().cost(499.99).build(), POLICY, NOW).allowed()).isTrue();
    }

    @Test
    void stoppingSpendIsNeverBlockedByTheCap() {
      GuardStates spent = state().cost(10_000);

      assertThat(check.check(new Action.KillTrainer("stall"), spent.build(), POLICY, NOW)
          .allowed()).isTrue();
      assertThat(check.check(new Action.DestroyInstance("i-1", "done"), spent.build(), POLICY,
          NOW).allowed()).isTrue();
    }
  }

  @Nested
  class DestructiveRate {
    private final DestructiveRateCheck check = new DestructiveRateCheck();
    private final Action destroy = new Action.DestroyInstance("i-1", "idle");

    @Test
    void aDestructiveActionWithinTheIntervalIsDenied() {
      Decision d = check.check(destroy, state().lastDestructiveAgo(Duration.ofMinutes(4)).build(),
          POLICY, NOW);

      assertThat(d).isInstanceOf(Decision.Deny.class);
      assertThat(d.rule()).isEqualTo("destructive-rate");
      assertThat(d.reason()).contains("240s").contains("300s");
    }

    @Test
    void atOrAfterTheIntervalItIsAllowed() {
      assertThat(check.check(destroy, state().lastDestructiveAgo(Duration.ofMinutes(5)).build(),
          POLICY, NOW).allowed()).isTrue();
      assertThat(check.check(destroy, state().lastDestructiveAgo(Duration.ofHours(1)).build(),
          POLICY, NOW).allowed()).isTrue();
    }

    @Test
    void theFirstDestructiveActionIsAllowed() {
      assertThat(check.check(destroy, state().build(), POLICY, NOW).allowed()).isTrue();
    }

    @Test
    void everyDestructiveKindIsRateLimitedAndReadingIsNot() {
      GuardState recent = state().lastDestructiveAgo(Duration.ofSeconds(10)).build();

      for (Action a : new Action[] {new Action.KillTrainer("stall"),
          new Action.SwitchInstance("slow"), new Action.DeleteCheckpoint(STEP_9), destroy}) {
        assertThat(check.check(a, recent, POLICY, NOW)).as(a.name())
            .isInstanceOf(Decision.Deny.class);
      }
      assertThat(check.check(new Action.TailLog(5), recent, POLICY, NOW).allowed()).isTrue();
      assertThat(check.check(new Action.Relaunch(STEP_10, "nccl", Map.of()), recent, POLICY, NOW)
          .allowed()).isTrue();
    }
  }

}
