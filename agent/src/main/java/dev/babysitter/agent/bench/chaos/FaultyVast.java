package dev.babysitter.agent.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.babysitter.agent.demo.sim.VastShapes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vast backend behind WireMock that keeps its instances in memory, answers the endpoints a
 * babysitter uses with Vast's documented shapes and status codes (vast-api.md), and injects
 * faults into a share of the requests: 429 with and without Retry-After, 5xx and connection
 * resets (before or after the backend acted), a read timeout after the backend acted, malformed
 * JSON after it acted, and slow replies. Its own books are the oracle: every create, and every
 * create made while the label already had a live instance (a duplicate).
 */
final class FaultyVast implements ResponseDefinitionTransformerV2 {
  static final String NAME = "faulty-vast";
  private static final Pattern ONE = Pattern.compile("/api/v0/instances/([0-9]+)/?");
  private static final Pattern ASK = Pattern.compile("/api/v0/asks/([0-9]+)/?");

  /** What a fault does; {@code acts}: whether the backend carries the request out first. */
  enum Kind {
    RATE_LIMITED, RATE_LIMITED_RETRY_AFTER, SERVER_ERROR, SERVER_ERROR_AFTER_ACTING,
    RESET, RESET_AFTER_ACTING, TIMEOUT_AFTER_ACTING, MALFORMED_AFTER_ACTING, SLOW
  }

  private final ObjectMapper json = new ObjectMapper();
  private final String userKey;
  private final Random rnd;
  private final double rate;
  private final int budget;
  private final long timeoutDelayMs;
  private final long slowDelayMs;
  private final Map<Long, Inst> instances = new LinkedHashMap<>();
  private final Map<Kind, Integer> injected = new EnumMap<>(Kind.class);
  private long nextId = 7000;
  private int faults;
  private int creates;
  private int duplicateCreates;
  private int lostCreateReplies;
  private final List<String> duplicates = new ArrayList<>();

  /** One rented machine; status is {@code actual_status} (null while provisioning). */
  private static final class Inst {
    final long id;
    final String label;
    final double dph;
    String status;

    Inst(long id, String label, double dph) {
      this.id = id;
      this.label = label;
      this.dph = dph;
    }
  }

  FaultyVast(String userKey, long seed, double rate, int budget, long timeoutDelayMs,
      long slowDelayMs) {
    this.userKey = userKey;
    this.rnd = new Random(seed);
    this.rate = rate;
    this.budget = budget;
    this.timeoutDelayMs = timeoutDelayMs;
    this.slowDelayMs = slowDelayMs;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return true;
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    Request r = event.getRequest();
    Kind fault = null;
    if (faults < budget && rnd.nextDouble() < rate) {
      fault = Kind.values()[rnd.nextInt(Kind.values().length)];
      faults++;
      injected.merge(fault, 1, Integer::sum);
    }
    if (fault == Kind.RATE_LIMITED) {
      return new ResponseDefinitionBuilder().withStatus(429)
          .withHeader("Content-Type", "text/plain")
          .withBody("API requests too frequent endpoint threshold=3.0").build();
    }
    if (fault == Kind.RATE_LIMITED_RETRY_AFTER) {
      return new ResponseDefinitionBuilder().withStatus(429).withHeader("Retry-After", "2")
          .withHeader("Content-Type", "application/json")
          .withBody("{\"detail\":\"API requests too frequent endpoint threshold=1.0\"}").build();
    }
    if (fault == Kind.SERVER_ERROR) {
      return gateway();
    }
    if (fault == Kind.RESET) {
      return new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
    }
    ResponseDefinition real = serve(r);
    if (fault == null) {
      return real;
    }
    if (fault != Kind.SLOW && ASK.matcher(r.getUrl().replaceAll("\\?.*", "")).matches()
        && "PUT".equals(r.getMethod().getName())) {
      lostCreateReplies++; // the machine is rented, the client does not hear so
    }
    return switch (fault) {
      case SERVER_ERROR_AFTER_ACTING -> gateway();
      case RESET_AFTER_ACTING ->
          new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
      case TIMEOUT_AFTER_ACTING -> ResponseDefinitionBuilder.like(real)
          .withFixedDelay((int) timeoutDelayMs).build();
      case MALFORMED_AFTER_ACTING -> {
        String body = real.getBody() == null ? "{}" : real.getBody();
        yield ResponseDefinitionBuilder.like(real)
            .withBody(body.substring(0, Math.max(1, body.length() / 2))).build();
      }
      case SLOW -> ResponseDefinitionBuilder.like(real).withFixedDelay((int) slowDelayMs)
          .build();
      default -> real;
    };
  }

