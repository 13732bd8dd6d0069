package dev.babysitter.tools.notify;

import dev.babysitter.tools.issues.IssueComment;
import dev.babysitter.tools.issues.IssueRef;
import dev.babysitter.tools.issues.IssueTracker;
import dev.babysitter.tools.issues.IssueTrackerException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat channel seen as a tracker with a single thread, so that its messages go through the
 * issues' own {@link dev.babysitter.tools.issues.Outbox}: queued while the service is
 * unreachable, sent once, in order, across restarts, with no second implementation of that.
 *
 * <p>It also keeps the service's pace: after a 429 nothing is tried before its Retry-After, after
 * a 5xx or a timeout not before {@link #BACKOFF}, so a down webhook costs a check no time. A
 * webhook the service calls invalid (404, 410, 401, 403) is given up for the life of this
 * process: every later message is dropped at once, and {@link #problem()} says why.
 */
final class ChannelTracker implements IssueTracker {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelTracker.class);

  /** The one "issue" a channel has: the outbox needs an address that exists. */
  static final IssueRef THREAD = new IssueRef("notify", 1, null);
  static final Duration BACKOFF = Duration.ofSeconds(30);

  private final Notifier notifier;
  private final Clock clock;
  private Instant notBefore = Instant.MIN;
  private String problem;
  private long sent;

  ChannelTracker(Notifier notifier, Clock clock) {
    this.notifier = Objects.requireNonNull(notifier, "notifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public IssueRef create(String title, String body, List<String> labels)
      throws IssueTrackerException {
    throw new IssueTrackerException("a chat channel has no issues to create", false);
  }

  @Override
  public synchronized IssueComment comment(IssueRef issue, String body)
      throws IssueTrackerException {
    if (problem != null) {
      throw new IssueTrackerException(problem, false);
    }
    Instant now = clock.instant();
    if (now.isBefore(notBefore)) {
      throw new IssueTrackerException(notifier.describe() + " waits until " + notBefore
          + " (Retry-After or back-off)", true);
    }
    try {
      notifier.send(body);
    } catch (NotifyException e) {
      if (e.webhookInvalid()) {
        problem = e.getMessage();
        LOG.warn("notifications: {}; its messages are dropped until then", problem);
      }
      if (e.retryable()) {
        notBefore = now.plus(e.retryAfter() != null ? e.retryAfter() : BACKOFF);
      }
      throw new IssueTrackerException(e.getMessage(), e.retryable());
    }
    notBefore = Instant.MIN;
    return new IssueComment(++sent, "webhook", body, now);
  }

  @Override
  public List<IssueComment> comments(IssueRef issue) {
    return List.of();
  }

  @Override
  public String describe() {
    return notifier.describe();
  }

  /** Why this channel was given up, or null while it works (or may work again). */
  synchronized String problem() {
    return problem;
  }
}
