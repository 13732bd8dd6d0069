package dev.babysitter.tools.wandb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The run query against WireMock serving the shapes W&B's GraphQL endpoint answers with. */
class WandbGraphqlTest {
  static final String KEY = "wandb-sekrit-0123456789abcdef0123456789abcdef";

  /** As W&B answers: summaryMetrics is a JSON document inside a string, heartbeatAt has no zone. */
  static String runReply(String id, String display, String state, long step, double loss) {
    String summary = "{\\\"_step\\\": " + step + ", \\\"global_step\\\": " + step
        + ", \\\"_timestamp\\\": 1764000000.5, \\\"train/loss\\\": " + loss
        + ", \\\"_runtime\\\": 1234.5}";
    return "{\"data\":{\"project\":{\"run\":{\"id\":\"UnVuOnYxOmFiYw==\",\"name\":\"" + id
        + "\",\"displayName\":\"" + display + "\",\"state\":\"" + state
        + "\",\"heartbeatAt\":\"2025-11-24T16:00:00\",\"summaryMetrics\":\"" + summary
        + "\",\"historyKeys\":{\"keys\":{}}}}}}";
  }

  @RegisterExtension
  static WireMockExtension wandb = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  WandbGraphql client;

  @BeforeEach
  void setUp() {
    client = new WandbGraphql(wandb.baseUrl(), WandbCredentials.of(KEY, "env WANDB_API_KEY"),
        new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build());
  }

  @Test
  void readsStateIdentityStepTimestampAndNamedLosses() throws Exception {
    wandb.stubFor(post(urlPathEqualTo("/graphql"))
        .willReturn(okJson(runReply("abc123", "hero-7b", "running", 1200, 2.75))));

    WandbRun run = client.run("team", "proj", "abc123", List.of("train/loss", "eval/loss"))
        .orElseThrow();

    assertThat(run.id()).isEqualTo("abc123");
    assertThat(run.displayName()).isEqualTo("hero-7b");
    assertThat(run.state()).isEqualTo("running");
    assertThat(run.step()).isEqualTo(1200L);
    assertThat(run.timestamp()).isEqualTo(Instant.ofEpochMilli(1764000000500L));
    assertThat(run.heartbeatAt()).isEqualTo(Instant.parse("2025-11-24T16:00:00Z"));
    assertThat(run.metrics()).containsExactly(Map.entry("train/loss", 2.75));
    String basic = "Basic " + Base64.getEncoder().encodeToString(("api:" + KEY)
        .getBytes(StandardCharsets.UTF_8));
    wandb.verify(postRequestedFor(urlPathEqualTo("/graphql"))
        .withHeader("Authorization", equalTo(basic))
        .withRequestBody(matchingJsonPath("$.variables.project", equalTo("proj")))
        .withRequestBody(matchingJsonPath("$.variables.entity", equalTo("team")))
        .withRequestBody(matchingJsonPath("$.variables.name", equalTo("abc123")))
        .withRequestBody(matchingJsonPath("$.query", com.github.tomakehurst.wiremock.client
            .WireMock.containing("run(name: $name)"))));
  }

  @Test
  void unknownRunIsEmpty() throws Exception {
    wandb.stubFor(post(urlPathEqualTo("/graphql"))
        .willReturn(okJson("{\"data\":{\"project\":{\"run\":null}}}")));
    assertThat(client.run(null, "proj", "nope", List.of())).isEqualTo(Optional.empty());
  }

  @Test
  void rejectedKeyNamesItsSourceNeverTheKey() {
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(aResponse().withStatus(401)
        .withBody("{\"errors\":[{\"message\":\"user is not logged in " + KEY + "\"}]}")));
    WandbException e = catchThrowableOfType(WandbException.class,
        () -> client.run(null, "proj", "abc", List.of()));
    assertThat(e.kind()).isEqualTo(WandbException.Kind.AUTH);
    assertThat(e.getMessage()).contains("env WANDB_API_KEY").doesNotContain(KEY);
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(aResponse().withStatus(429)
        .withHeader("Retry-After", "42").withBody("rate limit exceeded")));
    WandbException e = catchThrowableOfType(WandbException.class,
        () -> client.run(null, "proj", "abc", List.of()));
    assertThat(e.kind()).isEqualTo(WandbException.Kind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void serverErrorIsTransient() {
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(aResponse().withStatus(502)
        .withBody("<html>bad gateway</html>")));
    WandbException e = catchThrowableOfType(WandbException.class,
        () -> client.run(null, "proj", "abc", List.of()));
    assertThat(e.kind()).isEqualTo(WandbException.Kind.TRANSIENT);
    assertThat(e.status()).isEqualTo(502);
  }

  @Test
  void graphqlErrorWithoutDataIsAQueryError() {
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson(
        "{\"errors\":[{\"message\":\"project not found\"}],\"data\":{\"project\":null}}")));
    assertThat(catchThrowableOfType(WandbException.class,
        () -> client.run(null, "proj", "abc", List.of())).getMessage())
        .contains("project not found");
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson(
        "{\"errors\":[{\"message\":\"Cannot query field\"}]}")));
    WandbException e = catchThrowableOfType(WandbException.class,
        () -> client.run(null, "proj", "abc", List.of()));
    assertThat(e.kind()).isEqualTo(WandbException.Kind.QUERY);
    assertThat(e.getMessage()).contains("Cannot query field");
  }

  @Test
  void keyFromEnvFirstThenNetrc(@TempDir Path home) throws Exception {
    assertThat(WandbCredentials.resolve(Map.of(), home)).isEmpty();
    Files.writeString(home.resolve(".netrc"), "machine github.com login x password ghp_other\n"
        + "machine api.wandb.ai\n  login user\n  password " + KEY + "\n");
    WandbCredentials fromNetrc = WandbCredentials.resolve(Map.of(), home).orElseThrow();
    assertThat(fromNetrc.source()).contains(".netrc").doesNotContain(KEY);
    assertThat(fromNetrc.secretForScrubber()).isEqualTo(KEY);
    assertThat(fromNetrc.toString()).doesNotContain(KEY);
    WandbCredentials fromEnv = WandbCredentials.resolve(Map.of("WANDB_API_KEY", "env-key-123"),
        home).orElseThrow();
    assertThat(fromEnv.source()).isEqualTo("env WANDB_API_KEY");
  }
}
