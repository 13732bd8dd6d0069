package dev.babysitter.tools.issues;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against WireMock serving GitHub's response shapes from {@code src/test/resources/github/}. */
class GitHubIssuesTest {
  static final String TOKEN = "ghp_R3alLook1ngT0kenValue0123456789abcd";
  static final GitHubToken GITHUB_TOKEN = new GitHubToken(TOKEN, "GITHUB_TOKEN", null);
  static final String REPO = "acme/train-runs";
  static final String ISSUES = "/repos/acme/train-runs/issues";
  static final String COMMENTS = ISSUES + "/42/comments";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  GitHubIssues github;

  static String resource(String name) {
    try (var in = GitHubIssuesTest.class.getResourceAsStream("/github/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ResponseDefinitionBuilder json(int status, String file) {
    return json(status, file, 4987);
  }

  /** GitHub's headers as sent on every REST response (WireMock appends repeated headers). */
  static ResponseDefinitionBuilder json(int status, String file, int remaining) {
    return aResponse().withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("X-GitHub-Media-Type", "github.v3; format=json")
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", Integer.toString(remaining))
        .withHeader("X-RateLimit-Used", Integer.toString(5000 - remaining))
        .withHeader("X-RateLimit-Reset", "1740826800")
        .withHeader("X-RateLimit-Resource", "core")
        .withBody(resource(file));
  }

  static ResponseDefinitionBuilder badGateway() {
    return aResponse().withStatus(502).withHeader("Content-Type", "text/html")
        .withBody(resource("error-502.html"));
  }

  @BeforeEach
  void setUp() throws Exception {
    github = new GitHubIssues(wm.baseUrl(), REPO, GITHUB_TOKEN, "babysitter-bot");
  }

  void stubRepo() {
    wm.stubFor(get("/repos/acme/train-runs").willReturn(json(200, "repo.json")));
  }

  IssueRef issue42() {
    return new IssueRef(REPO, 42, "https://github.com/acme/train-runs/issues/42");
  }

  void stubIssue42() {
    stubRepo();
    wm.stubFor(get(ISSUES + "/42").willReturn(json(200, "issue-created.json")));
  }

  static void assertNoToken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(TOKEN);
      assertThat(t.toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void createsTheIssueWithLabelsThenCommentsAndListsEveryPage() throws Exception {
    stubRepo();
    wm.stubFor(post(ISSUES).willReturn(json(201, "issue-created.json")));
    wm.stubFor(post(COMMENTS).willReturn(json(201, "comment-created.json")));
    String next = wm.baseUrl() + COMMENTS + "?per_page=100&page=2";
    wm.stubFor(get(urlPathEqualTo(COMMENTS)).withQueryParam("page", equalTo("2"))
        .willReturn(json(200, "comments-page2.json")
            .withHeader("Link", "<" + wm.baseUrl() + COMMENTS + "?per_page=100&page=1>; rel=\"prev\", <"
                + wm.baseUrl() + COMMENTS + "?per_page=100&page=1>; rel=\"first\"")));
    wm.stubFor(get(urlPathEqualTo(COMMENTS)).atPriority(10)
        .willReturn(json(200, "comments-page1.json")
            .withHeader("Link", "<" + next + ">; rel=\"next\", <" + next + ">; rel=\"last\"")));

    IssueRef ref = github.create("Run hero-7b: pretrain 7B on mix-v3",
        "Logbook: `logbook/runs/hero-7b.md`", List.of("experiment", "agent-generated"));
    assertThat(ref).isEqualTo(issue42());
    wm.verify(postRequestedFor(urlPathEqualTo(ISSUES))
        .withHeader("Authorization", equalTo("token " + TOKEN))
        .withRequestBody(equalToJson("{\"title\":\"Run hero-7b: pretrain 7B on mix-v3\","
            + "\"body\":\"Logbook: `logbook/runs/hero-7b.md`\","
            + "\"labels\":[\"experiment\",\"agent-generated\"]}", true, true)));

    IssueComment posted = github.comment(ref, "🤖 launched on `i-0abc` | step 0");
    assertThat(posted).isEqualTo(new IssueComment(2692001001L, "babysitter-bot",
        "🤖 launched on `i-0abc` | step 0", Instant.parse("2025-03-01T10:05:00Z")));
    wm.verify(postRequestedFor(urlPathEqualTo(COMMENTS))
        .withRequestBody(equalToJson("{\"body\":\"🤖 launched on `i-0abc` | step 0\"}")));

    List<IssueComment> all = github.comments(ref);
    assertThat(all).extracting(IssueComment::id)
        .containsExactly(2692001001L, 2692001002L, 2692001003L, 2692001004L);
    assertThat(all).extracting(IssueComment::author)
        .containsExactly("babysitter-bot", "babysitter-bot", "mallory", "alice-dri");
    assertThat(all.get(3).createdAt()).isEqualTo(Instant.parse("2025-03-01T11:10:00Z"));
    wm.verify(2, getRequestedFor(urlPathEqualTo(COMMENTS)));
    // The repository was fetched once; no profile lookups (GET /user, /users/...) were made.
    wm.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/train-runs")));
    assertThat(wm.findUnmatchedRequests().getRequests()).isEmpty();
  }

  @Test
  void approvalsReadFromGitHubCountOnlyTheDri() throws Exception {
    stubIssue42();
    wm.stubFor(get(urlPathEqualTo(COMMENTS)).willReturn(json(200, "comments-page2.json")));
    List<IssueComment> all = github.comments(issue42());
    IssueCommands.Result r = IssueCommands.parse(all, "Alice-DRI");
    // mallory's /approve is ignored; alice-dri's /deny counts, with her reason.
    assertThat(r.commands()).extracting(c -> c.verb() + " " + c.approvalId() + " " + c.note())
        .containsExactly("DENY a1b2c3 data shard 17 is corrupt");
    assertThat(r.ignored()).extracting(i -> i.source().author()).containsExactly("mallory");
  }

  @Test
  void commentsOnAnIssueItDidNotCreateAfterLookingItUpOnce() throws Exception {
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(json(201, "comment-created.json")));
    github.comment(issue42(), "🤖 one");
    github.comment(issue42(), "🤖 two");
    wm.verify(1, getRequestedFor(urlPathEqualTo(ISSUES + "/42")));
    wm.verify(2, postRequestedFor(urlPathEqualTo(COMMENTS)));
  }

  @Test
  void badCredentialsAreNotRetryableAndNameTheSourceNotTheToken() {
    wm.stubFor(get("/repos/acme/train-runs").willReturn(json(401, "error-401.json")
        .withHeader("WWW-Authenticate", "Bearer realm=\"GitHub\"")));
    IssueTrackerException e = catchThrowableOfType(
        () -> github.create("t", "b", List.of()), IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("GITHUB_TOKEN rejected (401)").contains("Bad credentials");
    assertNoToken(e);
  }

  @Test
  void verifiedLoginIsWhatGitHubSaysTheTokenBelongsTo() throws Exception {
    wm.stubFor(get("/user").willReturn(json(200, "user.json")));
    assertThat(github.verifiedLogin()).contains("alice-dri");
    wm.verify(getRequestedFor(urlPathEqualTo("/user"))
        .withHeader("Authorization", equalTo("token " + TOKEN)));

    // github-api remembers the answer per client; a new client (each CLI call) asks again.
    wm.stubFor(get("/user").willReturn(json(401, "error-401.json")));
    GitHubIssues fresh = new GitHubIssues(wm.baseUrl(), REPO, GITHUB_TOKEN, "babysitter-bot");
    IssueTrackerException e = catchThrowableOfType(fresh::verifiedLogin,
        IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("GITHUB_TOKEN rejected (401)", "GET /user");
    assertNoToken(e);
  }

  @Test
  void tokenFromGhConfigIsNamedByItsFile() throws Exception {
    GitHubIssues viaGh = new GitHubIssues(wm.baseUrl(), REPO,
        new GitHubToken(TOKEN, "token from ~/.config/gh/hosts.yml", "alice"), null);
    wm.stubFor(get("/repos/acme/train-runs").willReturn(json(401, "error-401.json")));
    IssueTrackerException e = catchThrowableOfType(
        () -> viaGh.create("t", "b", List.of()), IssueTrackerException.class);
    assertThat(e.getMessage()).contains("token from ~/.config/gh/hosts.yml rejected (401)");
    assertNoToken(e);
  }

  @Test
  void primaryRateLimitIsRetryableAndSaysUntilWhen() throws Exception {
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(json(403, "error-403-rate-limit.json", 0)));
    long start = System.nanoTime();
    IssueTrackerException e = catchThrowableOfType(
        () -> github.comment(issue42(), "🤖 step 100"), IssueTrackerException.class);
    assertThat(e.retryable()).as(e.getMessage()).isTrue();
    assertThat(e.getMessage()).contains("rate limited until 2025-03-01T11:00:00Z");
    // FAIL handler: the library must not sleep until the reset (which is hours in the past here,
    // but would be up to an hour in production) nor retry by itself.
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    wm.verify(1, postRequestedFor(urlPathEqualTo(COMMENTS)));
    assertNoToken(e);
  }

  @Test
  void secondaryRateLimitsAreRetryable() throws Exception {
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(json(403, "error-403-secondary.json")
        .withHeader("Retry-After", "60")));
    IssueTrackerException e = catchThrowableOfType(
        () -> github.comment(issue42(), "x"), IssueTrackerException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("secondary rate limit (403)").contains("retry after 60 s");

    wm.stubFor(post(COMMENTS).willReturn(aResponse().withStatus(429)
        .withHeader("Content-Type", "application/json").withBody("{\"message\":\"slow down\"}")));
    e = catchThrowableOfType(() -> github.comment(issue42(), "x"), IssueTrackerException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("(429)");
  }

  @Test
  void forbiddenWithoutLimitHeadersIsAPermissionProblem() throws Exception {
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Resource not accessible by personal access token\"}")));
    IssueTrackerException e = catchThrowableOfType(
        () -> github.comment(issue42(), "x"), IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("forbidden (403)").contains("GITHUB_TOKEN lacks permission");
  }

  @Test
  void serverErrorsAreRetryable() throws Exception {
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(badGateway()));
    IssueTrackerException e = catchThrowableOfType(
        () -> github.comment(issue42(), "x"), IssueTrackerException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("502");

    wm.stubFor(post(COMMENTS).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Service Unavailable\"}")));
    e = catchThrowableOfType(() -> github.comment(issue42(), "x"), IssueTrackerException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("503").contains("Service Unavailable");
    assertNoToken(e);
  }

  @Test
  void resetConnectionsAreRetryable() throws Exception {
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    IssueTrackerException e = catchThrowableOfType(
        () -> github.comment(issue42(), "x"), IssueTrackerException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("unreachable");
    assertNoToken(e);
  }

  @Test
  void aGitHubThatNeverAnswersTimesOutRetryably() throws Exception {
    GitHubIssues impatient = new GitHubIssues(wm.baseUrl(), REPO, GITHUB_TOKEN, "bot",
        java.time.Duration.ofMillis(300));
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(json(201, "comment-created.json").withFixedDelay(5000)));
    long start = System.nanoTime();
    IssueTrackerException e = catchThrowableOfType(
        () -> impatient.comment(issue42(), "x"), IssueTrackerException.class);
    assertThat(e.retryable()).as(e.getMessage()).isTrue();
    assertThat(e.getMessage()).contains("unreachable").contains("timed out");
    assertThat(System.nanoTime() - start).isLessThan(4_000_000_000L);
  }

  @Test
  void missingRepoAndMissingIssueAreNotRetryable() {
    wm.stubFor(get("/repos/acme/train-runs").willReturn(json(404, "error-404.json")));
    IssueTrackerException e = catchThrowableOfType(
        () -> github.create("t", "b", List.of()), IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("open repository acme/train-runs").contains("not found (404)")
        .contains("GITHUB_TOKEN cannot see it");

    stubRepo();
    wm.stubFor(get(ISSUES + "/999").willReturn(json(404, "error-404.json")));
    e = catchThrowableOfType(() -> github.comment(new IssueRef(REPO, 999, null), "x"),
        IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("acme/train-runs#999").contains("not found (404)");
  }

  @Test
  void refusesAnIssueOfAnotherRepositoryWithoutCallingGitHub() {
    IssueTrackerException e = catchThrowableOfType(
        () -> github.comment(new IssueRef("other/repo", 1, null), "x"),
        IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void validationErrorsAreNotRetryable() throws Exception {
    stubIssue42();
    wm.stubFor(post(COMMENTS).willReturn(aResponse().withStatus(422)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"IssueComment\","
            + "\"code\":\"custom\",\"field\":\"body\",\"message\":\"body is too long (maximum is "
            + "65536 characters)\"}],\"documentation_url\":\"https://docs.github.com/rest\","
            + "\"status\":\"422\"}")));
    IssueTrackerException e = catchThrowableOfType(
        () -> github.comment(issue42(), "x".repeat(70_000)), IssueTrackerException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("422").contains("Validation Failed");
  }

  @Test
  void describeNamesTheSourceNotTheToken() {
    assertThat(github.describe()).contains(REPO).contains("GITHUB_TOKEN").doesNotContain(TOKEN);
    assertThat(GITHUB_TOKEN.toString()).doesNotContain(TOKEN);
  }
}
