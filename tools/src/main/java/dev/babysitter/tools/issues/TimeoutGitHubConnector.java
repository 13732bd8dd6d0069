package dev.babysitter.tools.issues;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * The library's JDK {@code HttpClient} connector, plus a per-request timeout: the stock one sets
 * none, so a GitHub that accepts the connection and never answers would hang the babysitter's
 * thread for good. A timeout surfaces as an {@link java.net.http.HttpTimeoutException}, which
 * {@link GitHubIssues} reports as retryable.
 */
final class TimeoutGitHubConnector implements GitHubConnector {
  private final HttpClient client;
  private final Duration requestTimeout;

  TimeoutGitHubConnector(Duration connectTimeout, Duration requestTimeout) {
    // The library follows redirects itself so it can drop Authorization across hosts.
    this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout).build();
    this.requestTimeout = requestTimeout;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest req) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder().timeout(requestTimeout);
    try {
      b.uri(req.url().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("invalid URL " + req.url(), e);
    }
    for (Map.Entry<String, List<String>> h : req.allHeaders().entrySet()) {
      if (h.getValue() != null) {
        b.header(h.getKey(), String.join(", ", h.getValue()));
      }
    }
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    if (req.hasBody()) {
      try (InputStream in = req.body()) {
        body = HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes());
      }
    }
    b.method(req.method(), body);
    try {
      HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Response(req, r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw (InterruptedIOException) new InterruptedIOException("interrupted").initCause(e);
    }
  }

  private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
    private final HttpResponse<InputStream> response;

    Response(GitHubConnectorRequest request, HttpResponse<InputStream> response) {
      super(request, response.statusCode(), response.headers().map());
      this.response = response;
    }

    @Override
    protected InputStream rawBodyStream() {
      return response.body();
    }
  }
}
