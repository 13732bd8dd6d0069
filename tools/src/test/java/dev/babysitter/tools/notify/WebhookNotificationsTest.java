package dev.babysitter.tools.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slack and Discord webhooks against WireMock, through the issues' outbox. */
class WebhookNotificationsTest {
  static final String SLACK_PATH = "/services/T000/B000/XXXXsecretXXXX";
  static final String DISCORD_PATH = "/api/webhooks/123/discordSECRETtoken";
  static final ObjectMapper JSON = new ObjectMapper();

  /** One server for the class (reset before each test): starting one is the slow part. */
  static WireMockServer server;

  @TempDir Path tmp;
  SteppedClock clock = new SteppedClock(Instant.parse("2026-12-06T12:00:00Z"));

  /** A clock the test moves by hand: Retry-After is honoured without waiting for real. */
  static final class SteppedClock extends Clock {
    private Instant now;

    SteppedClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeAll
  static void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  String url(String path) {
    return "http://localhost:" + server.port() + path;
  }

  Notifications slack() {
    return Notifications.fromEnvironment(Map.of("slack", "SLACK_WEBHOOK_URL"),
        Map.of("SLACK_WEBHOOK_URL", url(SLACK_PATH)), tmp, clock);
  }

  /** Bodies the service answered 2xx, in the order it received them. */
  List<JsonNode> accepted(String path) throws Exception {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events);
    List<JsonNode> out = new ArrayList<>();
    for (ServeEvent e : events) {
      if (e.getRequest().getUrl().equals(path) && e.getResponse().getStatus() / 100 == 2) {
        out.add(JSON.readTree(e.getRequest().getBodyAsString()));
      }
    }
    return out;
  }

  @Test
  void slackAndDiscordEachGetTheMessageInTheirOwnShape() throws Exception {
    server.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
    server.stubFor(post(DISCORD_PATH).willReturn(aResponse().withStatus(204)));
    Notifications n = Notifications.fromEnvironment(
        new java.util.LinkedHashMap<>(Map.of("slack", "SLACK_WEBHOOK_URL", "discord",
            "DISCORD_WEBHOOK_URL")),
        Map.of("SLACK_WEBHOOK_URL", url(SLACK_PATH), "DISCORD_WEBHOOK_URL", url(DISCORD_PATH)),
        tmp, clock);

    n.post("🤖 [tiny] **crash** on attempt 1 at step 24: @everyone NCCL error");

    assertThat(accepted(SLACK_PATH)).singleElement().satisfies(b ->
        assertThat(b.path("text").asText())
            .isEqualTo("🤖 [tiny] *crash* on attempt 1 at step 24: @everyone NCCL error"));
    assertThat(accepted(DISCORD_PATH)).singleElement().satisfies(b -> {
      assertThat(b.path("content").asText()).startsWith("🤖 [tiny] **crash**");
      assertThat(b.path("allowed_mentions").path("parse").isArray()).isTrue();
      assertThat(b.path("allowed_mentions").path("parse")).isEmpty();
    });
    assertThat(n.pendingCount()).isZero();
    assertThat(n.problems()).isEmpty();
    // Map.of has no order, so neither has this list (a spec's YAML mapping keeps its order).
    assertThat(n.describe()).containsExactlyInAnyOrder("Slack webhook ($SLACK_WEBHOOK_URL)",
        "Discord webhook ($DISCORD_WEBHOOK_URL)");
  }

  @Test
  void rateLimitedWaitsForRetryAfterThenSendsInOrderOnce() throws Exception {
    server.stubFor(post(SLACK_PATH).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
            .withBody("rate_limited")).willSetStateTo("open"));
    server.stubFor(post(SLACK_PATH).inScenario("limit").whenScenarioStateIs("open")
        .willReturn(aResponse().withStatus(200).withBody("ok")));
    Notifications n = slack();

