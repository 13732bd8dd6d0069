package dev.babysitter.tools.issues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueBuilder;
import org.kohsuke.github.GHIssueComment;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/**
 * Run issues on GitHub (or GitHub Enterprise: pass its {@code https://host/api/v3} endpoint).
 *
 * <p>Every failure becomes an {@link IssueTrackerException} whose message names the token's
 * source, never its value, and whose {@code retryable} tells the {@link Outbox} whether to keep
 * the comment: rate limits, 5xx and network failures are; a rejected token, a missing repo or
 * issue and validation errors are not. The library's own rate-limit handlers would sleep a
 * babysitter thread for up to an hour, so they are set to fail and the caller decides when to
 * retry.
 */
public final class GitHubIssues implements IssueTracker {
  public static final String DEFAULT_ENDPOINT = "https://api.github.com";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int PAGE_SIZE = 100;

  private final GitHub gh;
  private final String endpoint;
  private final String repo;
  private final GitHubToken token;
  private final ObjectMapper json = new ObjectMapper();
  /** Repository and issue objects already fetched, so a comment costs one request. */
  private final Map<String, GHRepository> repos = new ConcurrentHashMap<>();
  private final Map<Integer, GHIssue> issues = new ConcurrentHashMap<>();

  /**
   * @param endpoint API root, e.g. {@link #DEFAULT_ENDPOINT}
   * @param repo "owner/name" where run issues live
   * @param login the token's account when known; given to the library so it does not call
   *     {@code GET /user} to look it up (a needless request that fails on narrow tokens)
   */
  public GitHubIssues(String endpoint, String repo, GitHubToken token, String login)
      throws IssueTrackerException {
    this(endpoint, repo, token, login, REQUEST_TIMEOUT);
  }

