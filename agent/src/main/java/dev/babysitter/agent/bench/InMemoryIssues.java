package dev.babysitter.agent.bench;

import dev.babysitter.tools.issues.IssueComment;
import dev.babysitter.tools.issues.IssueRef;
import dev.babysitter.tools.issues.IssueTracker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's issue thread in memory: the channel between the babysitter and the simulated DRI.
 * The DRI is paged by a comment that mentions them, and answers with {@code /approve ID}.
 */
final class InMemoryIssues implements IssueTracker {
  private final Clock clock;
  private final List<IssueComment> comments = new ArrayList<>();
  private int read;

  InMemoryIssues(Clock clock) {
    this.clock = clock;
  }

  @Override
  public IssueRef create(String title, String body, List<String> labels) {
    return new IssueRef("sim/bench", 1, "sim://issues/1");
  }

  @Override
  public IssueComment comment(IssueRef issue, String body) {
    return commentAs("babysitter-bot", body);
  }

  IssueComment commentAs(String author, String body) {
    IssueComment c = new IssueComment(comments.size() + 1L, author, body, clock.instant());
    comments.add(c);
    return c;
  }

  @Override
  public List<IssueComment> comments(IssueRef issue) {
    return List.copyOf(comments);
  }

  /** Comments posted since the last call. */
  List<IssueComment> unread() {
    List<IssueComment> out = List.copyOf(comments.subList(read, comments.size()));
    read = comments.size();
    return out;
  }
}
