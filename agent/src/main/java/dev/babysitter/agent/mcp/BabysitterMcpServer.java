package dev.babysitter.agent.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.babysitter.agent.llm.GuardedTools;
import dev.babysitter.agent.llm.ToolTrace;
import dev.babysitter.agent.policy.PolicyExplainer;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.runs.RunRow;
import dev.babysitter.agent.runs.RunTable;
import dev.babysitter.agent.session.EventWait;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.tools.logs.SecretScrubber;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code babysitter mcp}: the Model Context Protocol over stdio (the official Java SDK), so a
 * coding agent (Claude Code, Codex) can read a run and ask for the babysitter agent's actions.
 * The action tools are the babysitter agent's own ({@link GuardedTools#forCaller}): the same
 * executors with {@code PolicyGuard} in front, so a denial comes back as a tool error naming the
 * rule and an escalation as a tool error with the approval id the run's record holds. An
 * allowed action is proposed to the run's babysitter through its mailbox, as in the chat:
 * nothing here creates, kills or destroys anything by itself. Every text is scrubbed.
 */
public final class BabysitterMcpServer {
  /** Who a hold set through MCP is from: a client's agent, so it is advisory. */
  static final String AUTHOR = "mcp";
  static final int MAX_WAIT_SECONDS = 3600;
  private static final Pattern RESOURCE =
      Pattern.compile("babysitter://runs/([^/]+)/(logbook|status)");