  /** @param requestTimeout how long one request may wait for GitHub's answer */
  public GitHubIssues(String endpoint, String repo, GitHubToken token, String login,
      Duration requestTimeout) throws IssueTrackerException {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint").replaceAll("/+$", "");
    this.repo = requireRepo(repo);
    this.token = Objects.requireNonNull(token, "token");
    String who = login != null ? login : token.login() != null ? token.login() : "babysitter";
    try {
      this.gh = new GitHubBuilder()
          .withEndpoint(this.endpoint)
          .withOAuthToken(token.value(), who)
          .withConnector(new TimeoutGitHubConnector(CONNECT_TIMEOUT, requestTimeout))
          .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
          .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL)
          .build();
    } catch (IOException e) {
      throw new IssueTrackerException(scrub("cannot set up GitHub client for " + this.endpoint
          + ": " + e.getMessage()), false, null);
    }
  }

  public GitHubIssues(String repo, GitHubToken token) throws IssueTrackerException {
    this(DEFAULT_ENDPOINT, repo, token, null);
  }

  @Override
  public IssueRef create(String title, String body, List<String> labels)
      throws IssueTrackerException {
    try {
      GHIssueBuilder b = repository().createIssue(title).body(body);
      for (String l : labels) {
        b.label(l);
      }
      GHIssue issue = b.create();
      issues.put(issue.getNumber(), issue);
      return ref(issue);
    } catch (IOException | GHException e) {
      throw map(e, "create an issue in " + repo);
    }
  }

  @Override
  public IssueComment comment(IssueRef ref, String body) throws IssueTrackerException {
    GHIssue issue = issue(ref);
    try {
      return toComment(issue.comment(body));
    } catch (IOException | GHException e) {
      throw map(e, "comment on " + repo + "#" + ref.number());
    }
  }

  @Override
  public List<IssueComment> comments(IssueRef ref) throws IssueTrackerException {
    GHIssue issue = issue(ref);
    try {
      List<IssueComment> out = new ArrayList<>();
      // Pages follow GitHub's Link headers; GitHub lists issue comments oldest first.
      for (GHIssueComment c : issue.listComments().withPageSize(PAGE_SIZE)) {
        out.add(toComment(c));
      }
      return out;
    } catch (IOException | GHException e) {
      throw map(e, "list comments of " + repo + "#" + ref.number());
    }
  }

  @Override
  public java.util.Optional<String> verifiedLogin() throws IssueTrackerException {
    try {
      return java.util.Optional.of(gh.getMyself().getLogin());
    } catch (IOException | GHException e) {
      throw map(e, "ask GitHub whose token this is (GET /user)");
    }
  }

  @Override
  public String describe() {
    return "GitHub issues of " + repo + " at " + endpoint + " (" + token.source() + ")";
  }

  private GHRepository repository() throws IssueTrackerException {
    GHRepository r = repos.get(repo);
    if (r != null) {
      return r;
    }
    try {
      r = gh.getRepository(repo);
    } catch (IOException | GHException e) {
      throw map(e, "open repository " + repo);
    }
    repos.put(repo, r);
    return r;
  }

  private GHIssue issue(IssueRef ref) throws IssueTrackerException {
    if (!repo.equalsIgnoreCase(ref.repo())) {
      throw new IssueTrackerException("issue " + ref.repo() + "#" + ref.number()
          + " is not in " + repo + ", the repository this tracker posts to", false);
    }
    GHIssue i = issues.get(ref.number());
    if (i != null) {
      return i;
    }
    GHRepository r = repository();
    try {
      i = r.getIssue(ref.number());
    } catch (IOException | GHException e) {
      throw map(e, "open issue " + repo + "#" + ref.number());
    }
    issues.put(ref.number(), i);
    return i;
  }

  private IssueRef ref(GHIssue issue) {
    URL html = issue.getHtmlUrl();
    return new IssueRef(repo, issue.getNumber(), html == null ? null : html.toString());
  }

  private static IssueComment toComment(GHIssueComment c) throws IOException {
    Date created = c.getCreatedAt();
    // getUserName, not getUser: the latter fetches the user's profile, one request per comment.
    return new IssueComment(c.getId(), c.getUserName(), c.getBody(),
        created == null ? null : created.toInstant());
  }

  /** Translates the library's exceptions; see the class comment for what is retryable. */
  IssueTrackerException map(Exception thrown, String what) {
    Throwable e = thrown instanceof GHException && thrown.getCause() != null
        ? thrown.getCause() : thrown;
    String cannot = "cannot " + what + " at " + endpoint + ": ";
    if (e instanceof GHFileNotFoundException || e instanceof FileNotFoundException) {
      return fail(cannot + "not found (404): the repository or issue does not exist, or the "
          + token.source() + " cannot see it", false);
    }
    if (e instanceof HttpException http) {
      int code = http.getResponseCode();
      Map<String, List<String>> headers = headers(http);
      String said = githubMessage(http.getMessage());
      if (code == 401) {
        return fail(cannot + token.source() + " rejected (401)" + said, false);
      }
      if ("0".equals(header(headers, "X-RateLimit-Remaining"))
          && (code == 403 || code == 429)) {
        return fail(cannot + "rate limited until " + resetTime(headers) + said, true);
      }
      if (code == 429 || (code == 403 && (header(headers, "Retry-After") != null
          || header(headers, "gh-limited-by") != null))) {
        String after = header(headers, "Retry-After");
        return fail(cannot + "secondary rate limit (" + code + ")"
            + (after == null ? "" : ", retry after " + after + " s") + said, true);
      }
      if (code == 404) {
        return fail(cannot + "not found (404): the repository or issue does not exist, or the "
            + token.source() + " cannot see it", false);
      }
      if (code == 403) {
        return fail(cannot + "forbidden (403): the " + token.source()
            + " lacks permission" + said, false);
      }
      if (code >= 500) {
        return fail(cannot + "GitHub answered " + code + said, true);
      }
      if (code < 0) {
        return fail(cannot + "unreachable (" + rootCause(http) + ")", true);
      }
      // 408 and 409 are transient on GitHub's side; other 4xx (422 validation) will not heal.
      return fail(cannot + "GitHub answered " + code + said, code == 408 || code == 409);
    }
    if (e instanceof IOException) {
      // Connection refused, reset, timeouts, "ran out of retries": GitHub may be back later.
      return fail(cannot + "unreachable (" + rootCause(e) + ")", true);
    }
    return fail(cannot + "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(),
        false);
  }

  /** No cause is attached: library exceptions carry URLs and bodies we have not vetted. */
  private IssueTrackerException fail(String message, boolean retryable) {
    return new IssueTrackerException(scrub(message), retryable);
  }

  /** Belt and braces: whatever GitHub or the library echoes, the token value never leaves. */
  private String scrub(String s) {
    return s == null ? null : s.replace(token.value(), "***");
  }

  private String githubMessage(String raw) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    try {
      JsonNode n = json.readTree(raw);
      if (n != null && n.hasNonNull("message")) {
        return ": " + n.get("message").asText();
      }
    } catch (IOException notJson) {
      // Not GitHub's JSON error body (a proxy page, the library's own text): leave it out.
    }
    return "";
  }

  /** The wrapped exception often holds the headers while the outer one holds the body. */
  private static Map<String, List<String>> headers(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GHIOException io) {
        Map<String, List<String>> h;
        try {
          h = io.getResponseHeaderFields();
        } catch (NullPointerException none) {
          continue; // 1.330 throws here when the exception was built without headers
        }
        if (!h.isEmpty()) {
          return h;
        }
      }
    }
    return Map.of();
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
        return h.getValue().get(0);
      }
    }
    return null;
  }

  private static String resetTime(Map<String, List<String>> headers) {
    String reset = header(headers, "X-RateLimit-Reset");
    try {
      return Instant.ofEpochSecond(Long.parseLong(reset.strip())).toString();
    } catch (RuntimeException e) {
      return "the limit resets (no X-RateLimit-Reset)";
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static String requireRepo(String repo) {
    Objects.requireNonNull(repo, "repo");
    if (!repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("repo must be owner/name, got " + repo);
    }
    return repo;
  }
}
