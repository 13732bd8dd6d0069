package dev.babysitter.tools.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.babysitter.tools.shell.Backoff;
import dev.babysitter.tools.supervisor.SupervisorConfig;
import dev.babysitter.tools.vast.VastClient;
import dev.babysitter.tools.vast.VastCredentials;
import dev.babysitter.tools.vast.VastException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** VastProvider against WireMock serving the documented shapes of vast-api.md. */
class VastProviderTest {
  static final String LIST = "/api/v1/instances/";

  @RegisterExtension
  static WireMockExtension vast = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;
  VastProvider provider;

  @BeforeEach
  void setUp() {
    Backoff fast = new Backoff(2, Duration.ofMillis(10), 2.0, Duration.ofMillis(50));
    VastClient client = new VastClient(vast.baseUrl(), VastCredentials.of("k-123", "test"),
        new OkHttpClient(), fast, fast, d -> { });
    provider = new VastProvider(client, new VastSettings(List.of("RTX_4090"), null, 1.0,
        "pytorch/pytorch:2.4.0", 40, null, tmp.resolve("id_ed25519"), tmp.resolve("state"),
        null, "/workspace", fast, Duration.ofSeconds(2)), d -> { });
  }

  static String res(String name) {
    try (InputStream in = VastProviderTest.class.getResourceAsStream("/vast/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing test resource vast/" + name, e);
    }
  }

  static LaunchRequest request() {
    return new LaunchRequest("tiny", SupervisorConfig.of("tiny", "python3 train.py",
        Path.of("/laptop/repo"), Path.of("/workspace/out/tiny"), 2000,
        Path.of("/workspace/out/tiny/train.log")), Map.of());
  }

  /** list-one.json with its label made ours. */
  static String listWithOurs(String status) {
    return res("list-one.json").replace("\"babysit-run-42\"", "\"babysitter:tiny\"")
        .replace("\"actual_status\": \"running\"", "\"actual_status\": \"" + status + "\"");
  }

