package dev.babysitter.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.llm.GuardedTools;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.LocalRunFixture;
import dev.babysitter.agent.session.RunLauncher;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code babysitter mcp} as a coding agent meets it: a separate process on stdio, spoken to by
 * the MCP SDK's own client, about a real local run whose loss turns NaN.
 */
class McpStdioTest {
  @TempDir Path dir;

  @Test
  void should_list_wait_refuse_a_nan_relaunch_and_answer_status_over_stdio() throws Exception {
    // given: a run whose loss is NaN from step 5 (a slow trainer: the NaN outlasts the wait)
    LocalRunFixture run = new LocalRunFixture(dir, "nanrun", "\"python3 trainer/train.py "
        + "--steps 60 --out {output_root} --ckpt-every 10 --step-time 1\"",
        "{TRAINER_FAULTS: \"nan@5\", WANDB_API_KEY: \"wandb-secret-0123456789abcdef\"}",
        LocalRunFixture.demoPolicy());
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    McpSyncClient client = McpClient.sync(new StdioClientTransport(ServerParameters.builder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .args("-Dbabysitter.home=" + dev.babysitter.agent.TestPaths.repoRoot(), "-cp",
            System.getProperty("java.class.path"), "dev.babysitter.agent.cli.Main", "mcp",
            "--state", run.factory.workspace().root().toString())
        .build(), McpJsonDefaults.getMapper()))
        .requestTimeout(Duration.ofSeconds(180)).initializationTimeout(Duration.ofSeconds(120))
        .build();
    try {
      client.initialize();

      // when/then: every tool the babysitter agent has is there, with the reads and the wait
      System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] initialized");
      List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name)
          .toList();
      System.out.println("-> tools/list <- " + tools);
      assertThat(tools).containsAll(GuardedTools.babysitterSpecifications().stream()
          .map(t -> t.name()).toList());
      assertThat(tools).contains("runs", "logbook", "guard_rules", "wait_for_event",
          "relaunch", "kill_trainer", "status");

      // the wait returns on the NaN alert, well before its timeout
      McpSchema.CallToolResult waited = call(client, "wait_for_event",
          Map.of("run", "nanrun", "timeout_seconds", 150));
      assertThat(waited.isError()).isFalse();
      assertThat(text(waited)).startsWith("ALERT").containsIgnoringCase("nan");

      // a relaunch of the NaN run is escalated by never-relaunch, with an id approve knows
      McpSchema.CallToolResult relaunch = call(client, "relaunch",
          Map.of("run", "nanrun", "fromCheckpoint", "", "signature", "nan_loss",
              "why", "try again"));
      assertThat(relaunch.isError()).isTrue();
      assertThat(text(relaunch)).contains("ESCALATED", "never-relaunch");
      Matcher id = Pattern.compile("Approval id (A-[0-9a-f]{6})").matcher(text(relaunch));
      assertThat(id.find()).as(text(relaunch)).isTrue();
      RunRecord record = run.factory.store().load("nanrun").orElseThrow();
      assertThat(record.escalations).containsKey(id.group(1));
      assertThat(record.escalations.get(id.group(1)).status()).isEqualTo("pending");
      assertThat(record.relaunches).as("nothing was relaunched").isEmpty();

      // an allowed read: the status, scrubbed like everything else
      McpSchema.CallToolResult status = call(client, "status",
          Map.of("run", "nanrun"));
      assertThat(status.isError()).isFalse();
      assertThat(text(status)).contains("nanrun", id.group(1));
      McpSchema.CallToolResult log = call(client, "tail_log",
          Map.of("run", "nanrun", "lines", 5));
      assertThat(log.isError()).as(text(log)).isFalse();
      assertThat(text(log)).isNotBlank().doesNotContain("wandb-secret-0123456789abcdef");
      McpSchema.ReadResourceResult logbook = client.readResource(
          new McpSchema.ReadResourceRequest("babysitter://runs/nanrun/logbook"));
      assertThat(logbook.contents()).hasSize(1);
    } finally {
      client.closeGracefully();
      run.factory.provider(run.spec).destroy(launched.instance());
    }
  }

  /** The conversation, printed for the report (mvn -Dtest=McpStdioTest shows it). */
  private static McpSchema.CallToolResult call(McpSyncClient client, String tool,
      Map<String, Object> args) {
    System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] -> " + tool + " " + args);
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
    System.out.println("[" + java.time.LocalTime.now().withNano(0) + "] <- "
        + (Boolean.TRUE.equals(result.isError()) ? "ERROR " : "") + text(result).replace("\n",
        "\n   "));
    return result;
  }

  private static String text(McpSchema.CallToolResult result) {
    return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
        .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
  }
}
