package dev.babysitter.tools.vast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The Vast.ai REST API (shapes in docs/…/vast-api.md), one method per endpoint; transport,
 * retries and error mapping live in {@link VastHttp} and {@link VastErrors}. Reads, and writes
 * that are idempotent (label, destroy, request logs), are retried with backoff on 429, 5xx and
 * timeouts. Create is sent exactly once: when its reply is lost, the instance is looked up by
 * its label and adopted if it exists, because a blind retry may rent a second machine.
 */
public final class VastClient {
  public static final String DEFAULT_URL = "https://console.vast.ai";
  private static final int MAX_PAGES = 200;

  private final VastHttp http;
  private final String base;
  private final VastCredentials credentials;
  private final Backoff backoff;
  private final Backoff logPoll;
  private final ObjectMapper json;

  /**
   * @param backoff retries for reads and idempotent writes
   * @param logPoll how long to wait for a requested log to appear (Vast: 30–60 s)
   */
  public VastClient(String baseUrl, VastCredentials credentials, OkHttpClient http,
      Backoff backoff, Backoff logPoll, Sleeper sleeper) {
    this.base = normalize(baseUrl);
    this.credentials = credentials;
    this.http = new VastHttp(base, credentials, http, backoff, sleeper);
    this.backoff = backoff;
    this.logPoll = logPoll;
    this.json = this.http.json();
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
    JsonNode reply = http.send("search offers",
        http.post("/api/v0/bundles/", query.toJson(json)), true);
    List<Offer> offers = new ArrayList<>(http.readList(reply, "offers", Offer.class,
        "search offers"));
    offers.sort(Comparator.comparingDouble(Offer::dollarsPerHour));
    return offers;
  }

  /**
   * Rents offer {@code offerId}. Sent once. A 404/410 {@code no_such_ask} throws
   * {@link OfferGoneException}; a lost reply (timeout, reset, 5xx) is reconciled by label.
   */
  public CreateResult createInstance(long offerId, CreateRequest request) throws VastException {
    String what = "create instance from offer " + offerId;
    Request put = http.put("/api/v0/asks/" + offerId + "/", request.toJson(json));
    VastHttp.Reply reply;
    try {
      reply = http.exchangeOnce(put);
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
      throw http.error(what, reply, offerId);
    }
    JsonNode body = http.parse(what, reply);
    if (body.path("success").isBoolean() && !body.path("success").asBoolean()) {
      throw http.error(what, reply, offerId);
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
        http.sleep(backoff.delayAfter(attempt));
      }
    }
    throw new VastException(VastException.Kind.UNCERTAIN, 0, problem
        + "; no instance labelled " + label + " appeared after " + backoff.attempts()
        + " checks. It may still appear: run reconcile before creating again", cause);
  }

  /** The instance, or empty when Vast does not know it (200 {@code instances:null} or 404). */
  public Optional<VastInstance> showInstance(long id) throws VastException {
    String what = "show instance " + id;
    HttpUrl url = http.url("/api/v0/instances/" + id + "/").newBuilder()
        .addQueryParameter("owner", "me").build();
    JsonNode reply;
    try {
      reply = http.send(what, http.get(url), true);
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
    return Optional.of(http.convert(node, VastInstance.class, what));
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
      HttpUrl.Builder url = http.url("/api/v1/instances/").newBuilder()
          .addQueryParameter("limit", "25");
      if (filter != null) {
        url.addQueryParameter("select_filters", filter.toString());
      }
      if (token != null) {
        url.addQueryParameter("after_token", token);
      }
      String what = "list instances (page " + (page + 1) + ")";
      JsonNode reply = http.send(what, http.get(url.build()), true);
      InstancePage got = http.convert(reply, InstancePage.class, what);
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
    http.send("label instance " + id, http.put("/api/v0/instances/" + id + "/", body), true);
  }

  /**
   * Stops ({@code "stopped"}: GPUs released, disk kept and billed) or starts ({@code "running"})
   * an instance. A start only takes when the machine's GPUs are free; otherwise the instance
   * stays {@code scheduling}, which the caller sees in its state.
   */
  public void setState(long id, String state) throws VastException {
    ObjectNode body = json.createObjectNode().put("state", state);
    http.send(state + " instance " + id, http.put("/api/v0/instances/" + id + "/", body), true);
  }

  /** Destroys the instance; false when it was already gone (idempotent). */
  public boolean destroy(long id) throws VastException {
    try {
      http.send("destroy instance " + id, http.delete("/api/v0/instances/" + id + "/"), true);
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
    JsonNode reply = http.send(what, http.put("/api/v0/instances/request_logs/" + id + "/",
        body), true);
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
        VastHttp.Reply r = http.exchange(get);
        if (r.status() == 200) {
          return r.body();
        }
        lastStatus = r.status();
      } catch (IOException e) {
        lastStatus = 0;
      }
      if (attempt < logPoll.attempts()) {
        http.sleep(logPoll.delayAfter(attempt));
      }
    }
    throw new VastException(VastException.Kind.TRANSIENT, lastStatus, what
        + ": the log was not ready after " + logPoll.attempts() + " polls (last HTTP "
        + lastStatus + ")");
  }

  public VastUser currentUser() throws VastException {
    JsonNode reply = http.send("show user", http.get(http.url("/api/v0/users/current/")), true);
    return http.convert(reply, VastUser.class, "show user");
  }
}
