package dev.babysitter.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random action sequences, applied to an evolving guard state exactly as the run controller
 * does (marks, kills and destructive times recorded only on Allow), never break a budget. Seeds
 * are fixed so that a failure reproduces.
 */
class BudgetPropertyTest {
  private static final int SEQUENCES = 500;
  private static final int ACTIONS = 50;
  private static final List<String> SIGNATURES = List.of("nccl", "preemption_sigterm",
      "cuda_driver_hw", "network_hub", "hang", "cuda_oom", "host_oom", "disk_full",
      "other_error", "early_exit", "unheard_of", "nan_loss", "checkpoint_corrupt",
      "resume_loss_mismatch", "code_bug");

  /** A clock the test moves forward; the guard reads it through {@link Clock#instant()}. */
  private static final class SteppedClock extends Clock {
    Instant now = GuardStates.NOW;
    public ZoneId getZone() { return ZoneOffset.UTC; }
    public Clock withZone(ZoneId zone) { return this; }
    public Instant instant() { return now; }
  }

  /** The mutable part of the run record that the controller updates after an Allow. */
  private static final class Record {
    int attempt = 1;
    final List<GuardState.RelaunchMark> relaunches = new ArrayList<>();
    int stallKills;
    Instant lastDestructiveAt;
    double costSoFar;
    boolean synced;

    GuardState state() {
      return new GuardState("prop", attempt, relaunches, stallKills, lastDestructiveAt,
          GuardStates.standardCatalog(), Set.of(), 2.0, costSoFar, Set.of(), null, synced);
    }
  }

  /** Counts, so the test can also show that it exercised the allow paths, not only refusals. */
  private record Tally(int decisions, int relaunchesAllowed, int destructiveAllowed,
      int launchesAllowed) {}

  @ParameterizedTest
  @ValueSource(strings = {"default", "demo", "hero"})
  void randomSequencesNeverExceedABudget(String policyName) {
    Policy policy = Policies.load(policyName);
    int decisions = 0;
    int relaunches = 0;
    int destructive = 0;
    int launches = 0;
    for (int seed = 0; seed < SEQUENCES; seed++) {
      Tally t = runSequence(policy, new Random(seed * 7919L + policyName.hashCode()), seed);
      decisions += t.decisions();
      relaunches += t.relaunchesAllowed();
      destructive += t.destructiveAllowed();
      launches += t.launchesAllowed();
    }
    System.out.printf("budget property [%s]: %d sequences, %d decisions checked; allowed: "
        + "%d relaunches, %d destructive, %d launches%n", policyName, SEQUENCES, decisions,
        relaunches, destructive, launches);
    assertThat(decisions).isEqualTo(SEQUENCES * ACTIONS);
    if (policy.escalate().relaunch()) {
      assertThat(relaunches).as("hero sends every relaunch to the DRI").isZero();
      assertThat(destructive).as("hero sends every destructive action to the DRI").isZero();
    } else {
      // Otherwise the invariants below would hold vacuously.
      assertThat(relaunches).isPositive();
      assertThat(destructive).isPositive();
    }
    assertThat(launches).isPositive();
  }

