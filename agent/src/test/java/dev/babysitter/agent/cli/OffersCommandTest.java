package dev.babysitter.agent.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.babysitter.agent.cli.VastApiFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code babysitter offers} against WireMock serving Vast's documented search replies. */
class OffersCommandTest {
  @RegisterExtension
  static WireMockExtension vast = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir Path home;

  static final String[] FILTERS = {"--gpu", "RTX_4090", "--num-gpus", "1", "--min-gpu-ram", "24",
      "--max-dph", "1.0", "--min-reliability", "0.99", "--min-disk", "40"};

  VastApiFixtures.Run offers(Map<String, String> env, String... args) {
    CommandLine cli = Main.commandLine();
    OffersCommand command = cli.getSubcommands().get("offers").getCommand();
    command.vast.env = env;
    String[] all = new String[args.length + 1];
    all[0] = "offers";
    System.arraycopy(args, 0, all, 1, args.length);
    return VastApiFixtures.run(cli, all);
  }

  Map<String, String> env() {
    return Map.of("VAST_URL", vast.baseUrl(), "VAST_API_KEY", KEY);
  }

  /** offers.json (two matching RTX 4090 offers, the dearer first) plus one row per filter that
   * the server should have dropped but did not. */
  void stubOffersWithStrays() {
    ObjectNode body = VastApiFixtures.json("offers.json");
    var rows = body.withArray("offers");
    rows.add(VastApiFixtures.offer(o -> o.put("id", 31).put("gpu_name", "RTX 3090")));
    rows.add(VastApiFixtures.offer(o -> o.put("id", 32).put("dph_total", 2.5)));
    rows.add(VastApiFixtures.offer(o -> o.put("id", 33).put("reliability", 0.9)));
    rows.add(VastApiFixtures.offer(o -> o.put("id", 34).put("disk_space", 10.0)));
    rows.add(VastApiFixtures.offer(o -> o.put("id", 35).put("gpu_ram", 12288)));
    rows.add(VastApiFixtures.offer(o -> o.put("id", 36).put("num_gpus", 0)));
    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(body.toString())));
  }

  @Test
  void filtersGoToVastAndTheTableIsCheapestFirstWithoutRowsOutsideThem() {
    stubOffersWithStrays();

    VastApiFixtures.Run r = offers(env(), FILTERS);

    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    String[] lines = r.out().strip().split("\n");
    assertThat(lines[0]).startsWith("OFFER").contains("GPU", "$/H", "RELIAB", "DISK_GB");
    // 12345678 costs 0.235 $/h, 22222222 0.512: Vast sent them the other way round.
    assertThat(lines).hasSize(3);
    assertThat(lines[1]).startsWith("12345678").contains("RTX 4090", "0.235", "1.000",
        "California, US");
    assertThat(lines[2]).startsWith("22222222").contains("0.512", "0.999", "Oregon, US");
    vast.verify(exactly(1), postRequestedFor(urlPathEqualTo("/api/v0/bundles/"))
        .withHeader("Authorization", equalTo("Bearer " + KEY))
        .withRequestBody(equalToJson("""
            {"gpu_name":{"in":["RTX 4090"]},"num_gpus":{"gte":1},"gpu_ram":{"gte":24000.0},
             "dph_total":{"lte":1.0},"reliability":{"gte":0.99},"disk_space":{"gte":40.0},
             "allocated_storage":40.0,"order":[["dph_total","asc"]],"limit":30}""",
            true, true)));
  }

  @Test
  void jsonIsTheSameOffersInTheSameOrder() throws Exception {
    stubOffersWithStrays();

    VastApiFixtures.Run r = offers(env(), concat(FILTERS, "--json", "--limit", "5"));

    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode rows = VastApiFixtures.JSON.readTree(r.out());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("id").asLong()).isEqualTo(12345678L);
    assertThat(rows.get(0).get("dph_total").asDouble()).isEqualTo(0.234567);
    assertThat(rows.get(0).get("num_gpus").asInt()).isEqualTo(4);
    assertThat(rows.get(1).get("id").asLong()).isEqualTo(22222222L);
    assertThat(rows.get(1).get("geolocation").asText()).isEqualTo("Oregon, US");
  }

  @Test
  void limitCutsTheCheapestRowsAndNoMatchSaysSo() {
    stubOffersWithStrays();
    VastApiFixtures.Run one = offers(env(), "--limit", "1");
    assertThat(one.out().strip().split("\n")).hasSize(2);
    assertThat(one.out()).contains("12345678").doesNotContain("22222222");

    vast.stubFor(post("/api/v0/bundles/").willReturn(okJson(VastApiFixtures.text(
        "offers-empty.json"))));
    VastApiFixtures.Run none = offers(env(), FILTERS);
    assertThat(none.exit()).isEqualTo(ExitCodes.OK);
    assertThat(none.out().strip()).isEqualTo("no offers match");
  }

  @Test
  void aRejectedKeyIsOneLineNamingItsSourceWithTheUsageExitCode() {
    // 401, and the 404 several endpoints use for the same "Invalid user key".
    for (int status : new int[] {401, 404}) {
      vast.stubFor(post("/api/v0/bundles/").willReturn(aResponse().withStatus(status)
          .withBody(VastApiFixtures.text("auth-error.json"))));

      VastApiFixtures.Run r = offers(env(), FILTERS);

      assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip()).doesNotContain("\n").startsWith("babysitter: ")
          .contains("env VAST_API_KEY", "Invalid user key", "HTTP " + status)
          .doesNotContain(KEY).doesNotContain("Exception");
    }
    // A bad key is not retried: one request per attempt above.
    vast.verify(exactly(2), postRequestedFor(urlPathEqualTo("/api/v0/bundles/")));
  }

  @Test
  void aKeyFromAFileIsNamedByItsPathAndAMissingKeyListsEveryPlace() throws Exception {
    Path keyFile = home.resolve("vast.key");
    java.nio.file.Files.writeString(keyFile, KEY + "\n");
    vast.stubFor(post("/api/v0/bundles/").willReturn(aResponse().withStatus(401)
        .withBody(VastApiFixtures.text("auth-error.json"))));

    VastApiFixtures.Run fromFile = offers(Map.of("VAST_URL", vast.baseUrl()),
        "--api-key-file", keyFile.toString());
    assertThat(fromFile.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(fromFile.err()).contains("--api-key-file " + keyFile).doesNotContain(KEY);

    VastApiFixtures.Run missing = offers(Map.of("VAST_URL", vast.baseUrl()),
        "--api-key-file", home.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("--api-key-file " + home.resolve("nope"), "missing");
    vast.verify(exactly(1), postRequestedFor(urlPathEqualTo("/api/v0/bundles/")));
  }

  @Test
  void aReliabilityOutsideZeroToOneIsAUsageErrorBeforeAnyCall() {
    VastApiFixtures.Run r = offers(env(), "--min-reliability", "99");
    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--min-reliability must be between 0 and 1");
    assertThat(vast.getAllServeEvents()).isEmpty();
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
