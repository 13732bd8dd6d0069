package dev.babysitter.tools.notify;

import dev.babysitter.tools.issues.Outbox;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's chat channels: each has its own outbox file, so a Slack outage never holds up
 * Discord (or the issue), and each keeps its own order. Text arrives already scrubbed and
 * prefixed by the caller, exactly as the issue gets it.
 */
public final class Notifications {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  /** No channels: posting does nothing. */
  public static final Notifications NONE = new Notifications(List.of(), List.of());

  private record Channel(String name, ChannelTracker tracker, Outbox outbox) {}

  private final List<Channel> channels;
  private final List<String> setupProblems;

  private Notifications(List<Channel> channels, List<String> setupProblems) {
    this.channels = List.copyOf(channels);
    this.setupProblems = List.copyOf(setupProblems);
  }

  /**
   * @param notifiers by channel name ({@code slack}, {@code discord}); each gets {@code
   *     dir/notify-<name>.jsonl} as its outbox
   * @param setupProblems what could not be set up (a webhook variable not set), for the launch
   *     output and the logbook; never the URLs
   */
  public static Notifications open(Map<String, Notifier> notifiers, Path dir, Clock clock,
      List<String> setupProblems) {
    List<Channel> out = new ArrayList<>();
    notifiers.forEach((name, notifier) -> {
      ChannelTracker tracker = new ChannelTracker(notifier, clock);
      out.add(new Channel(name, tracker,
          new Outbox(dir.resolve("notify-" + name + ".jsonl"), tracker, clock)));
    });
    return new Notifications(out, setupProblems);
  }

  /**
   * The channels a spec's {@code notify} section names, with their URLs from {@code env}:
   * {@code webhookEnvs} maps {@code slack}/{@code discord} to the variable's name. A variable
   * that is not set leaves that channel out and says so in {@link #problems()}.
   */
  public static Notifications fromEnvironment(Map<String, String> webhookEnvs,
      Map<String, String> env, Path dir, Clock clock) {
    Map<String, Notifier> notifiers = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    webhookEnvs.forEach((service, var) -> {
      String url = env.get(var);
      if (url == null || url.isBlank()) {
        problems.add("notify." + service + ": $" + var + " is not set; no " + service
            + " messages for this run");
        return;
      }
      switch (service) {
        case "slack" -> notifiers.put(service, new SlackWebhook(var, url, null));
        case "discord" -> notifiers.put(service, new DiscordWebhook(var, url, null));
        default -> problems.add("notify." + service + ": unknown service");
      }
    });
    return open(notifiers, dir, clock, problems);
  }

  /** Queues {@code text} on every channel and tries to send what waits; never throws. */
  public void post(String text) {
    for (Channel c : channels) {
      try {
        c.outbox().enqueue(ChannelTracker.THREAD, text);
        c.outbox().flush();
      } catch (UncheckedIOException | IllegalStateException e) {
        // A chat message is a copy of what the issue and the logbook already hold.
        LOG.warn("notifications: {} not queued: {}", c.tracker().describe(), e.getMessage());
      }
    }
  }

  /** Retries what waits on every channel (at each check). */
  public void flush() {
    for (Channel c : channels) {
      c.outbox().flush();
    }
  }

  /** Messages still owed, over all channels. */
  public int pendingCount() {
    return channels.stream().mapToInt(c -> c.outbox().pendingCount()).sum();
  }

  /** Messages dropped for good (an invalid webhook), over all channels. */
  public int failedCount() {
    return channels.stream().mapToInt(c -> c.outbox().failedCount()).sum();
  }

  /** Each channel in words, e.g. {@code Slack webhook ($SLACK_WEBHOOK_URL)}. */
  public List<String> describe() {
    return channels.stream().map(c -> c.tracker().describe()).toList();
  }

  /** What is wrong with the set-up or a channel (invalid webhook), in words; never a URL. */
  public List<String> problems() {
    List<String> out = new ArrayList<>(setupProblems);
    channels.stream().map(c -> c.tracker().problem()).filter(p -> p != null).forEach(out::add);
    return out;
  }

  public boolean isEmpty() {
    return channels.isEmpty();
  }
}
