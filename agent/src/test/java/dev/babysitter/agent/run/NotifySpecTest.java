package dev.babysitter.agent.run;

import static dev.babysitter.agent.run.RunSpecLoaderTest.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The spec's {@code notify} section: variable names only, never a webhook URL. */
class NotifySpecTest {
  private final RunSpecLoader loader = new RunSpecLoader();

  @Test
  void namesTheVariablesThatHoldTheWebhooks() throws Exception {
    RunSpec spec = loader.parse(MINIMAL + "notify: {slack: {webhook_env: SLACK_WEBHOOK_URL}, "
        + "discord: {webhook_env: DISCORD_WEBHOOK_URL}}\n", "x.yaml");
    assertThat(spec.notifications().webhookEnvs()).containsExactly(
        Map.entry("slack", "SLACK_WEBHOOK_URL"), Map.entry("discord", "DISCORD_WEBHOOK_URL"));
    assertThat(loader.parse(MINIMAL, "x.yaml").notifications().webhookEnvs()).isEmpty();
  }

  @Test
  void aUrlInPlaceOfAVariableIsRefusedWithoutRepeatingIt() {
    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(MINIMAL
        + "notify: {slack: {webhook_env: \"https://hooks.slack.com/services/T/B/sekrit\"}, "
        + "discord: {webhook_env: \"not a name\"}, teams: {webhook_env: X}}\n", "x.yaml"),
        InvalidSpecException.class);
    assertThat(e.problems()).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "notify.slack.webhook_env", "notify.discord.webhook_env", "notify.teams");
    assertThat(e.problems()).extracting(SpecProblem::reason).noneMatch(r -> r.contains("sekrit"));
  }

  @Test
  void aChannelWithoutItsVariableIsAProblem() {
    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(MINIMAL
        + "notify: {discord: {}}\n", "x.yaml"), InvalidSpecException.class);
    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactly("notify.discord.webhook_env");
  }
}
