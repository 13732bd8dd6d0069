package dev.babysitter.tools.vast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.babysitter.tools.shell.Backoff;
import dev.babysitter.tools.shell.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The transport under {@link VastClient}: authenticated requests, retries with backoff on 429,
 * 5xx and timeouts, JSON parsing and error mapping. Knows no endpoint; the client decides which
 * calls may be retried.
 */
final class VastHttp {
  private static final MediaType JSON = MediaType.get("application/json");

  /** One HTTP exchange as received; {@code retryAfter} is the raw header or null. */
  record Reply(int status, String body, String retryAfter) {}

  private final OkHttpClient http;
  /** The same client (pool, timeouts) without OkHttp's silent retry after a failed connection. */
  private final OkHttpClient once;
  private final String base;
  private final VastCredentials credentials;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final ObjectMapper json = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  VastHttp(String base, VastCredentials credentials, OkHttpClient http, Backoff backoff,
      Sleeper sleeper) {
    this.base = base;
    this.credentials = credentials;
    this.http = http;
    this.once = http.newBuilder().retryOnConnectionFailure(false).build();
    this.backoff = backoff;
    this.sleeper = sleeper;
  }

  ObjectMapper json() {
    return json;
  }

  HttpUrl url(String path) {
    return HttpUrl.get(base + path);
  }

  Request.Builder authed(HttpUrl url) {
    return new Request.Builder().url(url)
        .header("Authorization", credentials.bearer())
        .header("Accept", "application/json");
  }

  Request get(HttpUrl url) {
    return authed(url).get().build();
  }

  Request post(String path, JsonNode body) {
    return authed(url(path)).post(RequestBody.create(body.toString(), JSON)).build();
  }

  Request put(String path, JsonNode body) {
    return authed(url(path)).put(RequestBody.create(body.toString(), JSON)).build();
  }

  /** With {@code {}} as the body, as Vast's CLI sends it. */
  Request delete(String path) {
    return authed(url(path)).delete(RequestBody.create("{}", JSON)).build();
  }

  Reply exchange(Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      return new Reply(response.code(), response.body().string(), response.header("Retry-After"));
    }
  }

  /**
   * One exchange that is never repeated, for a request that must not be sent twice (create):
   * by default OkHttp sends a request again on a fresh connection when a pooled one fails, even
   * after the server received it, which for a create may rent a second machine.
   */
  Reply exchangeOnce(Request request) throws IOException {
    try (Response response = once.newCall(request).execute()) {
      return new Reply(response.code(), response.body().string(), response.header("Retry-After"));
    }
  }

  /** One call, retried on retryable failures when {@code retry}; returns the parsed body. */
  JsonNode send(String what, Request request, boolean retry) throws VastException {
    for (int attempt = 1; ; attempt++) {
      Duration wait = backoff.delayAfter(attempt);
      VastException failure = null;
      Reply reply = null;
      try {
        reply = exchange(request);
      } catch (InterruptedIOException e) {
        failure = new VastException(VastException.Kind.TRANSIENT, 0, what + " timed out", e);
      } catch (IOException e) {
        failure = new VastException(VastException.Kind.TRANSIENT, 0, what + " could not reach "
            + base + ": " + credentials.redact(e.toString()), e);
      }
      if (reply != null) {
        if (reply.status() / 100 == 2) {
          JsonNode body = parse(what, reply);
          if (body.path("success").isBoolean() && !body.path("success").asBoolean()) {
            throw error(what, reply, -1);
          }
          return body;
        }
        failure = error(what, reply, -1);
        wait = retryAfter(reply).orElse(wait);
      }
      if (!retry || !failure.retryable() || attempt >= backoff.attempts()) {
        throw failure;
      }
      sleep(wait);
    }
  }

  /** Vast sends no Retry-After today (back off ourselves), but honour one if it appears. */
  private Optional<Duration> retryAfter(Reply reply) {
    if (reply.retryAfter() == null || !reply.retryAfter().strip().matches("[0-9]{1,6}")) {
      return Optional.empty();
    }
    Duration asked = Duration.ofSeconds(Long.parseLong(reply.retryAfter().strip()));
    return Optional.of(asked.compareTo(backoff.max()) > 0 ? backoff.max() : asked);
  }

  void sleep(Duration wait) throws VastException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VastException(VastException.Kind.TRANSIENT, 0, "interrupted while backing off",
          e);
    }
  }

  JsonNode parse(String what, Reply reply) throws VastException {
    try {
      JsonNode node = json.readTree(reply.body());
      if (node == null || !node.isObject()) {
        throw new VastException(VastException.Kind.MALFORMED, reply.status(), what
            + ": expected a JSON object from Vast, got: " + excerpt(reply.body()));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new VastException(VastException.Kind.MALFORMED, reply.status(), what
          + ": Vast replied with malformed JSON: " + excerpt(reply.body()));
    }
  }

  <T> T convert(JsonNode node, Class<T> type, String what) throws VastException {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new VastException(VastException.Kind.MALFORMED, 200, what + ": unexpected "
          + type.getSimpleName() + " shape: " + credentials.redact(e.getOriginalMessage()));
    }
  }

  <T> List<T> readList(JsonNode reply, String field, Class<T> type, String what)
      throws VastException {
    JsonNode node = reply.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new VastException(VastException.Kind.MALFORMED, 200,
          what + ": expected '" + field + "' to be a list");
    }
    List<T> out = new ArrayList<>();
    for (JsonNode item : node) {
      out.add(convert(item, type, what));
    }
    return out;
  }

  VastException error(String what, Reply reply, long offerId) {
    return VastErrors.map(what, reply, offerId, credentials, json);
  }

  private String excerpt(String body) {
    return VastErrors.excerpt(body, credentials);
  }
}