  /** The backend proper: no faults, Vast's shapes. */
  private ResponseDefinition serve(Request r) {
    String path = r.getUrl().replaceAll("\\?.*", "");
    String method = r.getMethod().getName();
    String auth = r.getHeader("Authorization") == null ? "" : r.getHeader("Authorization");
    if (!auth.equals("Bearer " + userKey)) {
      return reply(401, json.createObjectNode().put("success", false).put("error", "auth_error")
          .put("msg", "Invalid user key"));
    }
    try {
      Matcher one = ONE.matcher(path);
      Matcher ask = ASK.matcher(path);
      if (method.equals("POST") && path.matches("/api/v0/bundles/?")) {
        ObjectNode body = json.createObjectNode();
        ArrayNode offers = body.putArray("offers");
        offers.add(offer(1001, 0.35));
        offers.add(offer(1002, 0.42));
        return reply(200, body);
      }
      if (method.equals("PUT") && ask.matches()) {
        return create(json.readTree(r.getBodyAsString()));
      }
      if (method.equals("GET") && one.matches()) {
        Inst i = live(Long.parseLong(one.group(1)));
        ObjectNode body = json.createObjectNode();
        body.set("instances", i == null ? null : view(i));
        if (i != null) {
          advance(i);
        }
        return reply(200, body);
      }
      if (method.equals("GET") && path.matches("/api/v1/instances/?")) {
        return reply(200, list(r.queryParameter("select_filters").isPresent()
            ? json.readTree(r.queryParameter("select_filters").firstValue()) : null));
      }
      if (method.equals("PUT") && one.matches()) {
        Inst i = live(Long.parseLong(one.group(1)));
        if (i == null) {
          return reply(404, json.createObjectNode().put("success", false)
              .put("error", "no_such_instance").put("msg", "Instance " + one.group(1)
                  + " not found."));
        }
        String state = json.readTree(r.getBodyAsString()).path("state").asText("");
        if ("stopped".equals(state)) {
          i.status = "stopped";
        } else if ("running".equals(state) && "stopped".equals(i.status)) {
          i.status = "scheduling";
        }
        return reply(200, json.createObjectNode().put("success", true));
      }
      if (method.equals("DELETE") && one.matches()) {
        Inst i = live(Long.parseLong(one.group(1)));
        if (i == null) {
          return reply(404, json.createObjectNode().put("success", false)
              .put("error", "not_found").put("msg", "Instance not found"));
        }
        i.status = "destroyed";
        return reply(200, json.createObjectNode().put("success", true));
      }
      return reply(404, json.createObjectNode().put("success", false).put("error", "not_found")
          .put("msg", "not served: " + method + " " + path));
    } catch (IOException e) {
      return reply(400, json.createObjectNode().put("error", "invalid_request")
          .put("msg", "Invalid json body"));
    }
  }

