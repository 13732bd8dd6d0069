package dev.babysitter.tools.vast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.babysitter.tools.shell.Backoff;
import dev.babysitter.tools.shell.Sleeper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The Vast.ai REST API (shapes in docs/…/vast-api.md). Reads, and writes that are idempotent
 * (label, destroy, request logs), are retried with backoff on 429, 5xx and timeouts. Create is
 * sent exactly once: when its reply is lost, the instance is looked up by its label and adopted
 * if it exists, because a blind retry may rent a second machine.
 */
public final class VastClient {
  public static final String DEFAULT_URL = "https://console.vast.ai";
  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_PAGES = 200;

  private final OkHttpClient http;
  private final String base;
  private final VastCredentials credentials;
  private final Backoff backoff;
  private final Backoff logPoll;
  private final Sleeper sleeper;
  private final ObjectMapper json = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * @param backoff retries for reads and idempotent writes
   * @param logPoll how long to wait for a requested log to appear (Vast: 30–60 s)
   */
  public VastClient(String baseUrl, VastCredentials credentials, OkHttpClient http,
      Backoff backoff, Backoff logPoll, Sleeper sleeper) {
    this.base = normalize(baseUrl);
    this.credentials = credentials;
    this.http = http;
    this.backoff = backoff;
    this.logPoll = logPoll;
    this.sleeper = sleeper;
  }

