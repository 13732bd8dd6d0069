package dev.babysitter.agent.hero;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.tools.wandb.WandbCredentials;
import dev.babysitter.tools.wandb.WandbGraphql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** W&B as a signal, against WireMock serving W&B's GraphQL answers through the real client. */
class WandbWatchTest {
  static final String KEY = "wandb-sekrit-0123456789abcdef0123456789abcdef";
  static final Duration CRUISE = Duration.ofMinutes(15);
  static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  @RegisterExtension
  static WireMockExtension wandb = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  WandbWatch watch;
  RunRecord record;

  /** As W&B answers: summaryMetrics is JSON inside a string, _timestamp in epoch seconds. */
  static String reply(String id, String display, String state, long step, Instant ts) {
    String summary = "{\\\"_step\\\": " + step + ", \\\"_timestamp\\\": " + ts.getEpochSecond()
        + ", \\\"train/loss\\\": 2.5}";
    return "{\"data\":{\"project\":{\"run\":{\"id\":\"UnVuOnYx\",\"name\":\"" + id
        + "\",\"displayName\":\"" + display + "\",\"state\":\"" + state
        + "\",\"heartbeatAt\":\"2026-12-01T12:00:00\",\"summaryMetrics\":\"" + summary
        + "\",\"historyKeys\":{}}}}}";
  }

  static void answer(String body) {
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson(body)));
  }

  @BeforeEach
  void setUp() {
    WandbGraphql client = new WandbGraphql(wandb.baseUrl(), WandbCredentials.of(KEY,
        "env WANDB_API_KEY"), new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30))
        .build());
    watch = new WandbWatch(client, new WandbWatch.Target("team", "proj", "abc123",
        List.of("train/loss")), CRUISE);
    record = new RunRecord();
  }

  @Test
  void asksOncePerCruiseAndRecordsTheDisplayNameSeenFirst() {
    answer(reply("abc123", "hero-7b", "running", 1000, T0));
    WandbWatch.Finding first = watch.check(record, T0, 1000L, 1.0, true);
    assertThat(first.run().metrics()).containsEntry("train/loss", 2.5);
    assertThat(first.alerts()).isEmpty();
    assertThat(first.warnings()).isEmpty();
    assertThat(record.wandbDisplayName).isEqualTo("hero-7b");

    assertThat(watch.check(record, T0.plus(CRUISE).minusSeconds(1), 1100L, 1.0, true).asked())
        .isFalse();
    wandb.verify(1, postRequestedFor(urlPathEqualTo("/graphql")));
    watch.check(record, T0.plus(CRUISE), 1900L, 1.0, true);
    wandb.verify(2, postRequestedFor(urlPathEqualTo("/graphql")));
  }

  @Test
  void aRenamedRunOrOneAheadOfTheLogIsIdentityDrift() {
    answer(reply("abc123", "hero-7b", "running", 1000, T0));
    watch.check(record, T0, 1000L, 1.0, true);

    answer(reply("abc123", "hero-7b-copy", "running", 1900, T0.plus(CRUISE)));
    WandbWatch.Finding renamed = watch.check(record, T0.plus(CRUISE), 1900L, 1.0, true);
    assertThat(renamed.alerts()).extracting(a -> a.kind()).containsExactly(AlertKind.WANDB_DRIFT);
    assertThat(renamed.alerts().get(0).evidence()).contains("hero-7b-copy", "\"hero-7b\"");
    assertThat(AlertKind.WANDB_DRIFT.toDriAtOnce()).isTrue();

    // Steps W&B has that the trainer has not logged, beyond a cadence of slack: another writer.
    answer(reply("abc123", "hero-7b", "running", 90_000, T0.plus(CRUISE.multipliedBy(2))));
    WandbWatch.Finding ahead = watch.check(record, T0.plus(CRUISE.multipliedBy(2)), 2800L, 1.0,
        true);
    assertThat(ahead.alerts()).singleElement().satisfies(a ->
        assertThat(a.evidence()).contains("step 90000", "another lineage"));
  }

  @Test
  void aMissingRunIsDrift() {
    answer("{\"data\":{\"project\":{\"run\":null}}}");
    assertThat(watch.check(record, T0, 10L, 1.0, true).alerts()).singleElement()
        .satisfies(a -> assertThat(a.evidence()).contains("no run team/proj/abc123"));
  }

  @Test
  void crashedWhileTheSupervisorRunsAndLaggingAreLogbookWarnings() {
    answer(reply("abc123", "hero-7b", "crashed", 1000, T0.minus(CRUISE).minusSeconds(60)));
    WandbWatch.Finding f = watch.check(record, T0, 1800L, 1.0, true);
    assertThat(f.alerts()).isEmpty();
    assertThat(f.warnings()).hasSize(2);
    assertThat(f.warnings().get(0)).contains("crashed while the supervisor runs");
    assertThat(f.warnings().get(1)).contains("lags the log", "step 1000", "step 1800");
  }

  @Test
  void rateLimitIsHonouredAndErrorsNameNoKey() {
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "3600")));
    WandbWatch.Finding limited = watch.check(record, T0, 10L, 1.0, true);
    assertThat(limited.warnings()).singleElement().satisfies(w ->
        assertThat(w).contains("429", "3600s"));
    // a cruise later is still inside W&B's Retry-After: not asked
    assertThat(watch.check(record, T0.plus(CRUISE), 10L, 1.0, true).asked()).isFalse();
    wandb.verify(1, postRequestedFor(urlPathEqualTo("/graphql")));

    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(aResponse().withStatus(401)));
    WandbWatch.Finding denied = watch.check(record, T0.plusSeconds(3600), 10L, 1.0, true);
    assertThat(denied.warnings()).singleElement().satisfies(w ->
        assertThat(w).contains("env WANDB_API_KEY").doesNotContain(KEY));
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(aResponse().withStatus(503)));
    assertThat(watch.check(record, T0.plusSeconds(7200), 10L, 1.0, true).warnings())
        .singleElement().satisfies(w -> assertThat(w).contains("503"));
  }

  @Test
  void theSealWaitsForFinishedAtTheFinalStep() {
    answer(reply("abc123", "hero-7b", "running", 4990, T0));
    watch.check(record, T0, 5000L, 1.0, true);
    assertThat(watch.sealCaveat(record, 5000)).contains("running at step 4990");
    answer(reply("abc123", "hero-7b", "finished", 5000, T0));
    watch.check(record, T0.plusSeconds(10), 5000L, null, false, true);
    assertThat(watch.sealCaveat(record, 5000)).isNull();
  }

  @Test
  void withoutIdOrKeyNothingIsAskedAndLaunchSaysSo() throws Exception {
    WandbWatch off = new WandbWatch(null, null, CRUISE);
    assertThat(off.active()).isFalse();
    assertThat(off.check(record, T0, 1L, 1.0, true).asked()).isFalse();
    assertThat(off.sealCaveat(record, 10)).isNull();
    wandb.verify(0, postRequestedFor(urlPathEqualTo("/graphql")));
    RunSpec none = HeroPlaybookGuardTest.spec("hero");
    assertThat(WandbWatch.launchNote(none, true, "env WANDB_API_KEY"))
        .contains("not watched", "nothing is asked");
  }
}
