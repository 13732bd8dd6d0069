package dev.babysitter.tools.notify;

/**
 * A chat channel the run's milestones also go to (Slack, Discord): the same concise, scrubbed
 * text the issue gets. One implementation per service, named after it.
 */
public interface Notifier {
  /** Posts {@code text} once; the caller (an outbox) decides about retries. */
  void send(String text) throws NotifyException;

  /**
   * A short description that names where the secret came from and never the secret itself,
   * e.g. {@code Slack webhook ($SLACK_WEBHOOK_URL)}.
   */
  String describe();
}
