package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notify: in the user's config file, as in a spec; the spec wins per service. */
class NotifyConfigTest {
  @TempDir Path dir;

  private Path config(String text) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void theConfigFilesChannelsApplyToEveryRunAndTheSpecWinsPerService() throws Exception {
    Path file = config("model: gpt-4o-mini\nnotify:\n  slack: {webhook_env: TEAM_SLACK}\n"
        + "  discord: {webhook_env: TEAM_DISCORD}\n");
    assertThat(NotifyConfig.merged(Map.of("slack", "RUN_SLACK"), file))
        .containsExactlyInAnyOrderEntriesOf(Map.of("slack", "RUN_SLACK", "discord",
            "TEAM_DISCORD"));
    assertThat(NotifyConfig.merged(Map.of(), dir.resolve("absent.yaml"))).isEmpty();
    assertThat(NotifyConfig.merged(Map.of(), config("model: x\n"))).isEmpty();
  }

  @Test
  void aRunsNotificationsIncludeTheConfigFilesChannels() throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, "cfg", LocalRunFixture.trainerCommand(10),
        "{}", LocalRunFixture.demoPolicy());
    Path file = config("notify: {discord: {webhook_env: BABYSITTER_TEST_UNSET_DISCORD_URL}}\n");
    assertThat(run.factory.withUserConfig(file).notifications(run.spec).problems())
        .anySatisfy(p -> assertThat(p).contains("notify.discord",
            "$BABYSITTER_TEST_UNSET_DISCORD_URL is not set"));
  }

  @Test
  void aMalformedSectionIsRefusedAndAUrlIsNeverEchoed() throws Exception {
    String url = "https://hooks.slack.com/services/T000/B000/secretsecret";
    assertThatThrownBy(() -> NotifyConfig.merged(Map.of(), config(
        "notify: {slack: {webhook_env: \"" + url + "\"}}\n")))
        .isInstanceOf(SetupProblemException.class)
        .hasMessageContaining("notify.slack.webhook_env looks like a URL")
        .hasMessageNotContaining("secretsecret");
    assertThatThrownBy(() -> NotifyConfig.merged(Map.of(), config(
        "notify: {teams: {webhook_env: X}}\n"))).hasMessageContaining("unknown service");
    assertThatThrownBy(() -> NotifyConfig.merged(Map.of(), config(
        "notify: {discord: {url_env: X}}\n"))).hasMessageContaining("webhook_env is required");
  }
}