  @Test
  void launchAdoptsTheInstanceAlreadyLabelledForTheRun() throws Exception {
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(listWithOurs("loading"))));

    Instance instance = provider.launch(request());

    assertThat(instance.id()).isEqualTo("4242");
    assertThat(instance.home()).isEqualTo("/workspace/babysitter/tiny");
    assertThat(instance.dollarsPerHour()).isEqualTo(1.0020740740740741); // its dph_total
    vast.verify(exactly(0), postRequestedFor(urlPathEqualTo("/api/v0/bundles/")));
    vast.verify(exactly(0), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
  }

  @Test
  void aSecondLaunchFindsTheFirstInstanceInsteadOfRentingAnother() throws Exception {
    vast.stubFor(get(urlPathEqualTo(LIST)).inScenario("rent").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okJson(res("list-empty.json"))));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers.json"))));
    vast.stubFor(put(urlPathMatching("/api/v0/asks/.*")).inScenario("rent")
        .willSetStateTo("rented").willReturn(okJson(res("create-ok.json"))));
    vast.stubFor(get(urlPathEqualTo(LIST)).inScenario("rent").whenScenarioStateIs("rented")
        .willReturn(okJson(listWithOurs("loading"))));

    Instance first = provider.launch(request());
    Instance second = provider.launch(request());

    assertThat(first.id()).isEqualTo("4242");
    assertThat(second.id()).isEqualTo("4242");
    vast.verify(exactly(1), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
    // Rented the cheapest matching offer, with the run's label and a dph_total to bill by.
    JsonNode body = new ObjectMapper().readTree(vast.findAll(putRequestedFor(
        urlPathMatching("/api/v0/asks/.*"))).get(0).getBodyAsString());
    assertThat(vast.findAll(putRequestedFor(urlPathMatching("/api/v0/asks/.*"))).get(0).getUrl())
        .isEqualTo("/api/v0/asks/12345678/");
    assertThat(first.dollarsPerHour()).isEqualTo(0.234567);
    assertThat(body.path("label").asText()).isEqualTo("babysitter:tiny");
    assertThat(body.path("onstart").asText().length()).isLessThanOrEqualTo(4048);
    assertThat(body.path("onstart").asText()).contains("setsid sh supervisor.sh");
    assertThat(body.path("env").has("BSF0_0")).as("payload moved to env").isTrue();
  }

  @Test
  void aPreemptedInstanceSetAsideNoLongerBlocksTheRunsNewLaunchAndCanBeTakenBack()
      throws Exception {
    vast.stubFor(get(urlPathEqualTo(LIST)).inScenario("race").whenScenarioStateIs(
        Scenario.STARTED).willReturn(okJson(listWithOurs("stopped"))));
    vast.stubFor(put(urlPathEqualTo("/api/v0/instances/4242/")).inScenario("race")
        .willSetStateTo("aside").willReturn(okJson("{\"success\":true}")));
    vast.stubFor(get(urlPathEqualTo(LIST)).inScenario("race").whenScenarioStateIs("aside")
        .willReturn(okJson(listWithOurs("stopped").replace("\"babysitter:tiny\"",
            "\"babysitter:tiny~spare\""))));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers.json"))));
    vast.stubFor(put(urlPathMatching("/api/v0/asks/.*")).willReturn(okJson(res("create-ok.json")
        .replace("4242", "4343"))));
    Instance preempted = new Instance("4242", "tiny", "vast", "/workspace/babysitter/tiny",
        null, 1.0, "1x RTX_4090");
    assertThatThrownBy(() -> provider.launch(request())).as("a stopped instance with the run's "
        + "label is never duplicated").hasMessageContaining("exists but is stopped");

    assertThat(provider.setAside(preempted)).isTrue();
    Instance fresh = provider.launch(request());
    provider.takeBack(preempted);

    vast.verify(exactly(1), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
    List<String> labels = vast.findAll(putRequestedFor(urlPathEqualTo("/api/v0/instances/4242/")))
        .stream().map(r -> r.getBodyAsString()).toList();
    assertThat(labels).hasSize(2);
    assertThat(labels.get(0)).contains("\"label\":\"babysitter:tiny~spare\"");
    assertThat(labels.get(1)).contains("\"label\":\"babysitter:tiny\"");
    assertThat(fresh.id()).isEqualTo("4343");
  }

  @Test
  void anOfferTakenBeforeCreateMovesOnToTheNextOffer() throws Exception {
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(res("list-empty.json"))));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers.json"))));
    vast.stubFor(put("/api/v0/asks/12345678/").willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody(res("create-no-such-ask-404.json"))));
    vast.stubFor(put("/api/v0/asks/22222222/").willReturn(okJson(res("create-ok.json"))));

    Instance instance = provider.launch(request());

    assertThat(instance.id()).isEqualTo("4242");
    assertThat(instance.dollarsPerHour()).isEqualTo(0.512);
    assertThat(instance.hardware()).isEqualTo("1x RTX 4090 24GB");
    vast.verify(exactly(2), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
  }

  @Test
  void aRunMovedOffAMachineIsNeverRentedThereAgain() throws Exception {
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(res("list-empty.json"))));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers.json"))));
    vast.stubFor(put(urlPathMatching("/api/v0/asks/.*")).willReturn(okJson(res("create-ok.json"))));

    // 12345678 is the cheapest offer, but on machine 88888, which the run left as slow.
    provider.launch(request().avoiding(java.util.Set.of("88888")));

    assertThat(vast.findAll(putRequestedFor(urlPathMatching("/api/v0/asks/.*"))))
        .extracting(r -> r.getUrl()).containsExactly("/api/v0/asks/22222222/");
  }

  @Test
  void noOfferOffTheMachinesLeftSaysSoInsteadOfRentingOneOfThem() {
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(res("list-empty.json"))));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers.json"))));

    assertThatThrownBy(() -> provider.launch(request().avoiding(java.util.Set.of("88888",
        "88889")))).isInstanceOf(VastException.class)
        .hasMessageContaining("moved off", "88888", "88889");
    vast.verify(exactly(0), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
  }

  @Test
  void hostOfAnInstanceIsItsMachineId() throws Exception {
    vast.stubFor(get(urlPathMatching("/api/v0/instances/4242/?")).willReturn(okJson(
        res("instance-running.json"))));
    assertThat(provider.hostOf(new Instance("4242", "tiny", "vast", "/h", "u", 1.0, "hw")))
        .contains("178");
  }

  @Test
  void aDeadInstanceWithTheRunsLabelBlocksLaunchInsteadOfDuplicating() {
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(listWithOurs("exited"))));

    assertThatThrownBy(() -> provider.launch(request())).isInstanceOf(VastException.class)
        .hasMessageContaining("4242", "exited", "reconcile");
    vast.verify(exactly(0), putRequestedFor(urlPathMatching("/api/v0/asks/.*")));
  }

  @Test
  void noMatchingOfferSaysWhatWasAskedFor() {
    vast.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(res("list-empty.json"))));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(res("offers-empty.json"))));

    assertThatThrownBy(() -> provider.launch(request()))
        .hasMessageContaining("no Vast offer matches", "RTX_4090", "max_dph 1.0",
            "babysitter offers");
  }

  @Test
  void stateMapsVastStatusesAndAGoneInstance() throws Exception {
    Instance i = new Instance("4242", "tiny", "vast", "/h", "u", 1.0, "hw");
    vast.stubFor(get(urlPathMatching("/api/v0/instances/4242/?")).inScenario("life")
        .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("running")
        .willReturn(okJson(res("instance-loading.json"))));
    vast.stubFor(get(urlPathMatching("/api/v0/instances/4242/?")).inScenario("life")
        .whenScenarioStateIs("running").willSetStateTo("gone")
        .willReturn(okJson(res("instance-running.json"))));
    vast.stubFor(get(urlPathMatching("/api/v0/instances/4242/?")).inScenario("life")
        .whenScenarioStateIs("gone").willReturn(okJson(res("instance-null.json"))));

    assertThat(provider.state(i)).isEqualTo(InstanceState.LOADING);
    assertThat(provider.state(i)).isEqualTo(InstanceState.RUNNING);
    assertThat(provider.state(i)).isEqualTo(InstanceState.GONE);
  }

  @Test
  void shellWhileLoadingFailsAsUnreachableNotAsAVerdict() throws Exception {
    Instance i = new Instance("4242", "tiny", "vast", "/h", "u", 1.0, "hw");
    vast.stubFor(get(urlPathMatching("/api/v0/instances/4242/?"))
        .willReturn(okJson(res("instance-loading.json"))));

    try (var shell = provider.shell(i)) {
      assertThatThrownBy(() -> shell.exec("true", Duration.ofSeconds(1)))
          .isInstanceOf(IOException.class).hasMessageContaining("no SSH endpoint yet");
    }
  }
}
