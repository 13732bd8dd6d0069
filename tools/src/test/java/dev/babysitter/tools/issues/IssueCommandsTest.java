package dev.babysitter.tools.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.babysitter.tools.issues.IssueCommands.Command;
import dev.babysitter.tools.issues.IssueCommands.Ignored;
import dev.babysitter.tools.issues.IssueCommands.Result;
import dev.babysitter.tools.issues.IssueCommands.Verb;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssueCommandsTest {
  static final Instant T = Instant.parse("2025-03-01T11:00:00Z");

  static IssueComment c(long id, String author, String body) {
    return new IssueComment(id, author, body, T.plusSeconds(id));
  }

  @Test
  void onlyTheDrisCommandsCountCaseInsensitively() {
    IssueComment mallory = c(1, "mallory", "/approve a1b2c3");
    IssueComment alice = c(2, "Alice-DRI", "/approve a1b2c3");
    IssueComment deny = c(3, "alice-dri", "/deny z9 data shard 17 is corrupt");
    Result r = IssueCommands.parse(List.of(mallory, alice, deny), "@alice-dri");

    assertThat(r.commands()).containsExactly(
        new Command(Verb.APPROVE, "a1b2c3", "", alice),
        new Command(Verb.DENY, "z9", "data shard 17 is corrupt", deny));
    assertThat(r.ignored()).containsExactly(new Ignored(mallory, "/approve a1b2c3",
        "author mallory is not the DRI (@alice-dri)"));
  }

  @Test
  void theBotsOwnInstructionsNeverCountEvenWhenPostedWithTheDrisToken() {
    // Babysitters often run with the DRI's own gh token, so their comments are the DRI's.
    IssueComment bot = c(1, "alice", "🤖 escalation: loss NaN at step 1200, @alice please answer\n"
        + "/approve a1b2c3\n/deny a1b2c3");
    Result r = IssueCommands.parse(List.of(bot), "alice");
    assertThat(r.commands()).isEmpty();
    assertThat(r.ignored()).extracting(Ignored::line).containsExactly("/approve a1b2c3",
        "/deny a1b2c3");
    assertThat(r.ignored()).allSatisfy(i -> assertThat(i.reason()).contains("babysitter itself"));
  }

  @Test
  void quotedFencedAndInlineMentionsAreNotCommands() {
    IssueComment c = c(1, "alice", """
        > /approve a1b2c3
        I'd rather not `/approve a1b2c3` yet. Say /approve x if you dare.
        ```
        /approve a1b2c3
        ```
        /approved a1b2c3
        """);
    Result r = IssueCommands.parse(List.of(c), "alice");
    assertThat(r.commands()).isEmpty();
    assertThat(r.ignored()).isEmpty();
  }

  @Test
  void aCommandAfterOtherTextAndCrLfLineEndsCounts() {
    IssueComment c = c(7, "alice", "looked at the curves\r\n  /Deny a1b2c3  \r\nthanks");
    assertThat(IssueCommands.parse(List.of(c), "ALICE").commands())
        .containsExactly(new Command(Verb.DENY, "a1b2c3", "", c));
  }

  @Test
  void malformedCommandsFromTheDriAreReportedNotDropped() {
    IssueComment noId = c(1, "alice", "/approve");
    IssueComment badId = c(2, "alice", "/deny !!!");
    Result r = IssueCommands.parse(List.of(noId, badId), "alice");
    assertThat(r.commands()).isEmpty();
    assertThat(r.ignored()).extracting(Ignored::reason).containsExactly(
        "no valid approval id after /approve", "no valid approval id after /deny");
  }

  @Test
  void severalCommandsKeepCommentThenLineOrder() {
    IssueComment first = c(1, "alice", "/approve b2\n/deny c3");
    IssueComment second = c(2, "alice", "/approve a1");
    assertThat(IssueCommands.parse(List.of(first, second), "alice").commands())
        .extracting(Command::approvalId).containsExactly("b2", "c3", "a1");
  }

  @Test
  void commentsWithoutAuthorOrBodyAreHandled() {
    IssueComment ghost = c(1, null, "/approve a1");
    IssueComment empty = c(2, "alice", null);
    Result r = IssueCommands.parse(List.of(ghost, empty), "alice");
    assertThat(r.commands()).isEmpty();
    assertThat(r.ignored()).containsExactly(new Ignored(ghost, "/approve a1", "comment has no author"));
  }

  @Test
  void aBlankDriIsAProgrammingError() {
    assertThatThrownBy(() -> IssueCommands.parse(List.of(), " @ "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
