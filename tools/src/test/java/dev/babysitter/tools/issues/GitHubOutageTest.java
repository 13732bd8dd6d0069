package dev.babysitter.tools.issues;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.babysitter.tools.issues.GitHubIssuesTest.COMMENTS;
import static dev.babysitter.tools.issues.GitHubIssuesTest.GITHUB_TOKEN;
import static dev.babysitter.tools.issues.GitHubIssuesTest.ISSUES;
import static dev.babysitter.tools.issues.GitHubIssuesTest.REPO;
import static dev.babysitter.tools.issues.GitHubIssuesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * GitHub answers 503 to everything for one simulated hour while the babysitter keeps checking at
 * its cadence and commenting; then it recovers. No real sleeping: the hour is a fake clock and
 * a count of checks. Per check the babysitter posts its comments (each post is enqueue + flush,
 * as {@code Recorder.comment} does) and flushes once more at the end (as {@code Recorder.flush}).
 */
class GitHubOutageTest {
  private static final Duration OUTAGE = Duration.ofHours(1);
  private static final int COMMENTS_IN_THE_HOUR = 24;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private WireMockServer server;

  /** The outbox stamps its journal with this; the test moves it from check to check. */
  private static final class FakeClock extends Clock {
    Instant now = Instant.parse("2025-03-01T10:00:00Z");
    public ZoneId getZone() { return ZoneOffset.UTC; }
    public Clock withZone(ZoneId zone) { return this; }
    public Instant instant() { return now; }
  }

  /** What one simulated hour measured. */
  private record Figures(int checks, int queued, int flushesDuringOutage,
      int requestsDuringOutage, int lost, int duplicates, boolean inOrder,
      int flushesToDrain, int requestsToDrain, Duration drainedAfterRecovery) {}

  @AfterEach
  void stop() {
    if (server != null && server.isRunning()) {
      server.stop();
    }
  }

  @ParameterizedTest(name = "cadence {0}")
  @ValueSource(strings = {"PT30M", "PT3M"}) // policies/default.yaml: cruise 30m, alert 3m
  void anHourOf503sLosesNothingDuplicatesNothingAndDrainsInOneFlush(String cadenceText)
      throws Exception {
    Duration cadence = Duration.parse(cadenceText);
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(get("/repos/acme/train-runs").willReturn(json(200, "repo.json")));
    server.stubFor(post(ISSUES).willReturn(json(201, "issue-created.json")));
    server.stubFor(post(COMMENTS).willReturn(json(201, "comment-created.json")));
    FakeClock clock = new FakeClock();
    GitHubIssues github = new GitHubIssues(server.baseUrl(), REPO, GITHUB_TOKEN, "babysitter-bot");
    // The run issue was created at launch, before the outage.
    IssueRef issue = github.create("Run hero-7b", "Logbook: `logbooks/hero-7b.md`",
        List.of("experiment", "agent-generated"));
    Outbox outbox = new Outbox(tmp.resolve("outbox.jsonl"), github, clock);
    int requestsBefore = server.getAllServeEvents().size();

    StubMapping down = server.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse()
        .withStatus(503).withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody("{\"message\":\"Service Unavailable\"}")));
    int checks = (int) OUTAGE.dividedBy(cadence); // checks at 0, cadence, ... before the hour
    List<String> bodies = new ArrayList<>();
    int flushes = 0;
    Instant start = clock.now;
    for (int c = 0; c < checks; c++) {
      clock.now = start.plus(cadence.multipliedBy(c));
      // The hour's comments spread evenly over its checks (failures, relaunches, alerts).
      int upTo = (int) ((long) COMMENTS_IN_THE_HOUR * (c + 1) / checks);
      while (bodies.size() < upTo) {
        String body = "🤖 comment " + (bodies.size() + 1) + " at " + clock.now;
        bodies.add(body);
        outbox.post(issue, body);
        flushes++;
      }
      assertThat(outbox.flush()).isZero();
      flushes++;
    }
    int requestsDuringOutage = server.getAllServeEvents().size() - requestsBefore;
    assertThat(outbox.pendingCount()).isEqualTo(COMMENTS_IN_THE_HOUR);

    // GitHub recovers at the end of the hour; the next check comes one cadence after the last.
    server.removeStub(down);
    Instant recovered = start.plus(OUTAGE);
    clock.now = start.plus(cadence.multipliedBy(checks));
    int beforeDrain = server.getAllServeEvents().size();
    int sent = outbox.flush();
    int requestsToDrain = server.getAllServeEvents().size() - beforeDrain;
    assertThat(outbox.flush()).as("nothing left for a second flush").isZero();

    List<String> accepted = acceptedBodies();
    Figures f = new Figures(checks, bodies.size(), flushes, requestsDuringOutage,
        (int) bodies.stream().filter(b -> !accepted.contains(b)).count(),
        accepted.size() - new HashSet<>(accepted).size(), accepted.equals(bodies), 1,
        requestsToDrain, Duration.between(recovered, clock.now));
    System.out.println("GitHub down 1h at cadence " + cadence + ": " + f);

    assertThat(sent).isEqualTo(COMMENTS_IN_THE_HOUR);
    assertThat(f.lost()).isZero();
    assertThat(f.duplicates()).isZero();
    assertThat(accepted).containsExactlyElementsOf(bodies);
    assertThat(outbox.pendingCount()).isZero();
    assertThat(outbox.failedCount()).as("a 503 is retryable, never dropped").isZero();
    // Bounded: one request per flush, however many comments wait (not one per comment).
    assertThat(requestsDuringOutage).isEqualTo(flushes);
    assertThat(requestsToDrain).isEqualTo(COMMENTS_IN_THE_HOUR);
  }

  /** Comment bodies GitHub accepted (201), in the order it received them. */
  private List<String> acceptedBodies() throws Exception {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events); // the journal is newest first
    List<String> out = new ArrayList<>();
    for (ServeEvent e : events) {
      if (e.getRequest().getUrl().startsWith(COMMENTS)
          && e.getRequest().getMethod().getName().equals("POST")
          && e.getResponse().getStatus() == 201) {
        out.add(JSON.readTree(e.getRequest().getBodyAsString()).path("body").asText());
      }
    }
    return out;
  }
}
