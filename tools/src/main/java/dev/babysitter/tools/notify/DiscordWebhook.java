package dev.babysitter.tools.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.OkHttpClient;

/**
 * A Discord channel webhook: {@code {"content": ...}} in Discord's markdown, at most 2000
 * characters, with mentions disabled so that text from a log can never ping {@code @everyone}.
 */
public final class DiscordWebhook implements Notifier {
  static final int MAX_CHARS = 2000;

  private final WebhookPost post;
  private final ObjectMapper json = new ObjectMapper();

  /** See {@link SlackWebhook#SlackWebhook}. */
  public DiscordWebhook(String envName, String url, OkHttpClient http) {
    this.post = new WebhookPost("Discord", envName, url, http);
  }

  @Override
  public void send(String text) throws NotifyException {
    ObjectNode body = json.createObjectNode().put("content", Clip.to(text, MAX_CHARS));
    body.putObject("allowed_mentions").putArray("parse");
    post.post(body.toString());
  }

  @Override
  public String describe() {
    return post.describe();
  }
}
