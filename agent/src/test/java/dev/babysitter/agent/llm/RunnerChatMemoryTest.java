package dev.babysitter.agent.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.babysitter.agent.llm.AnthropicRunnerChatTest.message;
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
import dev.babysitter.tools.logs.SecretScrubber;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner chat across restarts, against WireMock serving Anthropic messages: the conversation
 * is kept per run (scrubbed), the babysitter's mail since the person last looked is shown once
 * and handed to the runner, and a person's instruction in plain words becomes a hold.
 */
class RunnerChatMemoryTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "ghp_PLANTEDtoken0123456789abcdefghijklmnop";
  @RegisterExtension
  final WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  @TempDir Path dir;
  Path runDir;
  Mailbox mailbox;
  SecretScrubber scrubber = SecretScrubber.fromEnvironment(Map.of());

  @BeforeEach
  void start() {
    runDir = dir.resolve("state/runs/tiny");
    mailbox = new Mailbox(runDir.resolve("mailbox.jsonl"), scrubber::scrub);
  }

  @Test
  void should_continue_the_conversation_in_a_new_chat_and_store_it_scrubbed() throws Exception {
    // given: the model answers twice; the person pastes a token in the first chat
    script(text("Noted: lr 3e-4 for the probe."), text("You said lr 3e-4."));

    // when: two chats, each a separate lifetime with its own store object on the same files
    chat("remember the probe uses lr 3e-4; my token is " + TOKEN + "\n/quit\n");
    chat("what lr did I say?\n/quit\n");

    // then: the second request carries the first exchange, with the token masked
    List<JsonNode> bodies = bodies();
    assertThat(bodies).hasSize(2);
    JsonNode messages = bodies.get(1).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0).toString()).contains("remember the probe uses lr 3e-4",
        "ghp_***");
    assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(1).toString()).contains("Noted: lr 3e-4 for the probe.");
    assertThat(messages.get(2).toString()).contains("what lr did I say?");
    Path stored = runDir.resolve("chat-runner-tiny.json");
    assertThat(Files.readString(stored)).contains("You said lr 3e-4.").doesNotContain(TOKEN);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/messages"))))
        .allSatisfy(r -> assertThat(r.getBodyAsString()).doesNotContain(TOKEN));
    assertThat(runDir.resolve("chat-runner-tiny.json.tmp")).doesNotExist();
  }

  @Test
  void should_scrub_every_string_a_message_carries_and_keep_only_the_window() {
    // the model echoes a secret into a tool call's arguments: a JSON string inside JSON
    FileChatMemoryStore store = new FileChatMemoryStore(runDir, scrubber::scrub);
    MessageWindowChatMemory memory = MessageWindowChatMemory.builder().id("runner-tiny")
        .maxMessages(4).chatMemoryStore(store).build();
    for (int i = 0; i < 9; i++) {
      memory.add(UserMessage.from("question " + i + " HF_TOKEN=\"" + TOKEN + "\""));
    }

    List<ChatMessage> back = new FileChatMemoryStore(runDir, scrubber::scrub)
        .getMessages("runner-tiny");
    assertThat(back).hasSize(4);
    assertThat(((UserMessage) back.get(3)).singleText())
        .isEqualTo("question 8 HF_TOKEN=\"***\"");
    assertThat(((UserMessage) back.get(0)).singleText()).startsWith("question 5 ");
  }

  @Test
  void should_show_the_babysitters_mail_once_and_give_the_runner_what_it_has_not_seen()
      throws Exception {
    // given: the babysitter acted before the person opened the first chat
    script(text("Two things: the trainer was stopped on NaN; its relaunch waits for the DRI."),
        text("Nothing new since."));
    babysitter("killed the NaN trainer at step 400");

    // when: a first chat only looks (and sets a hold); more mail; a second chat asks twice
    String first = chat("/hold wait for me\n/quit\n");
    babysitter("relaunch escalated to the DRI (rule never-relaunch), approval id A-1");
    String second = chat("what happened?\nanything else?\n/quit\n");

    // then: each note is shown once; the person's own hold is not echoed back as mail
    assertThat(first).contains("killed the NaN trainer").doesNotContain("relaunch escalated");
    assertThat(second).contains("relaunch escalated").doesNotContain("killed the NaN trainer")
        .doesNotContain("person hold");
    assertThat(second.indexOf("relaunch escalated"))
        .isLessThan(second.indexOf("Two things"));
    // the runner got both notes (it had seen neither), compact and labelled, and only once
    List<JsonNode> bodies = bodies();
    assertThat(bodies).hasSize(2);
    String asked = lastUser(bodies.get(0));
    assertThat(asked).contains("[Mailbox since the person last looked",
        "babysitter note: killed the NaN trainer at step 400",
        "babysitter note: relaunch escalated", "what happened?").doesNotContain("wait for me");
    assertThat(lastUser(bodies.get(1))).isEqualTo("anything else?");
    assertThat(Files.readString(mailbox.file()).lines()).hasSize(3); // appended, never rewritten
  }

  @Test
  void should_turn_the_persons_instruction_into_a_hold_that_stops_a_relaunch()
      throws Exception {
    // given: the person says it in words; the model sets the hold, then tries a relaunch anyway
    script(message(Map.of("type", "tool_use", "id", "toolu_1", "name", "hold_run",
            "input", Map.of("reason", "don't relaunch before I look")), "tool_use"),
        // (from scratch: a checkpoint missing from the listing would be refused outright, and a
        // refusal wins over asking the DRI)
        message(Map.of("type", "tool_use", "id", "toolu_2", "name", "relaunch", "input",
            Map.of("fromCheckpoint", "", "signature", "nccl",
                "why", "transient")), "tool_use"),
        text("On hold until you release it; the relaunch waits for the DRI."));

    // when
    String screen = chat("don't relaunch before I look\n/quit\n");

    // then: the hold is in the mailbox, where the babysit loop (another process) reads it
    // the model set it: recorded as the runner's (advisory), never as the person's
    Mailbox box = new Mailbox(runDir.resolve("mailbox.jsonl"), s -> s);
    assertThat(box.all()).filteredOn(m -> "hold".equals(m.kind()))
        .extracting(Mailbox.Message::from).containsExactly("runner");
    assertThat(box.hold()).isEqualTo("advisory, set by the runner agent: don't relaunch "
        + "before I look");
    assertThat(bodies().get(2).toString()).contains("ESCALATED", "person-hold");
    assertThat(screen).contains("On hold until you release it");
    // each tool call was shown with the guard's verdict as it happened
    assertThat(screen).contains("hold_run", "relaunch", "guard: escalate (rule person-hold");
  }

  private String chat(String input) throws Exception {
    ModelFactory models = new ModelFactory(Map.of("ANTHROPIC_API_KEY", "sk-ant-test-000000000000",
        "BABYSITTER_MODEL", "claude-sonnet-4-5"), dir);
    ModelFactory.Settings s = models.settings().orElseThrow();
    s = new ModelFactory.Settings(s.provider(), s.model(), wm.baseUrl() + "/v1/", s.apiKey());
    RunRecord record = new RunRecord();
    record.runName = "tiny";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ChatSession(models.create(s, List.of()),
        new Prompts(List.of(TestPaths.repoRoot())).load("runner"),
        new PolicyGuard(Policies.defaults(), GuardStates.CLOCK),
        new ChatEffects(record, mailbox, scrubber::scrub, GuardStates.CLOCK), mailbox,
        scrubber::scrub, GuardStates.CLOCK, null, new FileChatMemoryStore(runDir,
            scrubber::scrub))
        .run(new BufferedReader(new StringReader(input)),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private void babysitter(String text) throws Exception {
    mailbox.post(new Mailbox.Message(GuardStates.NOW, "babysitter", "note", text));
  }

  private void script(String... turns) {
    ScriptedModel.script(wm, ScriptedModel.ANTHROPIC, turns);
  }

  private static String text(String answer) throws Exception {
    return message(Map.of("type", "text", "text", answer), "end_turn");
  }

  private List<JsonNode> bodies() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (var r : wm.findAll(postRequestedFor(urlEqualTo("/v1/messages")))) {
      out.add(JSON.readTree(r.getBodyAsString()));
    }
    return out;
  }

  private static String lastUser(JsonNode body) {
    JsonNode messages = body.get("messages");
    JsonNode last = messages.get(messages.size() - 1);
    assertThat(last.get("role").asText()).isEqualTo("user");
    JsonNode content = last.get("content");
    return content.isTextual() ? content.asText() : content.get(0).get("text").asText();
  }
}