  /** Production defaults: {@code VAST_URL} or the console, CLI-like retries, 2 min calls. */
  public static VastClient fromEnvironment(Map<String, String> env, VastCredentials credentials) {
    OkHttpClient http = new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(15))
        .readTimeout(Duration.ofSeconds(60))
        .callTimeout(Duration.ofSeconds(120))
        .build();
    return new VastClient(baseUrl(env), credentials, http,
        new Backoff(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)),
        new Backoff(15, Duration.ofSeconds(1), 1.5, Duration.ofSeconds(10)), Sleeper.REAL);
  }

  public static String baseUrl(Map<String, String> env) {
    String url = env.get("VAST_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url.strip();
  }

  /** Drops a trailing slash and a trailing {@code /api/v0}: our paths carry their version. */
  private static String normalize(String url) {
    String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    if (u.endsWith("/api/v0")) {
      u = u.substring(0, u.length() - "/api/v0".length());
    }
    if (HttpUrl.parse(u) == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    return u;
  }

  /** The API base, e.g. for the container's own dead-man destroy call. */
  public String baseUrl() {
    return base;
  }

  public String describe() {
    return "Vast API at " + base + " (key from " + credentials.source() + ")";
  }

  // ---- operations ----

  /** Offers matching {@code query}, cheapest first (sorted here too: the server may not). */
  public List<Offer> searchOffers(OfferQuery query) throws VastException {
    JsonNode reply = send("search offers", post("/api/v0/bundles/", query.toJson(json)), true);
    List<Offer> offers = new ArrayList<>(readList(reply, "offers", Offer.class, "search offers"));
    offers.sort(Comparator.comparingDouble(Offer::dollarsPerHour));
    return offers;
  }

  /**
   * Rents offer {@code offerId}. Sent once. A 404/410 {@code no_such_ask} throws
   * {@link OfferGoneException}; a lost reply (timeout, reset, 5xx) is reconciled by label.
   */
  public CreateResult createInstance(long offerId, CreateRequest request) throws VastException {
    String what = "create instance from offer " + offerId;
    Request put = put("/api/v0/asks/" + offerId + "/", request.toJson(json));
    Reply reply;
    try {
      reply = exchange(put);
    } catch (IOException e) {
      return reconcileCreate(offerId, request.label(), what + " got no reply ("
          + (e instanceof InterruptedIOException ? "timed out" : credentials.redact(e.toString()))
          + ")", e);
    }
    if (reply.status() >= 500) {
      // A gateway error does not say whether the backend created the instance.
      return reconcileCreate(offerId, request.label(), what + " failed with HTTP "
          + reply.status(), null);
    }
    if (reply.status() / 100 != 2) {
      throw error(what, reply, offerId);
    }
    JsonNode body = parse(what, reply);
    if (body.path("success").isBoolean() && !body.path("success").asBoolean()) {
      throw error(what, reply, offerId);
    }
    JsonNode id = body.get("new_contract");
    if (id == null || !id.canConvertToLong()) {
      throw new VastException(VastException.Kind.MALFORMED, reply.status(), what
          + ": the reply has no new_contract; look for an instance labelled "
          + request.label() + " before creating again");
    }
    String key = body.path("instance_api_key").isTextual()
        ? body.get("instance_api_key").asText() : null;
    return new CreateResult(id.asLong(), offerId, key, false);
  }

  /**
   * Tries {@code offers} in order, moving to the next one when an offer is gone. Any other
   * failure stops: only "offer gone" proves that nothing was created.
   */
  public CreateResult createFirstAvailable(List<Offer> offers, CreateRequest request)
      throws VastException {
    List<Long> gone = new ArrayList<>();
    OfferGoneException last = null;
    for (Offer offer : offers) {
      try {
        return createInstance(offer.id(), request);
      } catch (OfferGoneException e) {
        gone.add(e.offerId());
        last = e;
      }
    }
    if (last == null) {
      throw new VastException(VastException.Kind.REJECTED, 0, "no offers to create from");
    }
    throw new OfferGoneException(last.offerId(), last.status(),
        "all " + gone.size() + " offers are gone: " + gone);
  }

  private CreateResult reconcileCreate(long offerId, String label, String problem,
      IOException cause) throws VastException {
    // A new instance can take a moment to appear in the list, so look more than once.
    for (int attempt = 1; attempt <= backoff.attempts(); attempt++) {
      List<VastInstance> ours = findByLabel(label);
      if (ours.size() == 1) {
        return new CreateResult(ours.get(0).id(), offerId, null, true);
      }
      if (ours.size() > 1) {
        throw new VastException(VastException.Kind.UNCERTAIN, 0, problem + "; "
            + ours.size() + " instances are labelled " + label + " ("
            + ours.stream().map(i -> String.valueOf(i.id())).toList()
            + "); refusing to pick one, destroy the extras");
      }
      if (attempt < backoff.attempts()) {
        sleep(backoff.delayAfter(attempt));
      }
    }
    throw new VastException(VastException.Kind.UNCERTAIN, 0, problem
        + "; no instance labelled " + label + " appeared after " + backoff.attempts()
        + " checks. It may still appear: run reconcile before creating again", cause);
  }

  /** The instance, or empty when Vast does not know it (200 {@code instances:null} or 404). */
  public Optional<VastInstance> showInstance(long id) throws VastException {
    String what = "show instance " + id;
    HttpUrl url = url("/api/v0/instances/" + id + "/").newBuilder()
        .addQueryParameter("owner", "me").build();
    JsonNode reply;
    try {
      reply = send(what, authed(url).get().build(), true);
    } catch (VastException e) {
      if (e.kind() == VastException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    JsonNode node = reply.get("instances");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    // The key is plural but holds one object; tolerate a one-element list as well.
    if (node.isArray()) {
      if (node.isEmpty()) {
        return Optional.empty();
      }
      node = node.get(0);
    }
    return Optional.of(convert(node, VastInstance.class, what));
  }

  /** All our instances, following {@code next_token} across pages. */
  public List<VastInstance> listInstances() throws VastException {
    return list(null);
  }

  /** Instances carrying exactly {@code label}; filtered here too, whatever the server did. */
  public List<VastInstance> findByLabel(String label) throws VastException {
    ObjectNode filter = json.createObjectNode();
    filter.putObject("label").put("eq", label);
    return list(filter).stream().filter(i -> label.equals(i.label())).toList();
  }

  private List<VastInstance> list(ObjectNode filter) throws VastException {
    List<VastInstance> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String token = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      // Query values that are not strings are JSON-encoded, as the CLI does.
      HttpUrl.Builder url = url("/api/v1/instances/").newBuilder()
          .addQueryParameter("limit", "25");
      if (filter != null) {
        url.addQueryParameter("select_filters", filter.toString());
      }
      if (token != null) {
        url.addQueryParameter("after_token", token);
      }
      String what = "list instances (page " + (page + 1) + ")";
      JsonNode reply = send(what, authed(url.build()).get().build(), true);
      InstancePage got = convert(reply, InstancePage.class, what);
      all.addAll(got.rows());
      token = got.nextToken();
      if (token == null || token.isEmpty()) {
        return all;
      }
      if (!seen.add(token)) {
        throw new VastException(VastException.Kind.MALFORMED, 200,
            "list instances: next_token repeats; stopping to avoid a loop");
      }
    }
    throw new VastException(VastException.Kind.MALFORMED, 200,
        "list instances: more than " + MAX_PAGES + " pages");
  }

  public void label(long id, String label) throws VastException {
    ObjectNode body = json.createObjectNode().put("label", label);
    send("label instance " + id, put("/api/v0/instances/" + id + "/", body), true);
  }

  /** Destroys the instance; false when it was already gone (idempotent). */
  public boolean destroy(long id) throws VastException {
    Request delete = authed(url("/api/v0/instances/" + id + "/"))
        .delete(RequestBody.create("{}", JSON)).build();
    try {
      send("destroy instance " + id, delete, true);
      return true;
    } catch (VastException e) {
      if (e.kind() == VastException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The last {@code tail} lines of the container log. Two steps: ask Vast to upload the log,
   * then poll the returned URL until it exists. That URL is fetched without our key: it is a
   * third-party (S3) address and must never see it.
   */
  public String containerLogs(long id, int tail) throws VastException {
    String what = "request logs of instance " + id;
    ObjectNode body = json.createObjectNode().put("tail", String.valueOf(tail));
    JsonNode reply = send(what, put("/api/v0/instances/request_logs/" + id + "/", body), true);
    String resultUrl = reply.path("result_url").asText("");
    HttpUrl url = HttpUrl.parse(resultUrl);
    if (url == null) {
      throw new VastException(VastException.Kind.MALFORMED, 200,
          what + ": the reply has no usable result_url");
    }
    Request get = new Request.Builder().url(url).get().build();
    int lastStatus = 0;
    for (int attempt = 1; attempt <= logPoll.attempts(); attempt++) {
      try {
        Reply r = exchange(get);
        if (r.status() == 200) {
          return r.body();
        }
        lastStatus = r.status();
      } catch (IOException e) {
        lastStatus = 0;
      }
      if (attempt < logPoll.attempts()) {
        sleep(logPoll.delayAfter(attempt));
      }
    }
    throw new VastException(VastException.Kind.TRANSIENT, lastStatus, what
        + ": the log was not ready after " + logPoll.attempts() + " polls (last HTTP "
        + lastStatus + ")");
  }

  public VastUser currentUser() throws VastException {
    JsonNode reply = send("show user", authed(url("/api/v0/users/current/")).get().build(), true);
    return convert(reply, VastUser.class, "show user");
  }

  // ---- plumbing ----

  private record Reply(int status, String body, String retryAfter) {}

  private HttpUrl url(String path) {
    return HttpUrl.get(base + path);
  }

  private Request.Builder authed(HttpUrl url) {
    return new Request.Builder().url(url)
        .header("Authorization", credentials.bearer())
        .header("Accept", "application/json");
  }

  private Request post(String path, JsonNode body) {
    return authed(url(path)).post(RequestBody.create(body.toString(), JSON)).build();
  }

  private Request put(String path, JsonNode body) {
    return authed(url(path)).put(RequestBody.create(body.toString(), JSON)).build();
  }

  private Reply exchange(Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      return new Reply(response.code(), response.body().string(), response.header("Retry-After"));
    }
  }

  /** One call, retried on retryable failures when {@code retry}; returns the parsed body. */
  private JsonNode send(String what, Request request, boolean retry) throws VastException {
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

  private void sleep(Duration wait) throws VastException {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VastException(VastException.Kind.TRANSIENT, 0, "interrupted while backing off",
          e);
    }
  }

  private JsonNode parse(String what, Reply reply) throws VastException {
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

  private <T> T convert(JsonNode node, Class<T> type, String what) throws VastException {
    try {
      return json.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new VastException(VastException.Kind.MALFORMED, 200, what + ": unexpected "
          + type.getSimpleName() + " shape: " + credentials.redact(e.getOriginalMessage()));
    }
  }

  private <T> List<T> readList(JsonNode reply, String field, Class<T> type, String what)
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

  /**
   * Maps an error reply onto a kind. Auth is recognised by {@code error:"auth_error"} as well as
   * by 401, because several endpoints answer a bad key with 404.
   */
  private VastException error(String what, Reply reply, long offerId) {
    int status = reply.status();
    JsonNode body;
    try {
      body = json.readTree(reply.body());
    } catch (JsonProcessingException e) {
      body = null;
    }
    String code = body == null ? "" : body.path("error").asText("");
    String msg = firstText(body, "msg", "message", "detail", "error");
    if (msg == null) {
      msg = excerpt(reply.body());
    }
    msg = credentials.redact(msg);
    String raw = reply.body() == null ? "" : reply.body();
    if ("auth_error".equals(code) || status == 401 || msg.contains("Invalid user key")) {
      return new VastException(VastException.Kind.AUTH, status, what + ": Vast refused the API key"
          + " from " + credentials.source() + " (HTTP " + status + ": " + msg + ")");
    }
    if (offerId >= 0 && (status == 404 || status == 410 || raw.contains("no_such_ask"))) {
      return new OfferGoneException(offerId, status, msg);
    }
    String detail = what + " failed: HTTP " + status + ": " + msg;
    if (status == 429) {
      return new VastException(VastException.Kind.RATE_LIMITED, status, detail);
    }
    if (status >= 500) {
      return new VastException(VastException.Kind.TRANSIENT, status, detail);
    }
    if (status == 404 || "not_found".equals(code) || "no_such_instance".equals(code)) {
      return new VastException(VastException.Kind.NOT_FOUND, status, detail);
    }
    return new VastException(VastException.Kind.REJECTED, status, detail);
  }

  private static String firstText(JsonNode body, String... fields) {
    if (body == null) {
      return null;
    }
    for (String f : fields) {
      JsonNode n = body.get(f);
      if (n != null && n.isTextual() && !n.asText().isBlank()) {
        return n.asText();
      }
    }
    return null;
  }

  private String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    String flat = body.strip().replaceAll("\\s+", " ");
    return credentials.redact(flat.length() > 200 ? flat.substring(0, 200) + "…" : flat);
  }
}
