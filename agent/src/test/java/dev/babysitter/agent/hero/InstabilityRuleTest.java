package dev.babysitter.agent.hero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.tools.logs.GradNorms;
import dev.babysitter.tools.logs.ProgressParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The instability rule over Megatron iteration lines, read by the real parsers. */
class InstabilityRuleTest {
  final Policy.HeroRules rules = Policies.load("hero").hero();
  final ProgressParser parser = new ProgressParser();
  final InstabilityRule rule = new InstabilityRule(rules);

  Optional<Alert> check(List<String> lines) {
    var readings = parser.readings(lines);
    return rule.check(readings, new GradNorms(parser).readings(lines),
        readings.get(readings.size() - 1).step());
  }

  @Test
  void sustainedSpikeAfterWarmupAlertsAShortOneDoesNot() {
    long w = rules.warmupSteps();
    int n = rules.lossSpikeSteps();
    double high = 2.0 * (1 + rules.lossSpikeFraction()) * 1.1;
    // n - 1 steps above the limit: a blip, not sustained
    List<String> blip = MegatronLines.lines(w, w + 40 + n - 1,
        i -> i > w + 40 ? high : 2.0, i -> 1.0);
    assertThat(check(blip)).isEmpty();

    List<String> sustained = MegatronLines.lines(w, w + 40 + n, i -> i > w + 40 ? high : 2.0,
        i -> 1.0);
    Optional<Alert> alert = check(sustained);
    assertThat(alert).isPresent();
    assertThat(alert.get().kind()).isEqualTo(AlertKind.INSTABILITY);
    assertThat(alert.get().signature()).isEqualTo(InstabilityRule.SIGNATURE);
    assertThat(alert.get().atStep()).isEqualTo(w + 41);
    assertThat(alert.get().evidence()).contains("for " + n + " logged steps in a row");
  }

  @Test
  void theSameSpikeDuringWarmupIsExpected() {
    int n = rules.lossSpikeSteps();
    List<String> warmup = MegatronLines.lines(1, 30 + n, i -> i > 30 ? 9.0 : 2.0, i -> 1.0);
    assertThat(rules.warmupSteps()).isGreaterThan(30 + n);
    assertThat(check(warmup)).isEmpty();
  }

  @Test
  void gradNormExplosionAfterWarmup() {
    long w = rules.warmupSteps();
    double big = 1.0 * rules.gradNormFactor() * 1.5;
    assertThat(check(MegatronLines.lines(w, w + 20, i -> 2.0,
        i -> i == w + 20 ? rules.gradNormFactor() * 0.9 : 1.0))).isEmpty();
    Optional<Alert> alert = check(MegatronLines.lines(w, w + 20, i -> 2.0,
        i -> i == w + 20 ? big : 1.0));
    assertThat(alert).isPresent();
    assertThat(alert.get().evidence()).startsWith("grad norm").contains("step " + (w + 20));
  }
}
