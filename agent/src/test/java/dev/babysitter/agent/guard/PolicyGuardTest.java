package dev.babysitter.agent.guard;

import static dev.babysitter.agent.guard.GuardStates.CLOCK;
import static dev.babysitter.agent.guard.GuardStates.NOW;
import static dev.babysitter.agent.guard.GuardStates.STEP_10;
import static dev.babysitter.agent.guard.GuardStates.STEP_9;
import static dev.babysitter.agent.guard.GuardStates.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyGuardTest {
  private static final Policy POLICY = Policies.defaults();
  private final PolicyGuard guard = new PolicyGuard(POLICY, CLOCK);

  private static PolicyCheck fixed(String name, Decision decision, List<String> calls) {
    return new PolicyCheck() {
      public String name() { return name; }
      public Decision check(Action action, GuardState state, Policy policy, Instant now) {
        calls.add(name);
        return decision;
      }
    };
  }

  private static Action.Relaunch relaunch(String from, String signature) {
    return new Action.Relaunch(from, signature, Map.of());
  }

  @Test
  void firstNonAllowWinsAndLaterChecksAreNotAsked() {
    List<String> calls = new ArrayList<>();
    PolicyGuard g = new PolicyGuard(POLICY, CLOCK, List.of(
        fixed("a", Decision.allow(), calls),
        fixed("b", new Decision.Deny("b", "no"), calls),
        fixed("c", new Decision.Escalate("c", "ask", null), calls)));

    Decision d = g.decide(new Action.TailLog(10), state().build());

    assertThat(d).isEqualTo(new Decision.Deny("b", "no"));
    assertThat(calls).containsExactly("a", "b");
  }

  @Test
  void allAllowGivesAllow() {
    List<String> calls = new ArrayList<>();
    PolicyGuard g = new PolicyGuard(POLICY, CLOCK, List.of(
        fixed("a", Decision.allow(), calls), fixed("b", Decision.allow(), calls)));

    assertThat(g.decide(new Action.GpuStatus(), state().build()).allowed()).isTrue();
    assertThat(calls).containsExactly("a", "b");
  }

  @Test
  void aCheckThatThrowsDeniesNamingItself() {
    List<String> calls = new ArrayList<>();
    PolicyCheck broken = new PolicyCheck() {
      public String name() { return "broken-rule"; }
      public Decision check(Action action, GuardState state, Policy policy, Instant now) {
        throw new IllegalStateException("kaboom");
      }
    };
    PolicyGuard g = new PolicyGuard(POLICY, CLOCK, List.of(broken, fixed("after", Decision.allow(), calls)));

    Decision d = g.decide(new Action.GpuStatus(), state().build());

    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.rule()).isEqualTo("broken-rule");
    assertThat(d.reason()).contains("kaboom");
    assertThat(calls).isEmpty();
  }

  @Test
  void theRealChecksFailClosedOnABrokenState() {
    // A null checkpoint catalog makes complete-checkpoint throw: the guard must deny, not allow.
    GuardState broken = new GuardState("tiny", 1, List.of(), 0, null, null, java.util.Set.of(),
        0, 0, java.util.Set.of(), null, true);

    Decision d = guard.decide(relaunch(STEP_10, "nccl"), broken);

    assertThat(d).isInstanceOf(Decision.Deny.class);
    assertThat(d.rule()).isEqualTo("complete-checkpoint");
  }

  @Test
  void ordinaryRelaunchFromTheNewestCompleteCheckpointIsAllowed() {
    assertThat(guard.decide(relaunch(STEP_10, "nccl"), state().build()).allowed()).isTrue();
  }

  @Test
  void readingActionsAreAllowed() {
    assertThat(guard.decide(new Action.TailLog(200), state().build()).allowed()).isTrue();
    assertThat(guard.decide(new Action.GpuStatus(), state().build()).allowed()).isTrue();
    assertThat(guard.decide(new Action.CommitLogbook("x"), state().build()).allowed()).isTrue();
  }

  @Test
  void neverRelaunchEscalatesWithAStableApprovalId() {
    Decision first = guard.decide(relaunch(STEP_10, "nan_loss"), state().build());
    Decision again = guard.decide(relaunch(STEP_10, "nan_loss"), state().build());

    assertThat(first).isInstanceOf(Decision.Escalate.class);
    assertThat(first.rule()).isEqualTo("never-relaunch");
    String id = ((Decision.Escalate) first).approvalId();
    assertThat(id).isNotBlank();
    assertThat(again).isEqualTo(first);
  }

  @Test
  void aDifferentAttemptOrActionGetsADifferentApprovalId() {
    String id1 = idOf(guard.decide(relaunch(STEP_10, "nan_loss"), state().attempt(1).build()));
    String id2 = idOf(guard.decide(relaunch(STEP_10, "nan_loss"), state().attempt(2).build()));
    String otherAction = idOf(guard.decide(relaunch(STEP_10, "code_bug"), state().build()));
    String otherRun = idOf(guard.decide(relaunch(STEP_10, "nan_loss"), state().run("other").build()));

    assertThat(id1).isNotEqualTo(id2).isNotEqualTo(otherAction).isNotEqualTo(otherRun);
  }

  @Test
  void anApprovedIdLetsThatEscalationPass() {
    String id = idOf(guard.decide(relaunch(STEP_10, "nan_loss"), state().build()));

    Decision d = guard.decide(relaunch(STEP_10, "nan_loss"), state().approved(id).build());

    assertThat(d.allowed()).isTrue();
  }

  @Test
  void anApprovalForAnotherIdChangesNothing() {
    Decision d = guard.decide(relaunch(STEP_10, "nan_loss"), state().approved("A-000000").build());

    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("never-relaunch");
  }

  @Test
  void anApprovalFromAnEarlierAttemptDoesNotCarryOver() {
    String id = idOf(guard.decide(relaunch(STEP_10, "nan_loss"), state().attempt(1).build()));

    Decision d = guard.decide(relaunch(STEP_10, "nan_loss"),
        state().attempt(2).approved(id).build());

    assertThat(d).isInstanceOf(Decision.Escalate.class);
  }

  @Test
  void everyRuleThatWantsTheDriIsAskedOnceAndOneApprovalClearsThemAll() {
    GuardStates s = state().relaunched("nan_loss", 1, Duration.ofHours(1));
    Decision d = guard.decide(relaunch(STEP_10, "nan_loss"), s.build());

    // never-relaunch and an exhausted retry budget: one question, not one after the other
    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("never-relaunch+retry-budget");
    assertThat(d.reason()).contains("never-relaunch list").contains("budget");

    Decision approved = guard.decide(relaunch(STEP_10, "nan_loss"), s.approved(idOf(d)).build());
    assertThat(approved.allowed()).isTrue();
    assertThat(((Decision.Allow) approved).approvalsUsed()).containsExactly(idOf(d));
  }

  @Test
  void aHostSwitchGoesWithoutAPersonOnceADayAndOnlyWithASyncedCheckpoint() {
    Action.SwitchInstance sw = new Action.SwitchInstance("slow: 0.4 steps/s");

    assertThat(guard.decide(sw, state().build()).allowed()).isTrue();

    Decision again = guard.decide(sw, state().relaunched("host_switch", Duration.ofHours(3))
        .build());
    assertThat(again).isInstanceOf(Decision.Escalate.class);
    assertThat(again.rule()).isEqualTo("retry-budget");
    assertThat(again.reason()).contains("host_switch");

    Decision unsynced = guard.decide(sw, state().synced(false).build());
    assertThat(unsynced).isInstanceOf(Decision.Escalate.class);
    assertThat(unsynced.rule()).isEqualTo("synced-before-destroy");
    // A day later the budget is back.
    assertThat(guard.decide(sw, state().relaunched("host_switch", Duration.ofHours(25))
        .build()).allowed()).isTrue();
  }

  @Test
  void aPreemptedRunsMoveIsChargedToThePreemptionBudgetNotTheHostSwitchOne() {
    Action.SwitchInstance moved = new Action.SwitchInstance("preempted", "preemption_sigterm");
    // The day's host switch is spent; a preemption's move still has its own budget.
    assertThat(guard.decide(moved, state().relaunched("host_switch", Duration.ofHours(1))
        .build()).allowed()).isTrue();
    int budget = guard.policy().retries().budgetFor("preemption_sigterm");
    Decision spent = guard.decide(moved, state().relaunched("preemption_sigterm", budget,
        Duration.ofHours(1)).build());
    assertThat(spent).isInstanceOf(Decision.Escalate.class);
    assertThat(spent.reason()).contains("preemption_sigterm");
  }

  @Test
  void anApprovalOfOneRuleAloneStillLeavesTheOtherToAsk() {
    GuardStates s = state().relaunched("nan_loss", 1, Duration.ofHours(1));
    String neverOnly = PolicyGuard.approvalId(s.build(), relaunch(STEP_10, "nan_loss"),
        "never-relaunch");

    Decision d = guard.decide(relaunch(STEP_10, "nan_loss"), s.approved(neverOnly).build());

    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("retry-budget");
  }

  @Test
  void deleteCheckpointEscalatesAndAnApprovalLetsItThrough() {
    Action delete = new Action.DeleteCheckpoint(STEP_9);
    Decision d = guard.decide(delete, state().build());

    assertThat(d).isInstanceOf(Decision.Escalate.class);
    assertThat(d.rule()).isEqualTo("delete-checkpoint");
    assertThat(guard.decide(delete, state().approved(idOf(d)).build()).allowed()).isTrue();
  }

  @Test
  void sameInputsSameDecisionAtTheSameInstant() {
    PolicyGuard other = new PolicyGuard(POLICY, java.time.Clock.fixed(NOW, ZoneOffset.UTC));
    GuardState s = state().relaunched("nccl", 3, Duration.ofHours(2)).build();

    assertThat(other.decide(relaunch(STEP_10, "nccl"), s))
        .isEqualTo(guard.decide(relaunch(STEP_10, "nccl"), s));
  }

  @Test
  void equalActionsWithAConfigDeltaGetTheSameApprovalId() {
    for (int set = 0; set < 20; set++) {
      Map<String, String> forward = new LinkedHashMap<>();
      Map<String, String> backward = new LinkedHashMap<>();
      for (int i = 0; i < 16; i++) {
        forward.put("key_" + set + "_" + i, "v" + i);
      }
      for (int i = 15; i >= 0; i--) {
        backward.put("key_" + set + "_" + i, "v" + i);
      }
      Action a = new Action.Relaunch(STEP_10, "nan_loss", forward);
      Action b = new Action.Relaunch(STEP_10, "nan_loss", backward);
      assertThat(a).isEqualTo(b);

      assertThat(idOf(guard.decide(a, state().build())))
          .as("key set %d", set).isEqualTo(idOf(guard.decide(b, state().build())));
    }
  }

  @Test
  void aRelaunchWithAConfigChangeNeedsTheDri() {
    Decision d = guard.decide(new Action.Relaunch(STEP_10, "cuda_oom",
        Map.of("micro_batch_size", "1")), state().build());

    assertThat(d).isInstanceOf(Decision.Escalate.class);
  }

  @Test
  void aConfigReductionNeedsTheDri() {
    // Rung 3; rung 4 (an instance switch) has its own budget, see the host-switch test.
    assertThat(guard.decide(new Action.ReduceConfig(Map.of("seq_len", "1024"), "oom"),
        state().build())).isInstanceOf(Decision.Escalate.class);
  }

  private static String idOf(Decision d) {
    assertThat(d).isInstanceOf(Decision.Escalate.class);
    return ((Decision.Escalate) d).approvalId();
  }
}
