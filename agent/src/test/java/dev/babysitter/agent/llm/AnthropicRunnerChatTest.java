package dev.babysitter.agent.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runner chat against WireMock serving Anthropic messages, with holds from the person. */
class AnthropicRunnerChatTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  final WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  @TempDir Path dir;

  static String message(Map<String, Object> block, String stop) throws Exception {
    return JSON.writeValueAsString(Map.of("id", "msg_1", "type", "message", "role", "assistant",
        "model", "claude-sonnet-4-5", "content", List.of(block), "stop_reason", stop,
        "usage", Map.of("input_tokens", 900, "output_tokens", 20)));
  }

  @Test
  void should_refuse_a_launch_over_the_price_cap_and_show_the_approval_id() throws Exception {
    // given: the person asks for an expensive launch; the model tries it, then explains
    String[] turns = {
        message(Map.of("type", "tool_use", "id", "toolu_1", "name", "launch_instance",
            "input", Map.of("dollarsPerHour", 9.0)), "tool_use"),
        message(Map.of("type", "tool_use", "id", "toolu_2", "name", "delete_checkpoint",
            "input", Map.of("path", "/out/checkpoints/step-9")), "tool_use"),
        message(Map.of("type", "text", "text", "$9/h is above the cap; escalated for the DRI. "
            + "Proposal: a cheaper offer."), "end_turn")};
    ScriptedModel.script(wm, ScriptedModel.ANTHROPIC, turns);
    ModelFactory models = new ModelFactory(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-000000000000",
        "BABYSITTER_MODEL", "claude-sonnet-4-5"), dir);
    ModelFactory.Settings s = models.settings().orElseThrow();
    s = new ModelFactory.Settings(s.provider(), s.model(), wm.baseUrl() + "/v1/", s.apiKey());
    RunRecord record = new RunRecord();
    record.runName = "tiny";
    // a stored run no babysitter watches: the chat records its escalations for `approve`
    dev.babysitter.agent.run.RunStore store = new dev.babysitter.agent.run.RunStore(
        dir.resolve("state"));
    store.save(record);
    Mailbox mailbox = Mailbox.of(store, "tiny", x -> x);
    ChatSession chat = new ChatSession(models.create(s, List.of()),
        new Prompts(List.of(TestPaths.repoRoot())).load("runner"),
        new PolicyGuard(Policies.defaults(), GuardStates.CLOCK),
        new ChatEffects(record, mailbox, x -> x, GuardStates.CLOCK, store), mailbox, x -> x,
        GuardStates.CLOCK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // when: a hold first (data, no model), then the question
    chat.run(new BufferedReader(new StringReader("/hold don't relaunch before I look\n"
        + "launch tiny on the big box at $9/h\n/quit\n")), new PrintStream(out, true,
        StandardCharsets.UTF_8));

    // then
    String screen = out.toString(StandardCharsets.UTF_8);
    assertThat(screen).contains("hold set", "above the cap");
    assertThat(mailbox.hold()).isEqualTo("don't relaunch before I look");
    List<JsonNode> bodies = wm.findAll(postRequestedFor(urlEqualTo("/v1/messages"))).stream()
        .map(r -> read(r.getBodyAsString())).toList();
    assertThat(bodies).hasSize(3);
    JsonNode result = toolResult(bodies.get(1));
    assertThat(result.get("is_error").asBoolean()).isTrue();
    // the hold comes first in the chain; without it the spend cap would answer
    assertThat(result.toString()).contains("ESCALATED", "person-hold", "Approval id A-");
    java.util.regex.Matcher id = java.util.regex.Pattern.compile("Approval id (A-[0-9a-f]{6})")
        .matcher(result.toString());
    assertThat(id.find()).isTrue();
    assertThat(store.load("tiny").orElseThrow().escalations).containsKey(id.group(1));
    // the person saw the call and the guard's verdict as it happened, with the same id
    assertThat(screen).contains("launch_instance", "guard: escalate", id.group(1));
    assertThat(toolResult(bodies.get(2)).toString()).contains("person-hold");
    assertThat(mailbox.all()).extracting(Mailbox.Message::text)
        .anyMatch(t -> t.contains("launch_instance") || t.contains("launch tiny"));
  }

  @Test
  void should_answer_without_a_model_only_with_commands() throws Exception {
    RunRecord record = new RunRecord();
    record.runName = "tiny";
    Mailbox mailbox = new Mailbox(dir.resolve("mailbox.jsonl"), x -> x);
    mailbox.post(new Mailbox.Message(GuardStates.NOW, "babysitter", "note", "killed the NaN trainer"));
    ChatSession chat = new ChatSession(null, "", new PolicyGuard(Policies.defaults(),
        GuardStates.CLOCK), new ChatEffects(record, mailbox, x -> x, GuardStates.CLOCK), mailbox,
        x -> x, GuardStates.CLOCK);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    chat.run(new BufferedReader(new StringReader("how is it?\n/release\n")),
        new PrintStream(out, true, StandardCharsets.UTF_8));

    String screen = out.toString(StandardCharsets.UTF_8);
    assertThat(screen).contains("killed the NaN trainer", ModelFactory.NOT_CONFIGURED,
        "hold released");
    assertThat(mailbox.hold()).isNull();
  }

  private static JsonNode toolResult(JsonNode body) {
    JsonNode messages = body.get("messages");
    for (JsonNode block : messages.get(messages.size() - 1).get("content")) {
      if ("tool_result".equals(block.path("type").asText())) {
        return block;
      }
    }
    throw new AssertionError("no tool_result in " + body);
  }

  private static JsonNode read(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
