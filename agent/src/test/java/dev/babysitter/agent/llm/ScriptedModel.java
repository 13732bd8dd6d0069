package dev.babysitter.agent.llm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/** A model that answers a conversation's turns in order, as WireMock serves them. */
final class ScriptedModel {
  static final String OPENAI = "/v1/chat/completions";
  static final String ANTHROPIC = "/v1/messages";

  private ScriptedModel() {}

  /** Request i gets {@code turns[i]}; {@code path} is {@link #OPENAI} or {@link #ANTHROPIC}. */
  static void script(WireMockExtension wm, String path, String... turns) {
    String state = Scenario.STARTED;
    for (int i = 0; i < turns.length; i++) {
      String next = "turn-" + (i + 1);
      wm.stubFor(post(urlEqualTo(path)).inScenario("conversation").whenScenarioStateIs(state)
          .willSetStateTo(next).willReturn(aResponse()
              .withHeader("Content-Type", "application/json").withBody(turns[i])));
      state = next;
    }
  }
}
