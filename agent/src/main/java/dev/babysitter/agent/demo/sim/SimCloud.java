package dev.babysitter.agent.demo.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Vast backend behind WireMock: answers the documented endpoints from an
 * in-memory set of instances, with the documented shapes and status codes. A created instance
 * goes {@code null} → {@code loading} → {@code running}; when it turns running, its onstart
 * runs for real in a container directory with {@code CONTAINER_ID} and {@code CONTAINER_API_KEY}
 * set, as Vast's entrypoint does. Destroy kills the container's processes.
 */
final class SimCloud implements ResponseDefinitionTransformerV2 {
  static final String NAME = "vast-sim";
  private static final Pattern ONE = Pattern.compile("/api/v0/instances/([0-9]+)/?");
  private static final Pattern ASK = Pattern.compile("/api/v0/asks/([0-9]+)/?");

  private final ObjectMapper json = new ObjectMapper();
  private final String userKey;
  private final Path containers;
  private final Path workspaceRoot;
  private final int sshPort;
  private final Duration loadingFor;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final List<ObjectNode> offers = new ArrayList<>();
  private final Map<Long, SimInstance> instances = new LinkedHashMap<>();
  private long goneOffer;
  /** Someone rents a stopped instance's GPUs: a start then stays "scheduling" (Vast's mode 8). */
  private volatile boolean gpusTakenWhileStopped;
  private long nextId = 4242;

  /** One rented machine; status is Vast's {@code actual_status} (null while provisioning). */
  private static final class SimInstance {
    final long id;
    final String label;
    final String key;
    final ObjectNode offer;
    final String onstart;
    final Map<String, String> env;
    final Instant created;
    String status;

    SimInstance(long id, String label, String key, ObjectNode offer, String onstart,
        Map<String, String> env, Instant created) {
      this.id = id;
      this.label = label;
      this.key = key;
      this.offer = offer;
      this.onstart = onstart;
      this.env = env;
      this.created = created;
    }
  }

  SimCloud(String userKey, Path root, Path workspaceRoot, int sshPort, Duration loadingFor,
      boolean firstOfferGone, ScheduledExecutorService timers, Clock clock) {
    this.userKey = userKey;
    this.containers = root.resolve("containers");
    this.workspaceRoot = workspaceRoot;
    this.sshPort = sshPort;
    this.loadingFor = loadingFor;
    this.timers = timers;
    this.clock = clock;
    offers.add(offer(1001, "RTX 4090", 1, 24564, 0.35));
    offers.add(offer(1002, "RTX 4090", 1, 24564, 0.42));
    offers.add(offer(1003, "RTX 3090", 1, 24576, 0.21));
    offers.add(offer(1004, "RTX 4090", 2, 24564, 0.80));
    // Someone else rents the cheapest offer between our search and our create.
    goneOffer = firstOfferGone ? 1001 : -1;
  }

  void takeGpusWhileStopped() {
    gpusTakenWhileStopped = true;
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
    String path = r.getUrl().replaceAll("\\?.*", "");
    String method = r.getMethod().getName();
    String auth = Optional.ofNullable(r.getHeader("Authorization")).orElse("");
    try {
      Matcher one = ONE.matcher(path);
      if (method.equals("DELETE") && one.matches()) {
        long id = Long.parseLong(one.group(1));
        SimInstance i = instances.get(id);
        // The container's own key may destroy its own instance (the dead-man switch).
        if (!auth.equals("Bearer " + userKey) && !(i != null && auth.equals("Bearer " + i.key))) {
          return authError();
        }
        return destroy(id);
      }
      if (!auth.equals("Bearer " + userKey)) {
        return authError();
      }
      if (method.equals("POST") && path.matches("/api/v0/bundles/?")) {
        return ok(search(json.readTree(r.getBodyAsString())));
      }
      Matcher ask = ASK.matcher(path);
      if (method.equals("PUT") && ask.matches()) {
        return create(Long.parseLong(ask.group(1)), json.readTree(r.getBodyAsString()));
      }
      if (method.equals("GET") && one.matches()) {
        SimInstance i = instances.get(Long.parseLong(one.group(1)));
        ObjectNode body = json.createObjectNode();
        body.set("instances", i == null ? null : view(i));
        return ok(body);
      }
      if (method.equals("GET") && path.matches("/api/v1/instances/?")) {
        return ok(list(r.queryParameter("select_filters").isPresent()
            ? json.readTree(r.queryParameter("select_filters").firstValue()) : null));
      }
      if (method.equals("PUT") && one.matches()) {
        String state = json.readTree(r.getBodyAsString()).path("state").asText("");
        return state.isEmpty() ? ok(json.createObjectNode().put("success", true))
            : setState(Long.parseLong(one.group(1)), state);
      }
      if (method.equals("GET") && path.matches("/api/v0/users/current/?")) {
        return ok(json.createObjectNode().put("id", 1).put("email", "demo@sim.invalid")
            .put("credit", 25.0).put("balance", 0.0));
      }
      return reply(404, json.createObjectNode().put("success", false).put("error", "not_found")
          .put("msg", "vast-sim does not serve " + method + " " + path));
    } catch (IOException e) {
      return reply(400, json.createObjectNode().put("error", "invalid_request")
          .put("msg", "Invalid json body"));
    }
  }