  private ResponseDefinition create(JsonNode body) {
    String label = body.path("label").asText("");
    creates++;
    if (instances.values().stream().anyMatch(i -> !"destroyed".equals(i.status)
        && label.equals(i.label))) {
      duplicateCreates++;
      if (duplicates.size() < 5) {
        duplicates.add("a second live instance labelled " + label);
      }
    }
    long id = nextId++;
    instances.put(id, new Inst(id, label, 0.35));
    return reply(200, json.createObjectNode().put("success", true).put("new_contract", id)
        .put("instance_api_key", UUID.randomUUID().toString().replace("-", "")));
  }

  /** Provisioning (null) → loading → running, one step per read of the instance. */
  private static void advance(Inst i) {
    if (i.status == null) {
      i.status = "loading";
    } else if ("loading".equals(i.status) || "scheduling".equals(i.status)) {
      i.status = "running";
    }
  }

  private Inst live(long id) {
    Inst i = instances.get(id);
    return i == null || "destroyed".equals(i.status) ? null : i;
  }

  private ObjectNode list(JsonNode filter) {
    String label = VastShapes.labelFilter(filter);
    List<ObjectNode> rows = new ArrayList<>();
    for (Inst i : instances.values()) {
      if (!"destroyed".equals(i.status) && (label == null || label.equals(i.label))) {
        rows.add(view(i));
      }
    }
    return VastShapes.instanceList(json, rows);
  }

  private ObjectNode view(Inst i) {
    ObjectNode v = json.createObjectNode();
    v.put("id", i.id).put("label", i.label).put("machine_id", 178);
    if (i.status == null) {
      v.putNull("actual_status");
    } else {
      v.put("actual_status", i.status);
    }
    v.put("intended_status", "running").put("cur_state", "running")
        .put("status_msg", "running".equals(i.status) ? "success, running pytorch" : "")
        .put("image_uuid", "pytorch/pytorch:2.4.0").put("image_runtype", "ssh_direc ssh_proxy")
        .put("num_gpus", 1).put("gpu_name", "RTX 4090").put("gpu_ram", 24564.0)
        .put("dph_total", i.dph).put("start_date", 1761008618.2).put("disk_space", 40.0);
    if ("running".equals(i.status)) {
      v.put("ssh_host", "ssh2281.vast.ai").put("ssh_port", 10882)
          .put("public_ipaddr", "203.0.113.42");
    }
    return v;
  }

  private ObjectNode offer(long id, double dph) {
    return VastShapes.offer(json, id, "RTX 4090", 1, 24564, dph, "California, US");
  }

  private static ResponseDefinition gateway() {
    return new ResponseDefinitionBuilder().withStatus(502)
        .withHeader("Content-Type", "text/html")
        .withBody("<html><head><title>502 Bad Gateway</title></head><body><center>"
            + "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>")
        .build();
  }

  private static ResponseDefinition reply(int status, JsonNode body) {
    return new ResponseDefinitionBuilder().withStatus(status)
        .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
  }

  // ---- the books ----

  synchronized int faults() {
    return faults;
  }

  synchronized Map<Kind, Integer> injected() {
    return new EnumMap<>(injected);
  }

  synchronized int creates() {
    return creates;
  }

  /** Creates the backend carried out whose reply the client never got intact. */
  synchronized int lostCreateReplies() {
    return lostCreateReplies;
  }

  synchronized int duplicateCreates() {
    return duplicateCreates;
  }

  synchronized List<String> duplicates() {
    return List.copyOf(duplicates);
  }

  /** Ids of live (not destroyed) instances labelled {@code label}. */
  synchronized List<Long> liveLabelled(String label) {
    return instances.values().stream().filter(i -> !"destroyed".equals(i.status)
        && label.equals(i.label)).map(i -> i.id).toList();
  }

  synchronized String statusOf(long id) {
    Inst i = instances.get(id);
    return i == null ? "unknown" : String.valueOf(i.status);
  }

  /** Every instance not destroyed, whatever its label. */
  synchronized List<Long> allLive() {
    return instances.values().stream().filter(i -> !"destroyed".equals(i.status))
        .map(i -> i.id).toList();
  }
}
