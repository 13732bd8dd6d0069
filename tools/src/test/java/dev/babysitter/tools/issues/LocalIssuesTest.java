package dev.babysitter.tools.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalIssuesTest {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

  @TempDir Path store;

  private LocalIssues issues() {
    return new LocalIssues(store, "acme/runs", "babysitter-bot", CLOCK);
  }

  @Test
  void createWritesIssueJsonAndThread() throws Exception {
    LocalIssues tracker = issues();
    IssueRef ref = tracker.create("Hero run: tiny", "Logbook: logbooks/tiny.md",
        List.of("experiment", "agent-generated"));
    assertThat(ref.repo()).isEqualTo("acme/runs");
    assertThat(ref.number()).isEqualTo(1);
    assertThat(ref.url()).startsWith("file:").endsWith("/1/thread.md");

    JsonNode issue = new ObjectMapper().readTree(store.resolve("1/issue.json").toFile());
    assertThat(issue.path("title").asText()).isEqualTo("Hero run: tiny");
    assertThat(issue.path("body").asText()).isEqualTo("Logbook: logbooks/tiny.md");
    assertThat(issue.path("author").asText()).isEqualTo("babysitter-bot");
    assertThat(issue.path("created_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(issue.path("labels").toString()).isEqualTo("[\"experiment\",\"agent-generated\"]");

    assertThat(tracker.threadFile(ref)).isEqualTo(store.resolve("1/thread.md"));
    assertThat(Files.readString(tracker.threadFile(ref)))
        .startsWith("# Hero run: tiny (acme/runs#1)\n")
        .contains("- Labels: experiment, agent-generated\n")
        .contains("Logbook: logbooks/tiny.md");
    assertThat(tracker.comments(ref)).isEmpty();
  }

  @Test
  void commentsAreListedInOrderAndRenderedInTheThread() throws Exception {
    LocalIssues tracker = issues();
    IssueRef ref = tracker.create("Hero run: tiny", "body", List.of());
    IssueComment first = tracker.comment(ref, "🤖 launched i-1");
    IssueComment approval = tracker.commentAs(ref, "alice", "/approve abc");
    IssueComment third = tracker.comment(ref, "🤖 relaunching");

    assertThat(first.author()).isEqualTo("babysitter-bot");
    assertThat(first.createdAt()).isEqualTo(T0);
    assertThat(List.of(first.id(), approval.id(), third.id())).doesNotHaveDuplicates();
    assertThat(tracker.comments(ref)).containsExactly(first, approval, third);

    String thread = Files.readString(tracker.threadFile(ref));
    assertThat(thread).containsSubsequence("🤖 launched i-1", "**alice** at 2025-03-01 10:00:00 UTC",
        "/approve abc", "🤖 relaunching");
    assertThat(Files.readAllLines(store.resolve("1/comments.jsonl"))).hasSize(3);
  }

  @Test
  void numberingContinuesAcrossInstancesAndCommentsAreSharedThroughTheStore() throws Exception {
    IssueRef one = issues().create("a", "", List.of());
    IssueRef two = issues().create("b", "", List.of());
    LocalIssues third = issues();
    IssueRef three = third.create("c", "", List.of());
    assertThat(List.of(one.number(), two.number(), three.number())).containsExactly(1, 2, 3);

    IssueComment c1 = issues().comment(two, "x");
    IssueComment c2 = third.commentAs(two, "alice", "/deny abc");
    assertThat(c2.id()).isNotEqualTo(c1.id());
    assertThat(issues().comments(two)).extracting(IssueComment::body).containsExactly("x", "/deny abc");
    assertThat(issues().comments(one)).isEmpty();
  }

  @Test
  void unknownIssuesAreAPermanentError() {
    LocalIssues tracker = issues();
    IssueRef ghost = new IssueRef("acme/runs", 42, null);
    assertThatThrownBy(() -> tracker.comment(ghost, "x"))
        .isInstanceOfSatisfying(IssueTrackerException.class, e -> assertThat(e.retryable()).isFalse());
    assertThatThrownBy(() -> tracker.comments(new IssueRef("other/repo", 1, null)))
        .isInstanceOf(IssueTrackerException.class);
    assertThatThrownBy(() -> tracker.commentAs(ghost, "alice", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTornCommentLineIsSkippedAndLaterCommentsStillRead() throws Exception {
    LocalIssues tracker = issues();
    IssueRef ref = tracker.create("t", "", List.of());
    tracker.comment(ref, "before");
    Files.writeString(store.resolve("1/comments.jsonl"), "{\"id\":1000002,\"auth",
        java.nio.file.StandardOpenOption.APPEND);
    tracker.comment(ref, "after");
    assertThat(tracker.comments(ref)).extracting(IssueComment::body).containsExactly("before", "after");
  }
}