  /** How many instances were created; for the demo's summary and the tests. */
  synchronized int created() {
    return instances.size();
  }

  /** Ids of instances that still exist (not destroyed). */
  synchronized List<Long> live() {
    return instances.values().stream().filter(i -> !"destroyed".equals(i.status))
        .map(i -> i.id).toList();
  }

  /** Ends every instance that is left, without a request (the sim is shutting down). */
  synchronized void destroyAll() {
    for (SimInstance i : instances.values()) {
      if (!"destroyed".equals(i.status)) {
        i.status = "destroyed";
        killContainer(i.id, true);
      }
    }
  }

  private ObjectNode search(JsonNode q) {
    ArrayNode out = json.createArrayNode();
    JsonNode names = q.path("gpu_name").path("in");
    for (ObjectNode o : offers) {
      boolean nameOk = !names.isArray() || names.isEmpty() || contains(names,
          o.get("gpu_name").asText());
      boolean dphOk = !q.path("dph_total").has("lte")
          || o.get("dph_total").asDouble() <= q.path("dph_total").path("lte").asDouble();
      boolean gpusOk = !q.path("num_gpus").has("gte")
          || o.get("num_gpus").asInt() >= q.path("num_gpus").path("gte").asInt();
      boolean rented = instances.values().stream().anyMatch(i -> i.offer == o
          && !"destroyed".equals(i.status));
      if (nameOk && dphOk && gpusOk && !rented) {
        out.add(o);
      }
    }
    ObjectNode body = json.createObjectNode();
    body.set("offers", out);
    return body;
  }

  private ResponseDefinition create(long offerId, JsonNode body) {
    ObjectNode offer = offers.stream().filter(o -> o.get("id").asLong() == offerId)
        .findFirst().orElse(null);
    boolean taken = instances.values().stream().anyMatch(i -> i.offer == offer
        && !"destroyed".equals(i.status));
    if (offer == null || offerId == goneOffer || taken) {
      goneOffer = -1;
      return reply(404, json.createObjectNode().put("success", false)
          .put("error", "invalid_args").put("msg", "error 404/3603: no_such_ask Instance type"
              + " by id " + offerId + " is not available.").put("ask_id", offerId));
    }
    Map<String, String> env = new LinkedHashMap<>();
    body.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    long id = nextId++;
    String key = UUID.randomUUID().toString().replace("-", "");
    SimInstance i = new SimInstance(id, body.path("label").asText(""), key, offer,
        body.path("onstart").asText(""), env, clock.instant());
    instances.put(id, i);
    // Provisioning (null), then loading for a while, then running: onstart runs at that point.
    timers.schedule(() -> advance(i, "loading"), loadingFor.toMillis() / 4, TimeUnit.MILLISECONDS);
    timers.schedule(() -> advance(i, "running"), loadingFor.toMillis(), TimeUnit.MILLISECONDS);
    return ok(json.createObjectNode().put("success", true).put("new_contract", id)
        .put("instance_api_key", key));
  }

  private void advance(SimInstance i, String status) {
    synchronized (this) {
      if ("destroyed".equals(i.status)) {
        return;
      }
      i.status = status;
    }
    if ("running".equals(status)) {
      runOnstart(i);
    }
  }

