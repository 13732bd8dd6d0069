package dev.babysitter.agent.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.babysitter.agent.llm.AnthropicRunnerChatTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.LocalRunFixture;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner chat plans a run: drafts a spec, gets its problems back, drafts it again, and
 * launches it on the local provider with the example trainer; the launcher's guard decides.
 */
class AnthropicRunnerLaunchTest {
  @RegisterExtension
  final WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  @TempDir Path dir;

  @Test
  void should_draft_fix_and_launch_one_instance_with_the_decision_in_the_logbook()
      throws Exception {
    // given: a work tree like the demo's; the model's first draft has a relative output root
    // and a DRI that is no GitHub login, the second is right and allows the dirty tree its own
    // draft makes
    LocalRunFixture ws = new LocalRunFixture(dir, "fixture",
        LocalRunFixture.trainerCommand(20), "{}", LocalRunFixture.demoPolicy());
    Map<String, Object> bad = draft("out/probe", "not a login!", "");
    Map<String, Object> good = draft(dir.resolve("out/probe").toString(), "octocat",
        "source: {git_sha: auto, allow_dirty: true}\n");
    script(tool("toolu_1", "draft_run_spec", bad), tool("toolu_2", "draft_run_spec", good),
        tool("toolu_3", "launch_run", Map.of("specPath", "runs/probe.yaml")),
        text("Launched probe."));
    Optional<Instance> launched = Optional.empty();
    RunSpec spec = null;
    try {
      // when
      String screen = chat(ws, "plan a 60-step probe of the trainer and launch it");
      spec = new RunSpecLoader().load(ws.repo.resolve("runs/probe.yaml"));
      launched = ws.factory.provider(spec).find("probe");

      // then: the problems came back as an error, every one of them, and nothing was written
      List<JsonNode> bodies = requests();
      assertThat(bodies).hasSize(4);
      JsonNode problems = toolResult(bodies.get(1));
      assertThat(problems.get("is_error").asBoolean()).isTrue();
      assertThat(problems.toString()).contains("INVALID", "output_root", "dri", "limits");
      JsonNode written = toolResult(bodies.get(2));
      assertThat(written.path("is_error").asBoolean(false)).as(written.toString()).isFalse();
      assertThat(written.toString()).contains("wrote runs/probe.yaml");
      // one instance, the one the tool named, recorded by the launcher
      assertThat(launched).isPresent();
      JsonNode launch = toolResult(bodies.get(3));
      assertThat(launch.path("is_error").asBoolean(false)).as(launch.toString()).isFalse();
      assertThat(launch.toString()).contains("launched: instance " + launched.get().id());
      RunRecord record = ws.factory.store().load("probe").orElseThrow();
      assertThat(record.instance.id()).isEqualTo(launched.get().id());
      assertThat(ws.factory.store().all()).extracting(r -> r.runName)
          .containsExactlyInAnyOrder("probe");
      assertThat(Files.readString(ws.factory.logbookFile(spec)))
          .contains("decision: launch_instance allow");
      assertThat(screen).contains("Launched probe.");
    } finally {
      if (launched.isPresent()) {
        ws.factory.provider(spec).destroy(launched.get());
      }
    }
  }

  @Test
  void should_return_the_launchers_refusal_as_an_error_naming_the_rule() throws Exception {
    // given: a valid draft without allow_dirty; the draft itself leaves the tree dirty
    LocalRunFixture ws = new LocalRunFixture(dir, "fixture",
        LocalRunFixture.trainerCommand(20), "{}", LocalRunFixture.demoPolicy());
    script(tool("toolu_1", "draft_run_spec", draft(dir.resolve("out/probe").toString(),
            "octocat", "")),
        tool("toolu_2", "launch_run", Map.of("specPath", "runs/probe.yaml")),
        text("The tree is dirty; commit the spec first."));

    // when
    chat(ws, "draft and launch a probe");

    // then
    JsonNode refusal = toolResult(requests().get(2));
    assertThat(refusal.get("is_error").asBoolean()).isTrue();
    assertThat(refusal.toString()).contains("REFUSED by rule launch-validation", "dirty",
        "runs/probe.yaml", "Nothing was launched");
    InstanceProvider provider = ws.factory.provider(new RunSpecLoader()
        .load(ws.repo.resolve("runs/probe.yaml")));
    assertThat(provider.find("probe")).isEmpty();
    assertThat(Files.readString(ws.factory.logbookFile(new RunSpecLoader()
        .load(ws.repo.resolve("runs/probe.yaml"))))).contains("decision: launch_instance deny",
        "launch-validation");
  }

