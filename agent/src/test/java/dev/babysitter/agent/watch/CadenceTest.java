package dev.babysitter.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CadenceTest {
  private static final Cadence DEFAULT = new Cadence(Policies.defaults().cadence());
  private static final Cadence DEMO = new Cadence(Policies.demo().cadence());

  private static Cadence.Input healthy(int checks, int healthyInRow) {
    return new Cadence.Input(Health.HEALTHY, checks, healthyInRow, null, null);
  }

  private static Duration min(long m) {
    return Duration.ofMinutes(m);
  }

  @Test
  void earlyLadderFollowsTheChecksCount() {
    assertThat(DEFAULT.next(healthy(0, 0))).isEqualTo(min(1));
    assertThat(DEFAULT.next(healthy(1, 1))).isEqualTo(min(2));
    assertThat(DEFAULT.next(healthy(2, 2))).isEqualTo(min(4));
    assertThat(DEFAULT.next(healthy(3, 3))).isEqualTo(min(8));
  }

  @Test
  void demoLadderIsInSeconds() {
    assertThat(DEMO.next(healthy(0, 0))).isEqualTo(Duration.ofSeconds(1));
    assertThat(DEMO.next(healthy(1, 0))).isEqualTo(Duration.ofSeconds(2));
    assertThat(DEMO.next(healthy(3, 0))).isEqualTo(Duration.ofSeconds(3));
    assertThat(DEMO.next(healthy(4, 2))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void startingRunAlsoFollowsTheLadder() {
    assertThat(DEFAULT.next(new Cadence.Input(Health.STARTING, 1, 0, null, null)))
        .isEqualTo(min(2));
  }

  @Test
  void defaultCruiseIsThirtyMinutesAfterTheLadderAndEnoughHealthyChecks() {
    assertThat(DEFAULT.next(healthy(4, 2))).isEqualTo(min(30));
    assertThat(DEFAULT.next(healthy(40, 40))).isEqualTo(min(30));
  }

  @Test
  void noCruiseDuringTheEarlyLadderHoweverHealthy() {
    assertThat(DEFAULT.next(healthy(2, 10))).isEqualTo(min(4));
    assertThat(DEFAULT.next(healthy(3, 10))).isEqualTo(min(8));
  }

  @Test
  void staysAtTheLastEarlyStepWhileNotStable() {
    assertThat(DEFAULT.next(healthy(4, 0))).isEqualTo(min(8));
    assertThat(DEFAULT.next(healthy(4, 1))).isEqualTo(min(8));
    assertThat(DEFAULT.next(healthy(25, 1))).isEqualTo(min(8));
  }

  @ParameterizedTest
  @EnumSource(value = Health.class, names = {"ALERT", "MONITOR_STALE"})
  void alertAndStaleMonitorUseTheAlertCadence(Health health) {
    assertThat(DEFAULT.next(new Cadence.Input(health, 40, 40, null, null))).isEqualTo(min(3));
    assertThat(DEFAULT.next(new Cadence.Input(health, 0, 0, null, null))).isEqualTo(min(3));
    assertThat(DEMO.next(new Cadence.Input(health, 40, 40, null, null)))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void expectedCheckpointShortensCruiseToJustAfterIt() {
    Cadence.Input in = new Cadence.Input(Health.HEALTHY, 10, 10, min(5), null);

    assertThat(DEFAULT.next(in)).isEqualTo(min(7)); // 5m + 2m margin
  }

  @Test
  void expectedFinishShortensCruiseToJustAfterIt() {
    Cadence.Input in = new Cadence.Input(Health.HEALTHY, 10, 10, null, min(10));

    assertThat(DEFAULT.next(in)).isEqualTo(min(12));
  }

  @Test
  void theEarlierMilestoneWins() {
    Cadence.Input in = new Cadence.Input(Health.HEALTHY, 10, 10, min(20), min(3));

    assertThat(DEFAULT.next(in)).isEqualTo(min(5));
  }

  @Test
  void aFarMilestoneDoesNotLengthenTheInterval() {
    Cadence.Input in = new Cadence.Input(Health.HEALTHY, 10, 10, Duration.ofHours(2),
        Duration.ofHours(5));

    assertThat(DEFAULT.next(in)).isEqualTo(min(30));
  }

  @Test
  void aPassedMilestoneIsIgnored() {
    Cadence.Input in = new Cadence.Input(Health.HEALTHY, 10, 10, min(-4), min(-1));

    assertThat(DEFAULT.next(in)).isEqualTo(min(30));
  }

  @Test
  void milestoneAlsoShortensTheEarlyLadder() {
    Cadence.Input in = new Cadence.Input(Health.HEALTHY, 3, 0, Duration.ofSeconds(30), null);

    assertThat(DEFAULT.next(in)).isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void neverBelowTheMinimumInterval() {
    Policy.CadenceRules rules = new Policy.CadenceRules(List.of(Duration.ofSeconds(5)), 1,
        Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ZERO, Duration.ofSeconds(30));
    Cadence cadence = new Cadence(rules);

    assertThat(cadence.next(healthy(0, 0))).isEqualTo(Duration.ofSeconds(30));
    assertThat(cadence.next(healthy(5, 5))).isEqualTo(Duration.ofSeconds(30));
    assertThat(cadence.next(new Cadence.Input(Health.HEALTHY, 5, 5, Duration.ZERO, null)))
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void milestoneDueNowStillWaitsTheMinimum() {
    Cadence.Input in = new Cadence.Input(Health.HEALTHY, 10, 10, null, Duration.ZERO);

    assertThat(DEMO.next(in)).isEqualTo(Duration.ofSeconds(1)); // 0 + 1s margin
    Policy.CadenceRules demo = Policies.demo().cadence();
    Policy.CadenceRules noMargin = new Policy.CadenceRules(demo.early(),
        demo.healthyChecksToCruise(), demo.cruise(), demo.alert(), Duration.ZERO,
        demo.minInterval());
    assertThat(new Cadence(noMargin).next(in)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void alertCadenceIsAlsoNeverBelowTheMinimumInterval() {
    Policy.CadenceRules rules = new Policy.CadenceRules(List.of(Duration.ofMinutes(1)), 1,
        Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(30));

    assertThat(new Cadence(rules).next(new Cadence.Input(Health.ALERT, 3, 0, null, null)))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