  private void runOnstart(SimInstance i) {
    try {
      Path dir = Files.createDirectories(containers.resolve(String.valueOf(i.id)));
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", i.onstart).directory(dir.toFile());
      pb.environment().putAll(i.env);
      pb.environment().put("CONTAINER_ID", String.valueOf(i.id));
      pb.environment().put("CONTAINER_API_KEY", i.key);
      pb.environment().put("VAST_CONTAINERLABEL", "C." + i.id);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("onstart.log").toFile()));
      Process p = pb.start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // Seen in the container dir's missing onstart.log; the watcher reports a pending run.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stop: the container's processes end (as docker stop does), the disk stays, status stopped.
   * Start: scheduling, then running with its onstart run again, as Vast does on a free machine.
   */
  private ResponseDefinition setState(long id, String state) {
    SimInstance i = instances.get(id);
    if (i == null || "destroyed".equals(i.status)) {
      return reply(404, json.createObjectNode().put("success", false)
          .put("error", "no_such_instance").put("msg", "Instance " + id + " not found."));
    }
    if ("stopped".equals(state) && !"stopped".equals(i.status)) {
      i.status = "stopped";
      killContainer(id, false);
    } else if ("running".equals(state) && "stopped".equals(i.status)) {
      i.status = "scheduling";
      if (!gpusTakenWhileStopped) {
        timers.schedule(() -> advance(i, "running"), loadingFor.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }
    return ok(json.createObjectNode().put("success", true));
  }

  private ResponseDefinition destroy(long id) {
    SimInstance i = instances.get(id);
    if (i == null || "destroyed".equals(i.status)) {
      return reply(404, json.createObjectNode().put("success", false).put("error", "not_found")
          .put("msg", "Instance not found"));
    }
    i.status = "destroyed";
    killContainer(id, true);
    return ok(json.createObjectNode().put("success", true));
  }

  /** Ends every process the container started: supervisors whose vast.env names this id. */
  private void killContainer(long id, boolean destroyed) {
    if (!Files.isDirectory(workspaceRoot)) {
      return;
    }
    try (var homes = Files.list(workspaceRoot)) {
      for (Iterator<Path> it = homes.iterator(); it.hasNext(); ) {
        Path home = it.next();
        Path env = home.resolve("vast.env");
        if (Files.exists(env) && Files.readString(env).contains("CONTAINER_ID='" + id + "'")) {
          for (String pidFile : List.of("trainer.pid", "supervisor.pid")) {
            killGroup(home.resolve(pidFile));
          }
          if (destroyed) {
            Files.writeString(home.resolve("destroyed"), "destroyed by vast-sim\n");
          }
        }
      }
    } catch (IOException e) {
      // A half-written instance dir; nothing more to kill.
    }
  }

  private static void killGroup(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).strip());
    } catch (NumberFormatException e) {
      return;
    }
    if (pid <= 1) {
      return; // never signal init or "all processes"
    }
    ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroy));
    try {
      // "--" so that kill reads -PID as a process group, not as options.
      new ProcessBuilder("kill", "-s", "KILL", "--", "-" + pid).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ProcessHandle.of(pid).ifPresent(h -> {
      h.destroyForcibly();
      try {
        // A destroyed container has no processes: return only once they are gone.
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Still listed (a zombie nobody reaped yet); it runs nothing any more.
      }
    });
  }

  private ObjectNode list(JsonNode filter) {
    String label = VastShapes.labelFilter(filter);
    List<ObjectNode> rows = new ArrayList<>();
    for (SimInstance i : instances.values()) {
      if (!"destroyed".equals(i.status) && (label == null || label.equals(i.label))) {
        rows.add(view(i));
      }
    }
    return VastShapes.instanceList(json, rows);
  }

  private ObjectNode view(SimInstance i) {
    ObjectNode v = json.createObjectNode();
    v.put("id", i.id).put("label", i.label).put("machine_id", i.offer.get("machine_id").asLong());
    if (i.status == null) {
      v.putNull("actual_status");
    } else {
      v.put("actual_status", i.status);
    }
    v.put("intended_status", "running").put("cur_state", "running")
        .put("status_msg", i.status == null ? "" : i.status.equals("running")
            ? "success, running vast-sim" : "Pulling image…")
        .put("image_uuid", "vast-sim").put("image_runtype", "ssh_direc ssh_proxy")
        .put("onstart", i.onstart)
        .put("num_gpus", i.offer.get("num_gpus").asInt())
        .put("gpu_name", i.offer.get("gpu_name").asText())
        .put("gpu_ram", i.offer.get("gpu_ram").asDouble())
        .put("dph_total", i.offer.get("dph_total").asDouble())
        .put("start_date", i.created.toEpochMilli() / 1000.0)
        .put("disk_space", 40.0);
    if ("running".equals(i.status)) {
      v.put("ssh_host", "127.0.0.1").put("ssh_port", sshPort).put("public_ipaddr", "127.0.0.1");
      ArrayNode p22 = v.putObject("ports").putArray("22/tcp");
      p22.addObject().put("HostIp", "0.0.0.0").put("HostPort", String.valueOf(sshPort));
    }
    return v;
  }

  private ObjectNode offer(long id, String gpu, int n, int ramMb, double dph) {
    return VastShapes.offer(json, id, gpu, n, ramMb, dph, "Simulated, US");
  }

  private static boolean contains(JsonNode names, String name) {
    for (JsonNode n : names) {
      if (n.asText().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private ResponseDefinition authError() {
    return reply(401, json.createObjectNode().put("success", false).put("error", "auth_error")
        .put("msg", "Invalid user key"));
  }

  private static ResponseDefinition ok(JsonNode body) {
    return reply(200, body);
  }

  private static ResponseDefinition reply(int status, JsonNode body) {
    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
        .withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(body.toString()).build();
  }
}