  private final RunFactory factory;
  private final Clock clock;
  private final ToolTrace trace;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** {@code trace}: hears every guarded call and the guard's verdict (stderr: the client's log). */
  public BabysitterMcpServer(RunFactory factory, Clock clock, ToolTrace trace) {
    this.factory = factory;
    this.clock = clock;
    this.trace = trace;
  }

  /** Serves until {@code in} ends (the client closed the pipe or exited). */
  public void serve(InputStream in, OutputStream out, String version)
      throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched = new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        return ended(super.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return ended(super.read(b, off, len));
      }

      private int ended(int n) {
        if (n < 0) {
          ended.countDown();
        }
        return n;
      }
    };
    McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(
            McpJsonDefaults.getMapper(), watched, out))
        .serverInfo("babysitter", version)
        .instructions("Babysitter watches GPU training runs. Read with runs, status, tail_log, "
            + "nvidia_smi, checkpoints, logbook, guard_rules; wait with wait_for_event. Action "
            + "tools go through the run's PolicyGuard: a REFUSED or ESCALATED error means "
            + "nothing was done; an escalation needs the DRI (babysitter approve RUN ID).")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false)
            .resources(false, false).build())
        .requestTimeout(Duration.ofSeconds(MAX_WAIT_SECONDS + 60))
        .tools(tools())
        .resources(resources())
        .resourceTemplates(templates())
        .build();
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }

  /** Every tool: the babysitter agent's (guarded) and the MCP-only reads and wait. */
  List<SyncToolSpecification> tools() {
    List<SyncToolSpecification> out = new ArrayList<>();
    for (ToolSpecification spec : GuardedTools.babysitterSpecifications()) {
      out.add(new SyncToolSpecification(McpSchema.Tool.builder().name(spec.name())
          .description(spec.description() + " [run through the run's PolicyGuard]")
          .inputSchema(schema(spec)).build(), (exchange, request) -> guarded(spec.name(),
          request.arguments())));
    }
    out.add(tool("runs", "Every run: phase, step/final, rate, cost so far, ETA, next check, "
        + "instance (JSON)", Map.of(), List.of(), args -> runs()));
    out.add(tool("logbook", "The run's logbook (markdown), its last lines",
        Map.of("lines", prop("integer", "how many lines from the end (default 80)")),
        List.of(), this::logbook));
    out.add(tool("guard_rules", "The rules the run's PolicyGuard enforces, in words",
        Map.of(), List.of(), this::guardRules));
    out.add(tool("wait_for_event", "Block until the run is DONE, ALERTs, CRASHes, or "
        + "timeout_seconds pass (the `babysitter watch --until-event` contract); read-only",
        Map.of("timeout_seconds", prop("integer", "at most " + MAX_WAIT_SECONDS)),
        List.of("timeout_seconds"), this::waitForEvent));
    return out;
  }

  /** One guarded call: the executor the babysitter agent gets, for the run the caller names. */
  McpSchema.CallToolResult guarded(String name, Map<String, Object> arguments) {
    Map<String, Object> args = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
    Object run = args.remove("run");
    RunContext ctx;
    try {
      ctx = RunContext.open(factory, run == null ? null : run.toString(), clock);
    } catch (Exception e) {
      return error(SecretScrubber.fromEnvironment(System.getenv()).scrub(String.valueOf(
          e.getMessage())));
    }
    try {
      AiServiceTool tool = GuardedTools.forCaller(ctx.effects(), ctx.mailbox(), AUTHOR,
              ctx.guard(), clock, ctx.scrubber()::scrub, trace).stream()
          .filter(t -> t.toolSpecification().name().equals(name)).findFirst().orElseThrow();
      ToolExecutionResult result = tool.toolExecutor().executeWithContext(ToolExecutionRequest
          .builder().id("mcp-" + clock.millis()).name(name).arguments(json.writeValueAsString(
              args)).build(), InvocationContext.builder().chatMemoryId("mcp").build());
      String text = ctx.scrubber().scrub(String.valueOf(result.resultText()));
      return result.isError() ? error(text) : ok(text);
    } catch (Exception e) {
      return error(ctx.scrubber().scrub("tool failed: " + e.getMessage()));
    }
  }

  private McpSchema.CallToolResult runs() throws IOException {
    List<RunRow> rows = new ArrayList<>();
    for (RunRecord r : factory.store().all()) {
      rows.add(RunTable.row(r, clock.instant()));
    }
    return ok(SecretScrubber.fromEnvironment(System.getenv()).scrub(json.writeValueAsString(rows)));
  }

  private McpSchema.CallToolResult logbook(RunContext ctx, Map<String, Object> args)
      throws IOException {
    Path file = factory.logbookFile(ctx.spec());
    if (!Files.exists(file)) {
      return ok("no logbook yet at " + file.getFileName());
    }
    int lines = Math.max(1, Math.min(2000, intArg(args, "lines", 80)));
    List<String> all = Files.readAllLines(file);
    return ok(ctx.scrubber().scrub(String.join("\n", all.subList(Math.max(0,
        all.size() - lines), all.size()))));
  }

  private McpSchema.CallToolResult guardRules(RunContext ctx, Map<String, Object> args) {
    List<String> lines = new ArrayList<>(PolicyExplainer.explain(ctx.policy()));
    lines.add("Checks, in order (the first that objects decides): " + String.join(", ",
        ctx.guard().checks().stream().map(c -> c.name()).toList()));
    return ok(ctx.scrubber().scrub(String.join("\n", lines)));
  }

  private McpSchema.CallToolResult waitForEvent(RunContext ctx, Map<String, Object> args)
      throws Exception {
    if (ctx.record().instance == null) {
      return error("run '" + ctx.record().runName + "' has no instance: nothing to wait on");
    }
    int seconds = Math.max(1, Math.min(MAX_WAIT_SECONDS, intArg(args, "timeout_seconds", 60)));
    EventWait.Outcome outcome = new EventWait(factory, clock).await(ctx.spec(), ctx.record(),
        Duration.ofSeconds(seconds), line -> { });
    return ok(ctx.scrubber().scrub(outcome.event() + ": " + outcome.line()));
  }

  /** A tool that needs a run (unless it declares no run), its errors as tool errors. */
  private SyncToolSpecification tool(String name, String description,
      Map<String, Object> props, List<String> required, RunHandler handler) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("run", prop("string", "run name"));
    properties.putAll(props);
    List<String> req = new ArrayList<>(List.of("run"));
    req.addAll(required);
    return new SyncToolSpecification(McpSchema.Tool.builder().name(name).description(description)
        .inputSchema(Map.of("type", "object", "properties", properties, "required", req))
        .build(), (exchange, request) -> {
          Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
          RunContext ctx;
          try {
            ctx = RunContext.open(factory, args.get("run") == null ? null
                : args.get("run").toString(), clock);
            return handler.handle(ctx, args);
          } catch (Exception e) {
            return error(SecretScrubber.fromEnvironment(System.getenv()).scrub(name
                + " failed: " + e.getMessage()));
          }
        });
  }

  private SyncToolSpecification tool(String name, String description,
      Map<String, Object> props, List<String> required, NoRunHandler handler) {
    return new SyncToolSpecification(McpSchema.Tool.builder().name(name).description(description)
        .inputSchema(Map.of("type", "object", "properties", props, "required", required))
        .build(), (exchange, request) -> {
          try {
            return handler.handle(request.arguments());
          } catch (Exception e) {
            return error(SecretScrubber.fromEnvironment(System.getenv()).scrub(name
                + " failed: " + e.getMessage()));
          }
        });
  }

  @FunctionalInterface
  interface RunHandler {
    McpSchema.CallToolResult handle(RunContext ctx, Map<String, Object> args) throws Exception;
  }

  @FunctionalInterface
  interface NoRunHandler {
    McpSchema.CallToolResult handle(Map<String, Object> args) throws Exception;
  }

  /** The logbook and STATUS.md of every run, as resources and as templates for later runs. */
  private List<SyncResourceSpecification> resources() {
    List<SyncResourceSpecification> out = new ArrayList<>();
    try {
      for (RunRecord r : factory.store().all()) {
        for (String kind : List.of("logbook", "status")) {
          String uri = "babysitter://runs/" + r.runName + "/" + kind;
          out.add(new SyncResourceSpecification(McpSchema.Resource.builder().uri(uri)
              .name(r.runName + " " + kind).mimeType("text/markdown").description(
                  "logbook".equals(kind) ? "the run's logbook" : "STATUS.md of the run's "
                      + "logbook repository").build(), (exchange, request) -> read(request)));
        }
      }
    } catch (IOException e) {
      // no state yet: the templates still serve runs launched later
    }
    return out;
  }

  private List<SyncResourceTemplateSpecification> templates() {
    return List.of(template("logbook", "A run's logbook (markdown)"),
        template("status", "STATUS.md of a run's logbook repository"));
  }

  private SyncResourceTemplateSpecification template(String kind, String description) {
    return new SyncResourceTemplateSpecification(McpSchema.ResourceTemplate.builder()
        .uriTemplate("babysitter://runs/{run}/" + kind).name(kind).mimeType("text/markdown")
        .description(description).build(), (exchange, request) -> read(request));
  }

  private McpSchema.ReadResourceResult read(McpSchema.ReadResourceRequest request) {
    Matcher m = RESOURCE.matcher(request.uri());
    String text;
    if (!m.matches()) {
      text = "unknown resource " + request.uri();
    } else {
      try {
        RunContext ctx = RunContext.open(factory, m.group(1), clock);
        Path file = "logbook".equals(m.group(2)) ? factory.logbookFile(ctx.spec())
            : factory.logbookRepo(ctx.spec()).resolve("STATUS.md");
        text = Files.exists(file) ? ctx.scrubber().scrub(Files.readString(file))
            : "not written yet: " + file.getFileName();
      } catch (Exception e) {
        text = SecretScrubber.fromEnvironment(System.getenv()).scrub(String.valueOf(
            e.getMessage()));
      }
    }
    return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(
        request.uri(), "text/markdown", text)));
  }

  /** LangChain4j's parameters as an MCP input schema, with the run the call is about. */
  static Map<String, Object> schema(ToolSpecification spec) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("run", prop("string", "run name"));
    List<String> required = new ArrayList<>(List.of("run"));
    if (spec.parameters() != null) {
      spec.parameters().properties().forEach((name, element) -> properties.put(name,
          prop(type(element), description(element))));
      if (spec.parameters().required() != null) {
        required.addAll(spec.parameters().required());
      }
    }
    return Map.of("type", "object", "properties", properties, "required", required);
  }

  private static String type(JsonSchemaElement e) {
    return e instanceof JsonIntegerSchema ? "integer" : e instanceof JsonNumberSchema ? "number"
        : e instanceof JsonBooleanSchema ? "boolean" : "string";
  }

  private static String description(JsonSchemaElement e) {
    return e.description() == null ? "" : e.description();
  }

  private static Map<String, Object> prop(String type, String description) {
    return Map.of("type", type, "description", description);
  }

  private static int intArg(Map<String, Object> args, String name, int fallback) {
    Object v = args.get(name);
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return v == null ? fallback : Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static McpSchema.CallToolResult ok(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).isError(false).build();
  }

  private static McpSchema.CallToolResult error(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).isError(true).build();
  }
}
