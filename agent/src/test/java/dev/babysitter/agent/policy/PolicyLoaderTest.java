package dev.babysitter.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

  private static String defaultText() throws Exception {
    return Files.readString(Policies.file("default"));
  }

  @Test
  void defaultPolicyLoadsWithItsNumbers() {
    Policy p = Policies.defaults();

    assertThat(p.name()).isEqualTo("default");
    assertThat(p.cadence().early()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(4), Duration.ofMinutes(8));
    assertThat(p.cadence().cruise()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.cadence().minInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.alerts().slowFraction()).isEqualTo(0.7);
    assertThat(p.retries().budgetFor("nccl")).isEqualTo(3);
    assertThat(p.retries().budgetFor("never-heard-of-it")).isEqualTo(1);
    assertThat(p.retries().window()).isEqualTo(Duration.ofHours(24));
    assertThat(p.neverRelaunch()).contains("nan_loss", "code_bug");
    assertThat(p.spend().maxTotalUsd()).isEqualTo(500.0);
  }

  @Test
  void demoPolicyLoadsOnAClockOfSeconds() {
    Policy p = Policies.demo();

    assertThat(p.name()).isEqualTo("demo");
    assertThat(p.cadence().early().get(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.cadence().minInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.idleTeardownGrace()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void unknownKeyIsRejectedNamingItsPath() throws Exception {
    String text = defaultText().replace("  cruise: 30m", "  cruise: 30m\n  cruize: 30m");

    assertThatThrownBy(() -> new PolicyLoader().parse(text, "typo.yaml"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("typo.yaml")
        .hasMessageContaining("cadence.cruize");
  }

  @Test
  void unknownTopLevelKeyIsRejected() throws Exception {
    String text = defaultText() + "\nnever_relunch: [nan_loss]\n";

    assertThatThrownBy(() -> new PolicyLoader().parse(text, "typo.yaml"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("never_relunch");
  }

  @Test
  void missingKeyIsRejectedNamingItsSectionAndField() throws Exception {
    String text = defaultText().replace("  cruise: 30m\n", "");
    assertThat(text).isNotEqualTo(defaultText());

    assertThatThrownBy(() -> new PolicyLoader().parse(text, "short.yaml"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("short.yaml")
        .hasMessageContaining("cadence")
        .hasMessageContaining("cruise");
  }

  @Test
  void missingTopLevelKeyIsRejected() throws Exception {
    String text = defaultText().replaceAll("(?m)^stall_kills_per_attempt: 1\n", "");
    assertThat(text).isNotEqualTo(defaultText());

    assertThatThrownBy(() -> new PolicyLoader().parse(text, "short.yaml"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("stall_kills_per_attempt");
  }

  @Test
  void badDurationIsRejectedNamingTheField() throws Exception {
    String text = defaultText().replace("  alert: 3m", "  alert: 3 minutes");
    assertThat(text).isNotEqualTo(defaultText());

    assertThatThrownBy(() -> new PolicyLoader().parse(text, "bad.yaml"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("cadence.alert")
        .hasMessageContaining("3 minutes");
  }

  @Test
  void badDurationInsideAListNamesTheIndex() throws Exception {
    String text = defaultText().replace("early: [1m, 2m, 4m, 8m]", "early: [1m, 2x, 4m, 8m]");
    assertThat(text).isNotEqualTo(defaultText());

    assertThatThrownBy(() -> new PolicyLoader().parse(text, "bad.yaml"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("cadence.early[1]");
  }

  @Test
  void missingFileSaysSoWithThePath(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> new PolicyLoader().load(missing))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(missing.toString());
  }
}
