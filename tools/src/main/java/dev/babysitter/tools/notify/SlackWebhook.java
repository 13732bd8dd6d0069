package dev.babysitter.tools.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;

/**
 * A Slack incoming webhook (or any Slack-compatible one: Mattermost, Rocket.Chat): {@code
 * {"text": ...}} in Slack's mrkdwn, where bold is {@code *x*}, not markdown's {@code **x**}.
 */
public final class SlackWebhook implements Notifier {
  /** Slack truncates long messages itself; a milestone never needs more. */
  static final int MAX_CHARS = 3000;

  private final WebhookPost post;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param envName the environment variable the URL came from: named in every message instead
   *     of the URL, which is the credential
   * @param http a client to share, or null for one with short timeouts
   */
  public SlackWebhook(String envName, String url, OkHttpClient http) {
    this.post = new WebhookPost("Slack", envName, url, http);
  }

  @Override
  public void send(String text) throws NotifyException {
    String mrkdwn = text.replaceAll("\\*\\*([^*\\n]+)\\*\\*", "*$1*");
    post.post(json.createObjectNode().put("text", Clip.to(mrkdwn, MAX_CHARS)).toString());
  }

  @Override
  public String describe() {
    return post.describe();
  }
}
