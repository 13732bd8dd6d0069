package dev.babysitter.agent.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.babysitter.agent.llm.OpenAiBabysitterTest.answer;
import static dev.babysitter.agent.llm.OpenAiBabysitterTest.toolCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.Mailbox;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one alert costs in tokens: the NaN wake's conversation against WireMock (relaunch tried
 * and escalated, an issue comment, the summary), with a log as dense as a real trainer's. The
 * usage WireMock returns is scripted, so the figure comes from the requests themselves: each
 * captured body counted with the o200k tokenizer (gpt-4o-mini's), JSON keys included, so it
 * errs high. Printed so it can be quoted; bounded so the default per-run cap pays for a few.
 */
class TokensPerAlertTest {
  /** The default cap (200k a run a day) must pay for at least this many such wakes. */
  static final int WAKES_PER_DAY = 10;

  @RegisterExtension
  final WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();
  @TempDir Path dir;

  @Test
  void should_handle_a_nan_alert_within_a_tenth_of_the_daily_run_cap() throws Exception {
    // given: the three-turn NaN conversation of OpenAiBabysitterTest
    String[] turns = {toolCall("call_1", "relaunch",
            "{\"fromCheckpoint\":\"/out/checkpoints/step-10\",\"signature\":\"nan_loss\","
                + "\"why\":\"try again\"}"),
        toolCall("call_2", "comment_issue", "{\"body\":\"NaN at step 4196; needs the DRI\"}"),
        answer("Relaunch after NaN is escalated to the DRI; I commented on the issue.")};
    ScriptedModel.script(wm, ScriptedModel.OPENAI, turns);
    ModelFactory models = new ModelFactory(Map.of("OPENAI_API_KEY", "sk-test-wiremock-0000000",
        "BABYSITTER_BASE_URL", wm.baseUrl() + "/v1", "BABYSITTER_MODEL", "gpt-4o-mini"), dir);
    TokenMeter meter = new TokenMeter(dir.resolve("runs"), "tiny", "babysitter", null,
        GuardStates.CLOCK);
    RecordingEffects effects = new RecordingEffects(GuardStates.state().build(),
        Wakes.realisticLog());
    Policy policy = Policies.defaults();

    // when
    new BabysitterAgent(models.create(models.settings().orElseThrow(), List.of(meter)),
        new Prompts(List.of(TestPaths.repoRoot())).load("babysitter"),
        new PolicyGuard(policy, GuardStates.CLOCK), meter,
        new Mailbox(dir.resolve("runs/tiny/mailbox.jsonl"), s -> s), s -> s, GuardStates.CLOCK)
        .wake(Wakes.nan(effects.state, Wakes.realisticLog()), effects);

    // then
    OpenAiTokenCountEstimator tokens = new OpenAiTokenCountEstimator("gpt-4o-mini");
    List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(requests).hasSize(3);
    List<Integer> prompts = requests.stream()
        .map(r -> tokens.estimateTokenCountInText(r.getBodyAsString())).toList();
    // what the model wrote: the two tool calls' names and arguments, and the summary
    int completion = tokens.estimateTokenCountInText("relaunch {\"fromCheckpoint\":\"/out/"
        + "checkpoints/step-10\",\"signature\":\"nan_loss\",\"why\":\"try again\"}")
        + tokens.estimateTokenCountInText("comment_issue {\"body\":\"NaN at step 4196; needs "
        + "the DRI\"}")
        + tokens.estimateTokenCountInText("Relaunch after NaN is escalated to the DRI; I "
        + "commented on the issue.");
    int perAlert = prompts.stream().mapToInt(Integer::intValue).sum() + completion;
    long cap = policy.llm().maxTokensPerRunDay();
    System.out.printf("tokens per alert (NaN wake, 3 round trips, o200k estimate): prompts %s"
            + " + completion %d = %d; the per-run cap of %d pays for %d such wakes a day%n",
        prompts, completion, perAlert, cap, cap / perAlert);
    JsonNode first = new ObjectMapper().readTree(requests.get(0).getBodyAsString());
    String context = first.get("messages").get(1).get("content").asText();
    System.out.printf("  first request: system prompt %d, tool definitions %d, context %d "
            + "(of which the log %d) tokens%n",
        tokens.estimateTokenCountInText(first.get("messages").get(0).get("content").asText()),
        tokens.estimateTokenCountInText(first.get("tools").toString()),
        tokens.estimateTokenCountInText(context), tokens.estimateTokenCountInText(
            context.substring(context.indexOf("<log>"), context.indexOf("</log>"))));
    assertThat(perAlert).isLessThanOrEqualTo((int) (cap / WAKES_PER_DAY));
    // the context, not the conversation, is the cost: each round trip re-sends it
    assertThat(prompts.get(2) - prompts.get(0)).isLessThan(prompts.get(0) / 5);
  }
}
