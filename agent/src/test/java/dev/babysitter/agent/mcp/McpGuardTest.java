package dev.babysitter.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.llm.GuardedTools;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.Workspace;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every guarded tool the babysitter agent has is exposed over MCP, and none bypasses the guard. */
class McpGuardTest {
  /**
   * The tools with no action for the guard: two read the stored record, and a hold only makes
   * things safer (the test caught that it passes the guard; that is by design).
   */
  private static final Set<String> NO_ACTION = Set.of("status", "checkpoints", "hold_run");

  @TempDir Path dir;
  private RunFactory factory;
  private final List<String> verdicts = new ArrayList<>();
  private BabysitterMcpServer server;

  @BeforeEach
  void run() throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, String.join("\n", "name: tiny", "dri: octocat",
        "command: \"python3 train.py --out {output_root}\"", "output_root: " + dir.resolve("out"),
        "final_step: 10", "limits: {auto_destroy_after: 1h}",
        "logbook: {repo: " + dir.resolve("repo") + ", path: logbooks/tiny.md}",
        "env: {HF_TOKEN: hf_abcdefghijklmnopqrstuvwxyz0123}",
        "policy: " + Policies.file("default"), ""));
    factory = new RunFactory(new Workspace(dir.resolve("ws")), Clock.systemUTC(), dir);
    RunStore store = factory.store();
    RunRecord r = new RunRecord();
    r.runName = "tiny";
    r.specPath = spec.toString();
    r.phase = "running";
    store.save(r);
    server = new BabysitterMcpServer(factory, Clock.systemUTC(),
        (tool, args, verdict, detail) -> verdicts.add(tool + "=" + verdict));
  }

  @Test
  void should_expose_every_guarded_tool_and_decide_each_call_with_the_guard() throws Exception {
    List<String> exposed = server.tools().stream().map(t -> t.tool().name()).toList();
    for (ToolSpecification spec : GuardedTools.babysitterSpecifications()) {
      assertThat(exposed).contains(spec.name());
      verdicts.clear();

      McpSchema.CallToolResult result = server.guarded(spec.name(), arguments(spec));

      String text = ((McpSchema.TextContent) result.content().get(0)).text();
      assertThat(text).as(spec.name()).doesNotContain("not admitted by the guard",
          "hf_abcdefghijklmnopqrstuvwxyz0123");
      if (NO_ACTION.contains(spec.name())) {
        assertThat(verdicts).as(spec.name()).containsExactly(spec.name() + "=none");
      } else {
        // one verdict from the guard, before the tool ran
        assertThat(verdicts).as(spec.name()).hasSize(1);
        assertThat(verdicts.get(0)).as(spec.name()).matches(spec.name()
            + "=(allow|deny|escalate)");
      }
    }
  }

  @Test
  void should_escalate_destructive_tools_under_a_persons_hold_and_keep_a_models_hold_advisory()
      throws Exception {
    Mailbox mailbox = Mailbox.of(factory.store(), "tiny", s -> s);
    mailbox.post(new Mailbox.Message(Instant.now(), "person", "hold", "wait for me"));

    McpSchema.CallToolResult kill = server.guarded("kill_trainer", Map.of("run", "tiny",
        "reason", "looks stuck"));

    assertThat(kill.isError()).isTrue();
    assertThat(((McpSchema.TextContent) kill.content().get(0)).text())
        .contains("ESCALATED", "person-hold", "Approval id A-");
    assertThat(factory.store().load("tiny").orElseThrow().escalations).hasSize(1);

    server.guarded("hold_run", Map.of("run", "tiny", "reason", "the client agent says wait"));
    assertThat(mailbox.all().get(mailbox.all().size() - 1).from()).isEqualTo("mcp");
    assertThat(mailbox.hold()).startsWith("advisory");
  }

  @Test
  void should_refuse_an_unknown_run_as_a_tool_error() {
    McpSchema.CallToolResult r = server.guarded("relaunch", Map.of("run", "nope",
        "fromCheckpoint", "", "signature", "nccl", "why", "x"));
    assertThat(r.isError()).isTrue();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text()).contains("no run named");
  }

  private static Map<String, Object> arguments(ToolSpecification spec) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("run", "tiny");
    if (spec.parameters() != null) {
      spec.parameters().properties().forEach((name, e) -> args.put(name,
          e instanceof JsonIntegerSchema ? 5 : e instanceof JsonNumberSchema ? 1.5 : "x"));
    }
    return args;
  }
}