    n.post("first");
    n.post("second"); // must not overtake the first, nor be tried inside the Retry-After
    n.flush();
    assertThat(n.pendingCount()).isEqualTo(2);
    server.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH)));

    clock.advance(Duration.ofSeconds(29));
    n.flush();
    server.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH)));

    clock.advance(Duration.ofSeconds(2));
    n.flush();
    n.flush();
    assertThat(n.pendingCount()).isZero();
    assertThat(accepted(SLACK_PATH)).extracting(b -> b.path("text").asText())
        .containsExactly("first", "second");
    server.verify(3, postRequestedFor(urlEqualTo(SLACK_PATH)));
  }

  @Test
  void serverErrorKeepsTheMessageAcrossARestartAndSendsItOnce() throws Exception {
    server.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(503)));
    Notifications before = slack();
    before.post("launched");
    before.post("sealed");
    assertThat(before.pendingCount()).isEqualTo(2);
    assertThat(before.failedCount()).isZero();
    server.verify(1, postRequestedFor(urlEqualTo(SLACK_PATH)));

    // The babysitter restarts: a new process reads the same outbox file.
    server.resetAll();
    server.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
    Notifications after = slack();
    assertThat(after.pendingCount()).isEqualTo(2);
    after.flush();
    after.flush();
    assertThat(after.pendingCount()).isZero();
    assertThat(accepted(SLACK_PATH)).extracting(b -> b.path("text").asText())
        .containsExactly("launched", "sealed");
    assertThat(slack().pendingCount()).isZero(); // a further restart owes nothing
  }

  @Test
  void anInvalidWebhookIsNamedByItsVariableNeverByItsUrl() throws Exception {
    server.stubFor(post(DISCORD_PATH).willReturn(aResponse().withStatus(404)
        .withBody("{\"message\": \"Unknown Webhook " + DISCORD_PATH + "\", \"code\": 10015}")));
    Notifications n = Notifications.fromEnvironment(Map.of("discord", "DISCORD_WEBHOOK_URL"),
        Map.of("DISCORD_WEBHOOK_URL", url(DISCORD_PATH)), tmp, clock);

    n.post("launched");
    n.post("crash"); // dropped without another call: the webhook is gone

    assertThat(n.problems()).singleElement().satisfies(p -> {
      assertThat(p).contains("$DISCORD_WEBHOOK_URL").contains("404").contains("invalid");
      assertThat(p).doesNotContain("discordSECRETtoken").doesNotContain(url(DISCORD_PATH));
    });
    assertThat(n.pendingCount()).isZero();
    assertThat(n.failedCount()).isEqualTo(2);
    server.verify(1, postRequestedFor(urlEqualTo(DISCORD_PATH)));
    String outbox = Files.readString(tmp.resolve("notify-discord.jsonl"));
    assertThat(outbox).contains("DISCORD_WEBHOOK_URL").doesNotContain("discordSECRETtoken");
  }

  @Test
  void goneWebhookAnd410AreInvalidToo() throws Exception {
    server.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(410)
        .withBody("no_service")));
    Notifications n = slack();
    n.post("launched");
    assertThat(n.problems()).singleElement().asString().contains("$SLACK_WEBHOOK_URL")
        .contains("410").contains("no_service").doesNotContain("XXXXsecretXXXX");
  }

  @Test
  void anUnreachableWebhookWaitsAndItsErrorHidesTheUrl() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort(); // closed below: nothing listens there
    }
    SlackWebhook hook = new SlackWebhook("SLACK_WEBHOOK_URL",
        "http://localhost:" + port + SLACK_PATH, null);
    NotifyException e = org.junit.jupiter.api.Assertions.assertThrows(NotifyException.class,
        () -> hook.send("x"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("$SLACK_WEBHOOK_URL").doesNotContain("XXXXsecretXXXX");
  }

  @Test
  void anUnsetVariableOrAPlainHttpUrlIsAProblemNotACrash() throws Exception {
    Notifications unset = Notifications.fromEnvironment(Map.of("slack", "SLACK_WEBHOOK_URL"),
        Map.of(), tmp, clock);
    assertThat(unset.isEmpty()).isTrue();
    assertThat(unset.problems()).containsExactly(
        "notify.slack: $SLACK_WEBHOOK_URL is not set; no slack messages for this run");
    unset.post("nothing happens");

    NotifyException e = org.junit.jupiter.api.Assertions.assertThrows(NotifyException.class,
        () -> new SlackWebhook("HOOK", "http://hooks.example.invalid/T/B/secretpart", null)
            .send("x"));
    assertThat(e.webhookInvalid()).isTrue();
    assertThat(e.getMessage()).contains("$HOOK").doesNotContain("secretpart");
  }

  @Test
  void retryAfterReadsSecondsFractionsAndDiscordsBody() {
    assertThat(WebhookPost.retryAfter("30", "")).isEqualTo(Duration.ofSeconds(30));
    assertThat(WebhookPost.retryAfter("0.25", "")).isEqualTo(Duration.ofMillis(250));
    assertThat(WebhookPost.retryAfter(null, "{\"retry_after\": 1.5, \"global\": false}"))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(WebhookPost.retryAfter("soon", "")).isNull();
  }

  @Test
  void aLongMessageIsClippedToTheServiceLimit() throws Exception {
    server.stubFor(post(DISCORD_PATH).willReturn(aResponse().withStatus(204)));
    new DiscordWebhook("D", url(DISCORD_PATH), null).send("x".repeat(5000));
    assertThat(accepted(DISCORD_PATH)).singleElement().satisfies(b -> assertThat(
        b.path("content").asText()).hasSize(DiscordWebhook.MAX_CHARS)
        .endsWith("(more in the logbook)"));
    server.verify(postRequestedFor(urlEqualTo(DISCORD_PATH))
        .withHeader("Content-Type", com.github.tomakehurst.wiremock.client.WireMock.containing("application/json")));
  }
}