  @Test
  void should_not_launch_from_the_chat_of_a_live_run_and_say_where_changes_go()
      throws Exception {
    LocalRunFixture ws = new LocalRunFixture(dir, "fixture",
        LocalRunFixture.trainerCommand(20), "{}", LocalRunFixture.demoPolicy());
    RunRecord live = new RunRecord();
    live.runName = "fixture";
    live.phase = "running";
    live.instance = new Instance("local-fixture", "fixture", "local", dir.toString(), "", 0.0, "cpu");
    script(tool("toolu_1", "launch_run", Map.of("specPath", "runs/fixture.yaml")),
        text("It is live; I proposed it instead."));

    chat(ws, live, "relaunch it");

    JsonNode refusal = toolResult(requests().get(1));
    assertThat(refusal.get("is_error").asBoolean()).isTrue();
    assertThat(refusal.toString()).contains("is live", "babysitter", "mailbox");
    assertThat(ws.factory.provider(ws.spec).find("fixture")).isEmpty();
  }

  private static Map<String, Object> draft(String outputRoot, String dri, String extra) {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("name", "probe");
    in.put("dri", dri);
    in.put("command", "python3 trainer/train.py --steps 60 --out {output_root} --ckpt-every 20"
        + " --step-time 0.2");
    in.put("outputRoot", outputRoot);
    in.put("finalStep", 60);
    in.put("policy", "policies/test.yaml");
    in.put("extraYaml", extra + (dri.equals("octocat")
        ? "limits: {auto_destroy_after: 30m, lease_timeout: 2m}\n"
            + "teardown: {on_done: destroy, on_failed: destroy}\n" : ""));
    return in;
  }

  private static String tool(String id, String name, Map<String, Object> input)
      throws Exception {
    return message(Map.of("type", "tool_use", "id", id, "name", name, "input", input),
        "tool_use");
  }

  private static String text(String text) throws Exception {
    return message(Map.of("type", "text", "text", text), "end_turn");
  }

  private void script(String... turns) {
    ScriptedModel.script(wm, ScriptedModel.ANTHROPIC, turns);
  }

  private String chat(LocalRunFixture ws, String question) throws Exception {
    RunRecord planning = new RunRecord();
    planning.runName = "new-run";
    return chat(ws, null, question, planning);
  }

  private String chat(LocalRunFixture ws, RunRecord live, String question) throws Exception {
    return chat(ws, live, question, live);
  }

  private String chat(LocalRunFixture ws, RunRecord chatRun, String question, RunRecord record)
      throws Exception {
    ModelFactory models = new ModelFactory(Map.of("ANTHROPIC_API_KEY",
        "sk-ant-test-000000000000", "BABYSITTER_MODEL", "claude-sonnet-4-5"), dir);
    ModelFactory.Settings s = models.settings().orElseThrow();
    s = new ModelFactory.Settings(s.provider(), s.model(), wm.baseUrl() + "/v1/", s.apiKey());
    Mailbox mailbox = new Mailbox(dir.resolve("mailbox.jsonl"), x -> x);
    ChatSession chat = new ChatSession(models.create(s, List.of()),
        new Prompts(List.of(TestPaths.repoRoot())).load("runner"),
        new PolicyGuard(Policies.defaults(), GuardStates.CLOCK),
        new ChatEffects(record, mailbox, x -> x, GuardStates.CLOCK), mailbox, x -> x,
        GuardStates.CLOCK, new RunPlanner(ws.factory, ws.repo, Clock.systemUTC(), chatRun));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chat.run(new BufferedReader(new StringReader(question + "\n/quit\n")),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private List<JsonNode> requests() {
    List<JsonNode> out = new ArrayList<>();
    wm.findAll(postRequestedFor(urlEqualTo("/v1/messages"))).forEach(r -> {
      try {
        out.add(AnthropicRunnerChatTest.JSON.readTree(r.getBodyAsString()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    return out;
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
}