  private static Tally runSequence(Policy policy, Random rnd, int seed) {
    SteppedClock clock = new SteppedClock();
    PolicyGuard guard = new PolicyGuard(policy, clock);
    Policy.RetryRules retries = policy.retries();
    Duration minGap = policy.destructiveMinInterval();
    Record record = new Record();
    List<Instant> destructiveTimes = new ArrayList<>();
    int relaunches = 0;
    int launches = 0;
    for (int i = 0; i < ACTIONS; i++) {
      clock.now = clock.now.plus(advance(rnd, minGap, retries.window()));
      record.synced = rnd.nextInt(4) != 0;
      record.costSoFar = rnd.nextDouble() * policy.spend().maxTotalUsd() * 1.1;
      Action action = randomAction(rnd);
      Decision decision = guard.decide(action, record.state());
      String where = policy.name() + " seed " + seed + " step " + i + ": " + action.describe()
          + " -> " + decision;
      Instant now = clock.now;
      if (action instanceof Action.Relaunch r) {
        if (policy.neverRelaunch().contains(r.signature())) {
          assertThat(decision.allowed()).as("never-relaunch allowed, " + where).isFalse();
        }
        if (decision.allowed()) {
          assertThat(record.costSoFar).as(where).isLessThan(policy.spend().maxTotalUsd());
        }
      }
      if (action instanceof Action.DeleteCheckpoint) {
        assertThat(decision.allowed()).as("delete allowed, " + where).isFalse();
      }
      if (action instanceof Action.LaunchInstance l && decision.allowed()) {
        assertThat(l.dollarsPerHour()).as(where)
            .isLessThanOrEqualTo(policy.spend().maxDollarsPerHour());
        launches++;
      }
      if (!decision.allowed()) {
        continue;
      }
      // Recorded as RunController records an allowed action.
      if (action.destructive()) {
        if (record.lastDestructiveAt != null) {
          assertThat(Duration.between(record.lastDestructiveAt, now)).as(where)
              .isGreaterThanOrEqualTo(minGap);
        }
        record.lastDestructiveAt = now;
        destructiveTimes.add(now);
      }
      if (action instanceof Action.KillTrainer k && k.reason().startsWith("stall")) {
        record.stallKills++;
        assertThat(record.stallKills).as(where).isLessThanOrEqualTo(policy.stallKillsPerAttempt());
      }
      if (action instanceof Action.Relaunch r) {
        record.relaunches.add(new GuardState.RelaunchMark(now, r.signature()));
        record.attempt++;
        record.stallKills = 0;
        relaunches++;
        assertWithinBudget(record.relaunches, retries, now, r.signature(), where);
      }
    }
    // The gap invariant over the whole history, independent of the per-step bookkeeping.
    for (int j = 1; j < destructiveTimes.size(); j++) {
      assertThat(Duration.between(destructiveTimes.get(j - 1), destructiveTimes.get(j)))
          .isGreaterThanOrEqualTo(minGap);
    }
    return new Tally(ACTIONS, relaunches, destructiveTimes.size(), launches);
  }

  /** Counted the way the rule reads: marks at or after now - window. */
  private static void assertWithinBudget(List<GuardState.RelaunchMark> marks,
      Policy.RetryRules retries, Instant now, String signature, String where) {
    Instant since = now.minus(retries.window());
    long same = marks.stream()
        .filter(m -> !m.at().isBefore(since) && m.signature().equals(signature)).count();
    long total = marks.stream().filter(m -> !m.at().isBefore(since)).count();
    assertThat(same).as("per-signature budget, " + where)
        .isLessThanOrEqualTo(retries.budgetFor(signature));
    assertThat(total).as("total budget, " + where).isLessThanOrEqualTo(retries.total());
  }

  /** Mostly short steps around the destructive interval, sometimes a jump across the window. */
  private static Duration advance(Random rnd, Duration minGap, Duration window) {
    int kind = rnd.nextInt(20);
    if (kind == 0) {
      return window.dividedBy(2 + rnd.nextInt(3));
    }
    if (kind == 1) {
      return Duration.ZERO;
    }
    return Duration.ofMillis((long) (rnd.nextDouble() * 2 * minGap.toMillis()));
  }

  private static Action randomAction(Random rnd) {
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> new Action.Relaunch(rnd.nextBoolean() ? GuardStates.STEP_10 : null,
          SIGNATURES.get(rnd.nextInt(SIGNATURES.size())), Map.of());
      case 2 -> new Action.KillTrainer(rnd.nextBoolean() ? "stall: no progress" : "nan loss");
      case 3 -> new Action.DestroyInstance("i-" + rnd.nextInt(3), "random");
      case 4 -> new Action.DeleteCheckpoint(GuardStates.STEP_9);
      default -> new Action.LaunchInstance("prop", Math.round(rnd.nextDouble() * 6000) / 100.0);
    };
  }
}
