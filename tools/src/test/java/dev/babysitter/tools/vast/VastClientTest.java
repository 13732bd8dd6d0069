package dev.babysitter.tools.vast;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.shell.Backoff;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every endpoint and error form of vast-api.md against WireMock, with the documented shapes. */
class VastClientTest {
  static final String KEY = "sekrit-vast-key-0123456789abcdef";
  static final String SOURCE = "env VAST_API_KEY";
  static final Backoff BACKOFF = new Backoff(4, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5));
  static final String INSTANCE = "/api/v0/instances/4242/?";
  static final String LIST = "/api/v1/instances/";

  @RegisterExtension
  static WireMockExtension vast = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  final List<Duration> sleeps = new ArrayList<>();
  VastClient client;

  @BeforeEach
  void setUp() {
    OkHttpClient http = new OkHttpClient.Builder()
        .readTimeout(Duration.ofMillis(400))
        .build();
    client = new VastClient(vast.baseUrl(), VastCredentials.of(KEY, SOURCE), http, BACKOFF,
        new Backoff(5, Duration.ofMillis(50), 1.5, Duration.ofSeconds(1)), sleeps::add);
  }

  static String res(String name) {
    try (InputStream in = VastClientTest.class.getResourceAsStream("/vast/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test resource vast/" + name, e);
    }
  }

  static CreateRequest request() {
    return new CreateRequest("pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime", 40,
        "babysit-run-42", "bash /root/onstart.sh", Map.of("HF_TOKEN", "hf-secret"));
  }

  // ---- search ----

  @Test
  void searchSendsFiltersWithBearerAndReturnsCheapestFirst() throws Exception {
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers.json"))));

    List<Offer> offers = client.searchOffers(new OfferQuery(List.of("RTX_4090"), 1, 24.0, 1.0,
        0.99, 40.0, 10));

    assertThat(offers).extracting(Offer::id).containsExactly(12345678L, 22222222L);
    assertThat(offers.get(0).hardware()).isEqualTo("4x RTX 4090 24GB");
    assertThat(offers.get(1).geolocation()).isEqualTo("Oregon, US");
    vast.verify(postRequestedFor(urlPathEqualTo("/api/v0/bundles/"))
        .withHeader("Authorization", equalTo("Bearer " + KEY))
        .withRequestBody(equalToJson("""
            {"gpu_name":{"in":["RTX 4090"]},"num_gpus":{"gte":1},"gpu_ram":{"gte":24000.0},
             "dph_total":{"lte":1.0},"reliability":{"gte":0.99},"disk_space":{"gte":40.0},
             "verified":{"eq":true},"rentable":{"eq":true},"rented":{"eq":false},
             "order":[["dph_total","asc"]],"limit":10}""", true, true)));
  }

  @Test
  void noMatchingOffersIsAnEmptyList() throws Exception {
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers-empty.json"))));
    assertThat(client.searchOffers(OfferQuery.any())).isEmpty();
  }

  // ---- create ----

  @Test
  void createReturnsTheNewContractAndHidesTheInstanceKey() throws Exception {
    vast.stubFor(put("/api/v0/asks/12345678/").willReturn(okJson(res("create-ok.json"))));

    CreateResult created = client.createInstance(12345678, request());

    assertThat(created.instanceId()).isEqualTo(4242);
    assertThat(created.adopted()).isFalse();
    assertThat(created.instanceApiKey()).isEqualTo("d15a0c0ffee-instance-key");
    assertThat(created.toString()).doesNotContain("d15a0c0ffee");
    assertThat(request().toString()).doesNotContain("hf-secret");
    vast.verify(putRequestedFor(urlPathEqualTo("/api/v0/asks/12345678/"))
        .withRequestBody(equalToJson("""
            {"image":"pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime","disk":40,
             "label":"babysit-run-42","onstart":"bash /root/onstart.sh","cancel_unavail":true,
             "env":{"HF_TOKEN":"hf-secret"}}""", true, true)));
  }

  @Test
  void offerGoneAs404SaysSoAndIsNotRetried() {
    vast.stubFor(put("/api/v0/asks/12345678/")
        .willReturn(aResponse().withStatus(404).withBody(res("create-no-such-ask-404.json"))));

    OfferGoneException e = catchThrowableOfType(OfferGoneException.class,
        () -> client.createInstance(12345678, request()));

    assertThat(e.offerId()).isEqualTo(12345678);
    assertThat(e.getMessage()).startsWith("offer 12345678 is gone").contains("next offer");
    vast.verify(exactly(1), putRequestedFor(anyUrl()));
  }

  @Test
  void offerGoneAs410MovesToTheNextOffer() throws Exception {
    vast.stubFor(put("/api/v0/asks/12345678/")
        .willReturn(aResponse().withStatus(410).withBody(res("create-no-such-ask-410.json"))));
    vast.stubFor(put("/api/v0/asks/22222222/").willReturn(okJson(res("create-ok.json"))));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers.json"))));

    CreateResult created = client.createFirstAvailable(client.searchOffers(OfferQuery.any()),
        request());

    assertThat(created.offerId()).isEqualTo(22222222);
    assertThat(created.instanceId()).isEqualTo(4242);
    vast.verify(exactly(2), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
  }

  @Test
  void whenEveryOfferIsGoneTheErrorListsThem() {
    vast.stubFor(put(urlPathMatching("/api/v0/asks/.*"))
        .willReturn(aResponse().withStatus(410).withBody(res("create-no-such-ask-410.json"))));
    List<Offer> offers = List.of(offer(1), offer(2));

    assertThatThrownBy(() -> client.createFirstAvailable(offers, request()))
        .isInstanceOf(OfferGoneException.class).hasMessageContaining("all 2 offers are gone");
  }

  @Test
  void createTimeoutIsReconciledByLabelWithExactlyOneCreate() throws Exception {
    // The create "happens" on the server (state moves on) but its reply comes too late.
    vast.stubFor(put("/api/v0/asks/12345678/").inScenario("create")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created")
        .willReturn(okJson(res("create-ok.json")).withFixedDelay(1500)));
    vast.stubFor(get(urlPathEqualTo(LIST)).inScenario("create")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(okJson(res("list-empty.json"))));
    vast.stubFor(get(urlPathEqualTo(LIST)).inScenario("create")
        .whenScenarioStateIs("created").willReturn(okJson(res("list-one.json"))));

    CreateResult created = client.createInstance(12345678, request());

    assertThat(created.adopted()).isTrue();
    assertThat(created.instanceId()).isEqualTo(4242);
    assertThat(created.instanceApiKey()).isNull();
    vast.verify(exactly(1), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
    vast.verify(getRequestedFor(urlPathEqualTo(LIST))
        .withQueryParam("select_filters", equalToJson("{\"label\":{\"eq\":\"babysit-run-42\"}}")));
    assertThat(client.findByLabel("babysit-run-42")).extracting(VastInstance::id)
        .containsExactly(4242L);
  }

  @Test
  void createTimeoutWithNothingToAdoptIsUncertainAndNeverRecreates() {
    vast.stubFor(put("/api/v0/asks/12345678/")
        .willReturn(okJson(res("create-ok.json")).withFixedDelay(1500)));
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(res("list-empty.json"))));

    VastException e = catchThrowableOfType(VastException.class,
        () -> client.createInstance(12345678, request()));

    assertThat(e.kind()).isEqualTo(VastException.Kind.UNCERTAIN);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("timed out", "no instance labelled babysit-run-42",
        "reconcile");
    vast.verify(exactly(1), putRequestedFor(anyUrl()));
    vast.verify(exactly(BACKOFF.attempts()), getRequestedFor(urlPathEqualTo(LIST)));
  }

  @Test
  void createGatewayErrorIsReconciledNotRetried() throws Exception {
    vast.stubFor(put("/api/v0/asks/12345678/").willReturn(aResponse().withStatus(502)));
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(res("list-one.json"))));

    assertThat(client.createInstance(12345678, request()).adopted()).isTrue();
    vast.verify(exactly(1), putRequestedFor(anyUrl()));
  }

  @Test
  void createRateLimitedIsReportedNotRetried() {
    vast.stubFor(put("/api/v0/asks/12345678/")
        .willReturn(aResponse().withStatus(429).withBody(res("create-429.json"))));

    VastException e = catchThrowableOfType(VastException.class,
        () -> client.createInstance(12345678, request()));

    assertThat(e.kind()).isEqualTo(VastException.Kind.RATE_LIMITED);
    assertThat(e.getMessage()).contains("threshold=4.5");
    vast.verify(exactly(1), putRequestedFor(anyUrl()));
    assertThat(sleeps).isEmpty();
  }

  // ---- show / list ----

  @Test
  void showFollowsProvisioningLoadingRunning() throws Exception {
    String[] bodies = {"instance-null.json", "instance-provisioning.json", "instance-loading.json",
        "instance-running.json"};
    String state = Scenario.STARTED;
    for (int i = 0; i < bodies.length; i++) {
      String next = i + 1 < bodies.length ? "step-" + (i + 1) : state;
      vast.stubFor(get(urlPathMatching("/api/v0/instances/4242/?"))
          .withQueryParam("owner", equalTo("me")).inScenario("boot").whenScenarioStateIs(state)
          .willSetStateTo(next).willReturn(okJson(res(bodies[i]))));
      state = next;
    }

    assertThat(client.showInstance(4242)).isEmpty();
    VastInstance provisioning = client.showInstance(4242).orElseThrow();
    VastInstance loading = client.showInstance(4242).orElseThrow();
    VastInstance running = client.showInstance(4242).orElseThrow();
    assertThat(client.showInstance(4242)).contains(running);

    assertThat(provisioning.state()).isEqualTo(InstanceState.LOADING);
    assertThat(loading.state()).isEqualTo(InstanceState.LOADING);
    assertThat(loading.startupError()).isEmpty();
    assertThat(running.state()).isEqualTo(InstanceState.RUNNING);
    assertThat(running.publicIpaddr()).isEqualTo("63.135.50.11");
    assertThat(running.sshEndpoint()).contains(
        new VastInstance.SshEndpoint("root", "63.135.50.11", 20000));
    // Not running yet, no direct ports: the proxy address.
    assertThat(loading.sshEndpoint()).contains(
        new VastInstance.SshEndpoint("root", "ssh2281.vast.ai", 10882));
  }

  @Test
  void startupErrorsAndTerminalStatesAreRecognised() throws Exception {
    vast.stubFor(get(urlPathMatching(INSTANCE)).willReturn(okJson(res("instance-created-error.json"))));

    VastInstance failed = client.showInstance(4242).orElseThrow();

    assertThat(failed.state()).isEqualTo(InstanceState.LOADING);
    assertThat(failed.startupError()).get().asString().contains("OCI runtime create failed");
    assertThat(withStatus(failed, "exited").state()).isEqualTo(InstanceState.EXITED);
    assertThat(withStatus(failed, "offline").state()).isEqualTo(InstanceState.OFFLINE);
    assertThat(withStatus(failed, "unknown").state()).isEqualTo(InstanceState.OFFLINE);
  }

  @Test
  void showOfAMissingInstanceIsEmptyFor404Too() throws Exception {
    vast.stubFor(get(urlPathMatching(INSTANCE))
        .willReturn(aResponse().withStatus(404).withBody(res("destroy-404.json"))));
    assertThat(client.showInstance(4242)).isEmpty();
  }

  @Test
  void listFollowsNextTokenAcrossPages() throws Exception {
    vast.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("after_token", absent())
        .willReturn(okJson(res("list-page1.json"))));
    vast.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("after_token", equalTo("tok-page-2"))
        .willReturn(okJson(res("list-page2.json"))));

    assertThat(client.listInstances()).extracting(VastInstance::id)
        .containsExactly(4242L, 5151L, 6161L);
    vast.verify(exactly(2), getRequestedFor(urlPathEqualTo(LIST)));
  }

  @Test
  void findByLabelIgnoresOtherLabelsEvenIfTheServerDoesNotFilter() throws Exception {
    vast.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("after_token", absent())
        .willReturn(okJson(res("list-page1.json"))));
    vast.stubFor(get(urlPathEqualTo(LIST)).withQueryParam("after_token", equalTo("tok-page-2"))
        .willReturn(okJson(res("list-page2.json"))));

    assertThat(client.findByLabel("someone-else")).extracting(VastInstance::id)
        .containsExactly(5151L, 6161L);
  }

  // ---- label / destroy / logs / user ----

  @Test
  void labelPutsTheLabelAndMissingInstanceIsNotFound() throws Exception {
    vast.stubFor(put("/api/v0/instances/4242/").willReturn(okJson(res("label-ok.json"))));
    vast.stubFor(put("/api/v0/instances/4343/")
        .willReturn(aResponse().withStatus(404).withBody(res("label-404.json"))));

    client.label(4242, "babysit-run-42-b");

    vast.verify(putRequestedFor(urlPathEqualTo("/api/v0/instances/4242/"))
        .withRequestBody(equalToJson("{\"label\":\"babysit-run-42-b\"}")));
    VastException e = catchThrowableOfType(VastException.class,
        () -> client.label(4343, "x"));
    assertThat(e.kind()).isEqualTo(VastException.Kind.NOT_FOUND);
    assertThat(e.getMessage()).contains("Instance 4242 not found");
  }

  @Test
  void destroyIsIdempotentAndRetriedWhenRateLimited() throws Exception {
    vast.stubFor(delete("/api/v0/instances/4242/").inScenario("destroy")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("allowed")
        .willReturn(aResponse().withStatus(429).withBody(res("destroy-429.json"))));
    vast.stubFor(delete("/api/v0/instances/4242/").inScenario("destroy")
        .whenScenarioStateIs("allowed").willSetStateTo("gone")
        .willReturn(okJson(res("success.json"))));
    vast.stubFor(delete("/api/v0/instances/4242/").inScenario("destroy")
        .whenScenarioStateIs("gone")
        .willReturn(aResponse().withStatus(404).withBody(res("destroy-404.json"))));

    assertThat(client.destroy(4242)).isTrue();
    assertThat(client.destroy(4242)).isFalse();
    vast.verify(exactly(3), deleteRequestedFor(urlPathEqualTo("/api/v0/instances/4242/"))
        .withRequestBody(equalToJson("{}")));
    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void logsArePolledUntilReadyWithoutSendingOurKeyToTheStore() throws Exception {
    vast.stubFor(put("/api/v0/instances/request_logs/4242/")
        .withRequestBody(matchingJsonPath("$.tail", equalTo("200")))
        .willReturn(okJson("{\"success\":true,\"result_url\":\"" + vast.baseUrl()
            + "/s3/logs/4242.log\",\"msg\":\"ok\"}")));
    vast.stubFor(get("/s3/logs/4242.log").inScenario("logs").whenScenarioStateIs(Scenario.STARTED)
        .willSetStateTo("ready").willReturn(aResponse().withStatus(404)));
    vast.stubFor(get("/s3/logs/4242.log").inScenario("logs").whenScenarioStateIs("ready")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
            .withBody("step 1 loss 2.3\nstep 2 loss 2.1\n")));

    assertThat(client.containerLogs(4242, 200)).isEqualTo("step 1 loss 2.3\nstep 2 loss 2.1\n");
    vast.verify(exactly(2), getRequestedFor(urlPathEqualTo("/s3/logs/4242.log"))
        .withHeader("Authorization", absent()));
  }

  @Test
  void logsForAnUnknownInstanceAreNotFound() {
    vast.stubFor(put("/api/v0/instances/request_logs/4242/")
        .willReturn(aResponse().withStatus(404).withBody(res("logs-404.json"))));
    VastException e = catchThrowableOfType(VastException.class,
        () -> client.containerLogs(4242, 100));
    assertThat(e.kind()).isEqualTo(VastException.Kind.NOT_FOUND);
    assertThat(e.getMessage()).contains("Invalid instance id.");
  }

  @Test
  void currentUserReadsCreditAndDropsTheApiKey() throws Exception {
    vast.stubFor(get("/api/v0/users/current/").willReturn(okJson(res("user.json"))));
    VastUser user = client.currentUser();
    assertThat(user.credit()).isEqualTo(25.0);
    assertThat(user.email()).isEqualTo("t@x");
    assertThat(user.toString()).doesNotContain("REDACT-user-api-key");
  }

  // ---- error forms ----

  @Test
  void badKeyAs401NamesTheKeySourceAndIsNotRetried() {
    vast.stubFor(get("/api/v0/users/current/")
        .willReturn(aResponse().withStatus(401).withBody(res("auth-error.json"))));

    VastException e = catchThrowableOfType(VastException.class, client::currentUser);

    assertThat(e.kind()).isEqualTo(VastException.Kind.AUTH);
    assertThat(e.getMessage()).contains("env VAST_API_KEY", "Invalid user key", "401")
        .doesNotContain(KEY);
    vast.verify(exactly(1), getRequestedFor(anyUrl()));
  }

  @Test
  void badKeyAs404IsStillAnAuthError() {
    vast.stubFor(post("/api/v0/bundles/")
        .willReturn(aResponse().withStatus(404).withBody(res("auth-error.json"))));
    vast.stubFor(put("/api/v0/asks/1/")
        .willReturn(aResponse().withStatus(404).withBody(res("auth-error.json"))));
    vast.stubFor(get(urlPathEqualTo(LIST))
        .willReturn(aResponse().withStatus(403).withBody(res("auth-missing.json"))));

    assertThat(catchThrowableOfType(VastException.class,
        () -> client.searchOffers(OfferQuery.any())).kind()).isEqualTo(VastException.Kind.AUTH);
    // Not mistaken for "offer gone" on create either.
    assertThat(catchThrowableOfType(VastException.class,
        () -> client.createInstance(1, request()))).isNotInstanceOf(OfferGoneException.class)
        .extracting(VastException::kind).isEqualTo(VastException.Kind.AUTH);
    assertThat(catchThrowableOfType(VastException.class, client::listInstances).getMessage())
        .contains("This action requires login.");
  }

  @Test
  void rateLimitWithoutRetryAfterBacksOffOurselves() throws Exception {
    vast.stubFor(get("/api/v0/users/current/").inScenario("rl")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
        .willReturn(aResponse().withStatus(429).withBody("API requests too frequent")));
    vast.stubFor(get("/api/v0/users/current/").inScenario("rl").whenScenarioStateIs("ok")
        .willReturn(okJson(res("user.json"))));

    assertThat(client.currentUser().id()).isEqualTo(1);
    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void rateLimitWithRetryAfterWaitsAsAsked() throws Exception {
    vast.stubFor(get("/api/v0/users/current/").inScenario("rl")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ok")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
            .withBody("API requests too frequent: endpoint threshold=2.0")));
    vast.stubFor(get("/api/v0/users/current/").inScenario("rl").whenScenarioStateIs("ok")
        .willReturn(okJson(res("user.json"))));

    client.currentUser();
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void serverErrorsThenSuccessRetriesWithGrowingBackoff() throws Exception {
    vast.stubFor(get(urlPathMatching(INSTANCE)).inScenario("5xx")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("again")
        .willReturn(aResponse().withStatus(503).withBody("<html>Service Unavailable</html>")));
    vast.stubFor(get(urlPathMatching(INSTANCE)).inScenario("5xx").whenScenarioStateIs("again")
        .willSetStateTo("up").willReturn(aResponse().withStatus(502)));
    vast.stubFor(get(urlPathMatching(INSTANCE)).inScenario("5xx").whenScenarioStateIs("up")
        .willReturn(okJson(res("instance-running.json"))));

    assertThat(client.showInstance(4242)).isPresent();
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void persistentServerErrorGivesUpAfterTheLastAttempt() {
    vast.stubFor(get(urlPathMatching(INSTANCE)).willReturn(aResponse().withStatus(504)));

    VastException e = catchThrowableOfType(VastException.class, () -> client.showInstance(4242));

    assertThat(e.kind()).isEqualTo(VastException.Kind.TRANSIENT);
    assertThat(e.status()).isEqualTo(504);
    vast.verify(exactly(BACKOFF.attempts()), getRequestedFor(anyUrl()));
  }

  @Test
  void readTimeoutsAndResetsAreRetried() throws Exception {
    vast.stubFor(get(urlPathMatching(INSTANCE)).inScenario("slow")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset")
        .willReturn(okJson(res("instance-running.json")).withFixedDelay(1500)));
    vast.stubFor(get(urlPathMatching(INSTANCE)).inScenario("slow").whenScenarioStateIs("reset")
        .willSetStateTo("fast")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    vast.stubFor(get(urlPathMatching(INSTANCE)).inScenario("slow").whenScenarioStateIs("fast")
        .willReturn(okJson(res("instance-running.json"))));

    assertThat(client.showInstance(4242)).isPresent();
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void malformedJsonIsAClearErrorAndNotRetried() {
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("malformed.json"))));

    VastException e = catchThrowableOfType(VastException.class,
        () -> client.searchOffers(OfferQuery.any()));

    assertThat(e.kind()).isEqualTo(VastException.Kind.MALFORMED);
    assertThat(e.getMessage()).contains("search offers", "malformed JSON", "\"offers\"");
    vast.verify(exactly(1), postRequestedFor(anyUrl()));
  }

  @Test
  void successFalseInA200IsAFailure() {
    vast.stubFor(put("/api/v0/asks/1/").willReturn(okJson(
        "{\"success\":false,\"error\":\"insufficient_credit\",\"msg\":\"Not enough credit\"}")));
    VastException e = catchThrowableOfType(VastException.class,
        () -> client.createInstance(1, request()));
    assertThat(e.kind()).isEqualTo(VastException.Kind.REJECTED);
    assertThat(e.getMessage()).contains("Not enough credit");
  }

  @Test
  void theKeyNeverAppearsInErrorsEvenWhenTheServerEchoesIt() {
    vast.stubFor(get("/api/v0/users/current/").willReturn(aResponse().withStatus(401)
        .withBody("{\"success\":false,\"error\":\"auth_error\",\"msg\":\"Invalid user key "
            + KEY + "\"}")));
    vast.stubFor(post("/api/v0/bundles/").willReturn(aResponse().withStatus(400)
        .withBody("bad request for key " + KEY)));
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("{\"oops\": \"" + KEY)));

    List<Throwable> errors = List.of(
        catchThrowableOfType(VastException.class, client::currentUser),
        catchThrowableOfType(VastException.class, () -> client.searchOffers(OfferQuery.any())),
        catchThrowableOfType(VastException.class, client::listInstances));

    assertThat(errors).allSatisfy(e -> {
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).doesNotContain(KEY).contains("<redacted>");
      assertThat(e.toString()).doesNotContain(KEY);
    });
    assertThat(client.describe()).doesNotContain(KEY).contains(SOURCE);
  }

  @Test
  void baseUrlComesFromVastUrl() {
    assertThat(VastClient.baseUrl(Map.of())).isEqualTo("https://console.vast.ai");
    assertThat(VastClient.baseUrl(Map.of("VAST_URL", "http://localhost:1234 ")))
        .isEqualTo("http://localhost:1234");
  }

  private static Offer offer(long id) {
    return new Offer(id, id, null, null, "RTX 4090", 1, 24576.0, null, null, null, 0.3, 0.99,
        null, "verified", true, null, null, null, null, null, null);
  }

  private static VastInstance withStatus(VastInstance i, String status) {
    return new VastInstance(i.id(), i.label(), status, i.intendedStatus(), i.curState(),
        i.nextState(), i.statusMsg(), i.sshHost(), i.sshPort(), i.publicIpaddr(), i.ports(),
        i.imageUuid(), i.imageRuntype(), i.dphTotal(), i.startDate(), i.endDate(), i.numGpus(),
        i.gpuName(), i.gpuRam(), i.machineId(), i.diskSpace());
  }
}
