package dev.babysitter.tools.issues;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.babysitter.tools.issues.GitHubIssuesTest.COMMENTS;
import static dev.babysitter.tools.issues.GitHubIssuesTest.GITHUB_TOKEN;
import static dev.babysitter.tools.issues.GitHubIssuesTest.ISSUES;
import static dev.babysitter.tools.issues.GitHubIssuesTest.REPO;
import static dev.babysitter.tools.issues.GitHubIssuesTest.TOKEN;
import static dev.babysitter.tools.issues.GitHubIssuesTest.badGateway;
import static dev.babysitter.tools.issues.GitHubIssuesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox in front of the real GitHub client, with GitHub down, limited, then back. */
class GitHubOutboxTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  WireMockServer server;

  @AfterEach
  void stop() {
    if (server != null && server.isRunning()) {
      server.stop();
    }
  }

  void stubGitHubUp() {
    server.stubFor(get("/repos/acme/train-runs").willReturn(json(200, "repo.json")));
    server.stubFor(get(ISSUES + "/42").willReturn(json(200, "issue-created.json")));
    server.stubFor(post(ISSUES).willReturn(json(201, "issue-created.json")));
    server.stubFor(post(COMMENTS).willReturn(json(201, "comment-created.json")));
  }

  /** The journal is newest first; timestamps have millisecond ties, so reverse, not sort. */
  List<ServeEvent> chronological() {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events);
    assertThat(events).extracting(e -> e.getRequest().getLoggedDate()).isSorted();
    return events;
  }

  /** Comment bodies GitHub answered with 201, in the order it received them. */
  List<String> acceptedBodies() throws Exception {
    List<ServeEvent> events = chronological();
    List<String> out = new ArrayList<>();
    for (ServeEvent e : events) {
      if (e.getRequest().getUrl().startsWith(COMMENTS) && e.getRequest().getMethod().getName()
          .equals("POST") && e.getResponse().getStatus() == 201) {
        out.add(JSON.readTree(e.getRequest().getBodyAsString()).path("body").asText());
      }
    }
    return out;
  }

  List<String> attemptedBodies() throws Exception {
    List<ServeEvent> events = chronological();
    List<String> out = new ArrayList<>();
    for (ServeEvent e : events) {
      if (e.getRequest().getUrl().startsWith(COMMENTS)
          && e.getRequest().getMethod().getName().equals("POST")) {
        out.add(JSON.readTree(e.getRequest().getBodyAsString()).path("body").asText());
      }
    }
    return out;
  }

  @Test
  void commentsQueueThroughOutagesAndRateLimitsThenGoOutInOrderExactlyOnce() throws Exception {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    stubGitHubUp();
    GitHubIssues github = new GitHubIssues(server.baseUrl(), REPO, GITHUB_TOKEN, "babysitter-bot");
    IssueRef issue = github.create("Run hero-7b", "Logbook: `logbook/runs/hero-7b.md`",
        List.of("experiment", "agent-generated"));
    Outbox outbox = new Outbox(tmp.resolve("outbox.jsonl"), github, CLOCK);

    StubMapping down = server.stubFor(post(COMMENTS).atPriority(1).willReturn(badGateway()));
    for (int i = 1; i <= 3; i++) {
      outbox.post(issue, "🤖 " + i);
    }
    server.removeStub(down);
    StubMapping limited = server.stubFor(post(COMMENTS).atPriority(1)
        .willReturn(json(403, "error-403-rate-limit.json", 0)));
    for (int i = 4; i <= 5; i++) {
      outbox.post(issue, "🤖 " + i);
    }
    assertThat(outbox.pendingCount()).isEqualTo(5);
    // While down only the oldest comment was tried, once per flush: nothing overtook it.
    assertThat(attemptedBodies()).containsOnly("🤖 1").hasSize(5);
    assertThat(acceptedBodies()).isEmpty();

    server.removeStub(limited);
    outbox.post(issue, "🤖 6");
    assertThat(outbox.pendingCount()).isZero();
    assertThat(outbox.flush()).isZero();
    assertThat(acceptedBodies()).containsExactly("🤖 1", "🤖 2", "🤖 3", "🤖 4", "🤖 5", "🤖 6");
    assertThat(Files.readString(tmp.resolve("outbox.jsonl"))).doesNotContain(TOKEN);
  }

  @Test
  void commentsQueuedWhileGitHubRefusesConnectionsSurviveARestartAndGoOutOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // nothing listens here until GitHub "comes back"
    }
    String endpoint = "http://localhost:" + port;
    Path file = tmp.resolve("outbox.jsonl");
    IssueRef issue = new IssueRef(REPO, 42, "https://github.com/acme/train-runs/issues/42");
    List<String> bodies = IntStream.rangeClosed(1, 4).mapToObj(i -> "🤖 digest " + i).toList();

    Outbox before = new Outbox(file, new GitHubIssues(endpoint, REPO, GITHUB_TOKEN, "bot"), CLOCK);
    for (String b : bodies) {
      before.post(issue, b);
    }
    assertThat(before.pendingCount()).isEqualTo(4);
    assertThat(before.failedCount()).isZero();

    // The babysitter restarts (new client, new outbox over the same file) and GitHub is back.
    server = new WireMockServer(wireMockConfig().port(port));
    server.start();
    stubGitHubUp();
    Outbox after = new Outbox(file, new GitHubIssues(endpoint, REPO, GITHUB_TOKEN, "bot"), CLOCK);
    assertThat(after.pendingCount()).isEqualTo(4);
    assertThat(after.flush()).isEqualTo(4);
    assertThat(after.flush()).isZero();
    assertThat(new Outbox(file, new GitHubIssues(endpoint, REPO, GITHUB_TOKEN, "bot"), CLOCK)
        .pendingCount()).isZero();
    assertThat(attemptedBodies()).containsExactlyElementsOf(bodies);
    assertThat(acceptedBodies()).containsExactlyElementsOf(bodies);
  }

  @Test
  void aRejectedTokenIsNotRetryableSoTheOutboxRecordsTheCommentAsFailed() throws Exception {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    stubGitHubUp();
    server.stubFor(post(COMMENTS).atPriority(1).willReturn(json(401, "error-401.json")));
    Outbox outbox = new Outbox(tmp.resolve("outbox.jsonl"),
        new GitHubIssues(server.baseUrl(), REPO, GITHUB_TOKEN, "bot"), CLOCK);
    outbox.post(new IssueRef(REPO, 42, null), "🤖 1");
    assertThat(outbox.pendingCount()).isZero();
    assertThat(outbox.failedCount()).isEqualTo(1);
    String journal = Files.readString(tmp.resolve("outbox.jsonl"));
    assertThat(journal).contains("GITHUB_TOKEN rejected (401)").doesNotContain(TOKEN);
  }
}
