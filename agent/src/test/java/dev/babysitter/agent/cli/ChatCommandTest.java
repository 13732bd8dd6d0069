package dev.babysitter.agent.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** babysitter chat RUN as a person uses it: stdin in, the transcript out, memory on disk. */
class ChatCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  final WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  @TempDir Path dir;
  private RunStore store;

  @BeforeEach
  void run() throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, String.join("\n", "name: tiny", "dri: octocat",
        "command: \"python3 train.py --out {output_root}\"", "output_root: " + dir.resolve("out"),
        "final_step: 10", "limits: {auto_destroy_after: 1h}",
        "policy: " + Policies.file("default"), ""));
    store = new RunStore(dir.resolve("state/state"));
    RunRecord r = new RunRecord();
    r.runName = "tiny";
    r.specPath = spec.toString();
    r.phase = "running";
    store.save(r);
    Mailbox.of(store, "tiny", s -> s).post(new Mailbox.Message(Instant.now(), "babysitter",
        "note", "relaunched after nccl from step-20; rate back to baseline"));
  }

  private static String answer(String text) throws Exception {
    return JSON.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion",
        "created", 1700000000, "model", "gpt-4o-mini", "choices", List.of(Map.of("index", 0,
            "finish_reason", "stop", "message", Map.of("role", "assistant", "content", text))),
        "usage", Map.of("prompt_tokens", 900, "completion_tokens", 20, "total_tokens", 920)));
  }

  private String chat(Map<String, String> env, String typed) {
    ChatCommand command = new ChatCommand();
    command.env = env;
    command.home = dir.resolve("home");
    command.prompts = new dev.babysitter.agent.llm.Prompts(List.of(
        dev.babysitter.agent.TestPaths.repoRoot()));
    command.in = new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    command.out = new PrintStream(screen, true, StandardCharsets.UTF_8);
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = Main.handled(new picocli.CommandLine(command));
    cli.setErr(new java.io.PrintWriter(err, true));
    int rc = cli.execute("tiny", "--state", dir.resolve("state").toString());
    assertThat(rc).as(err::toString).isZero();
    return screen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theBabysittersMailComesFirstAndTheNextChatContinuesTheConversation() throws Exception {
    wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(answer("It crashed with an NCCL error and was relaunched from step-20."))));
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-test-0000000000000000",
        "BABYSITTER_MODEL", "gpt-4o-mini", "BABYSITTER_BASE_URL", wm.baseUrl() + "/v1");

    String first = chat(env, "what happened while I was away?\n");

    assertThat(first).contains("relaunched after nccl from step-20",
        "It crashed with an NCCL error");
    assertThat(first.indexOf("relaunched after nccl")).isLessThan(first.indexOf("It crashed"));

    String second = chat(env, "and now?\n");

    assertThat(second).doesNotContain("relaunched after nccl from step-20"); // already shown
    String lastRequest = wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))
        .get(1).getBodyAsString();
    assertThat(lastRequest).contains("what happened while I was away?",
        "It crashed with an NCCL error", "and now?");
  }

  @Test
  void withoutAModelItSaysSoInOneLineAndHoldsStillWork() throws Exception {
    String screen = chat(Map.of(), "/hold don't relaunch before I look\n");

    assertThat(screen).contains("no LLM configured", "the playbook keeps babysitting alone",
        "hold set");
    assertThat(Mailbox.of(store, "tiny", s -> s).hold()).contains("don't relaunch before I look");
  }

  @Test
  void should_fail_in_one_line_with_a_non_zero_exit_when_the_model_is_unreachable()
      throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort(); // nothing listens here once it is closed
    }
    ChatCommand command = new ChatCommand();
    command.env = Map.of("OPENAI_API_KEY", "sk-test-0000000000000000", "BABYSITTER_MODEL",
        "gpt-4o-mini", "BABYSITTER_BASE_URL", "http://127.0.0.1:" + closed + "/v1");
    command.home = dir.resolve("home");
    command.prompts = new dev.babysitter.agent.llm.Prompts(List.of(
        dev.babysitter.agent.TestPaths.repoRoot()));
    command.in = new ByteArrayInputStream("how is it going?\nand now?\n".getBytes(
        StandardCharsets.UTF_8));
    command.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = Main.handled(new picocli.CommandLine(command));
    cli.setErr(new java.io.PrintWriter(err, true));

    int rc = cli.execute("tiny", "--state", dir.resolve("state").toString());

    assertThat(rc).isEqualTo(ExitCodes.FAILURE);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("the model endpoint is unreachable")
        .doesNotContain("sk-test-0000000000000000");
  }
}
