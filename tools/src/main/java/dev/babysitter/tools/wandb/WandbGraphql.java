package dev.babysitter.tools.wandb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@link WandbClient} over W&B's public GraphQL endpoint ({@code POST <base>/graphql}, basic auth
 * {@code api:<key>}), with the query shape of W&B's own public API ({@code Run.load}). No
 * retries here: the watcher asks again at its next cruise check, and honours a 429's
 * Retry-After before that.
 */
public final class WandbGraphql implements WandbClient {
  public static final String DEFAULT_BASE = "https://api.wandb.ai";
  private static final MediaType JSON = MediaType.get("application/json");
  static final String QUERY = """
      query Run($project: String!, $entity: String, $name: String!) {
        project(name: $project, entityName: $entity) {
          run(name: $name) {
            id name displayName state heartbeatAt summaryMetrics historyKeys
          }
        }
      }""";

  private final String base;
  private final WandbCredentials credentials;
  private final OkHttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public WandbGraphql(String base, WandbCredentials credentials, OkHttpClient http) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.credentials = credentials;
    this.http = http;
  }

  /** Against api.wandb.ai (or {@code WANDB_BASE_URL}), with short timeouts: a check must not hang. */
  public static WandbGraphql of(Map<String, String> env, WandbCredentials credentials) {
    String base = env.getOrDefault("WANDB_BASE_URL", DEFAULT_BASE);
    return new WandbGraphql(base, credentials, new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(20))
        .callTimeout(Duration.ofSeconds(30)).build());
  }

  @Override
  public Optional<WandbRun> run(String entity, String project, String runId,
      List<String> metricKeys) throws WandbException {
    ObjectNode body = json.createObjectNode();
    body.put("query", QUERY);
    ObjectNode vars = body.putObject("variables");
    vars.put("project", project);
    if (entity == null) {
      vars.putNull("entity");
    } else {
      vars.put("entity", entity);
    }
    vars.put("name", runId);
    Request request = new Request.Builder().url(base + "/graphql")
        .header("Authorization", credentials.basic())
        .header("Accept", "application/json")
        .post(RequestBody.create(body.toString(), JSON)).build();
    String what = "W&B run " + (entity == null ? "" : entity + "/") + project + "/" + runId;
    int status;
    String text;
    String retryAfter;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      text = response.body().string();
      retryAfter = response.header("Retry-After");
    } catch (InterruptedIOException e) {
      throw new WandbException(WandbException.Kind.TRANSIENT, 0, what + ": timed out");
    } catch (IOException e) {
      throw new WandbException(WandbException.Kind.TRANSIENT, 0, what + ": could not reach "
          + base + ": " + credentials.redact(e.toString()));
    }
    if (status == 401 || status == 403) {
      throw new WandbException(WandbException.Kind.AUTH, status, what + ": W&B rejected the "
          + "API key from " + credentials.source() + " (HTTP " + status + ")");
    }
    if (status == 429) {
      throw new WandbException(WandbException.Kind.RATE_LIMITED, status, what
          + ": W&B rate limit (HTTP 429)", retryAfter(retryAfter));
    }
    if (status / 100 == 5) {
      throw new WandbException(WandbException.Kind.TRANSIENT, status, what + ": W&B server "
          + "error (HTTP " + status + ")");
    }
    if (status / 100 != 2) {
      throw new WandbException(WandbException.Kind.QUERY, status, what + ": HTTP " + status
          + ": " + excerpt(text));
    }
    JsonNode root = parse(what, status, text);
    JsonNode errors = root.path("errors");
    if (errors.isArray() && !errors.isEmpty()) { // a wrong project or entity is said, not hidden
      throw new WandbException(WandbException.Kind.QUERY, status, what + ": "
          + excerpt(errors.get(0).path("message").asText(errors.toString())));
    }
    JsonNode run = root.path("data").path("project").path("run");
    if (run.isMissingNode() || run.isNull()) {
      return Optional.empty();
    }
    return Optional.of(toRun(what, run, metricKeys));
  }

  private WandbRun toRun(String what, JsonNode run, List<String> metricKeys)
      throws WandbException {
    JsonNode summary = run.path("summaryMetrics");
    if (summary.isTextual()) { // W&B sends the summary as a JSON document inside a string
      summary = parse(what, 200, summary.asText());
    }
    Long step = number(summary.path("global_step")) != null
        ? number(summary.path("global_step")).longValue()
        : number(summary.path("_step")) != null ? number(summary.path("_step")).longValue() : null;
    Double ts = number(summary.path("_timestamp"));
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String key : metricKeys) {
      Double value = number(summary.path(key));
      if (value != null) {
        metrics.put(key, value);
      }
    }
    return new WandbRun(run.path("name").asText(null), text(run.path("displayName")),
        text(run.path("state")), step,
        ts == null ? null : Instant.ofEpochMilli((long) (ts * 1000)),
        instant(text(run.path("heartbeatAt"))), metrics);
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static Double number(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual()) { // "NaN" and "Infinity" arrive as strings
      try {
        return Double.parseDouble(node.asText());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** W&B writes heartbeatAt as UTC without an offset ("2024-05-01T12:00:00"); accept both. */
  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }

  private static Duration retryAfter(String header) {
    if (header == null || !header.strip().matches("[0-9]{1,6}")) {
      return null;
    }
    return Duration.ofSeconds(Long.parseLong(header.strip()));
  }

  private JsonNode parse(String what, int status, String text) throws WandbException {
    try {
      JsonNode node = json.readTree(text);
      if (node == null || !node.isObject()) {
        throw new WandbException(WandbException.Kind.MALFORMED, status, what
            + ": expected a JSON object, got: " + excerpt(text));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new WandbException(WandbException.Kind.MALFORMED, status, what
          + ": malformed JSON: " + excerpt(text));
    }
  }

  private String excerpt(String text) {
    String t = credentials.redact(text == null ? "" : text.strip());
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }
}
