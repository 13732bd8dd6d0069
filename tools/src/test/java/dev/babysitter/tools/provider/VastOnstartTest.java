package dev.babysitter.tools.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.tools.supervisor.SupervisorScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The onstart, run for real with sh as Vast's entrypoint would, in both payload modes. */
class VastOnstartTest {
  @RegisterExtension
  static WireMockExtension vast = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;

  int runOnstart(VastOnstart o, Map<String, String> containerEnv) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", o.onstart()).directory(tmp.toFile())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("onstart.log").toFile());
    pb.environment().putAll(o.env());
    pb.environment().putAll(containerEnv);
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @Test
  void smallFilesGoInlineAndTheDeadManDestroysItsOwnInstanceWithTheContainerKey()
      throws Exception {
    Path home = tmp.resolve("workspace/babysitter/tiny");
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("supervisor.sh", "echo started > started\n".getBytes(StandardCharsets.UTF_8));
    files.put("nested/it's fine.txt".replace("'", ""), "x\n".getBytes(StandardCharsets.UTF_8));
    VastOnstart o = VastOnstart.build(home.toString(), files, vast.baseUrl());
    assertThat(o.env()).isEmpty();

    assertThat(runOnstart(o, Map.of("CONTAINER_ID", "77", "CONTAINER_API_KEY", "ck-77")))
        .as(Files.readString(tmp.resolve("onstart.log"))).isZero();

    for (int i = 0; i < 100 && !Files.exists(home.resolve("started")); i++) {
      Thread.sleep(50);
    }
    assertThat(home.resolve("started")).exists(); // started in the background with setsid
    assertThat(home.resolve("nested/its fine.txt")).hasContent("x");
    assertThat(Files.readString(home.resolve("vast.env"))).contains("CONTAINER_ID='77'",
        "CONTAINER_API_KEY='ck-77'", "VAST_API_URL='" + vast.baseUrl() + "'");

    // What the supervisor's dead-man switch runs, with none of our processes involved.
    vast.stubFor(delete(urlPathEqualTo("/api/v0/instances/77/"))
        .willReturn(okJson("{\"success\":true}")));
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", VastOnstart.destroyCommand())
        .directory(home.toFile()).redirectErrorStream(true);
    pb.environment().put("BABYSITTER_HOME", home.toString());
    pb.environment().remove("CONTAINER_API_KEY");
    assertThat(pb.start().waitFor()).isZero();
    vast.verify(deleteRequestedFor(urlPathEqualTo("/api/v0/instances/77/"))
        .withHeader("Authorization", equalTo("Bearer ck-77")));
  }

  @Test
  void aDiskAnotherInstanceLeftLosesItsMarkersButTheSameInstanceStartedAgainKeepsThem()
      throws Exception {
    Path home = tmp.resolve("workspace/babysitter/moved");
    VastOnstart o = VastOnstart.build(home.toString(), Map.of("supervisor.sh",
        "true\n".getBytes(StandardCharsets.UTF_8)), vast.baseUrl());
    Files.createDirectories(home.resolve("control"));
    Files.writeString(home.resolve("vast.env"), "CONTAINER_ID='41'\n");
    for (String marker : new String[] {"parked", "DONE", "lease", "control/relaunch"}) {
      Files.writeString(home.resolve(marker), "x\n");
    }
    Files.writeString(home.resolve("events.jsonl"), "{\"event\":\"parked\"}\n");

    // Started again after a stop (an unpark): the parked supervisor must find its marker.
    assertThat(runOnstart(o, Map.of("CONTAINER_ID", "41", "CONTAINER_API_KEY", "k"))).isZero();
    assertThat(home.resolve("parked")).exists();
    assertThat(home.resolve("events.jsonl")).exists();

    // A new instance on the same disk: nothing of the old one's state tells it to wait.
    assertThat(runOnstart(o, Map.of("CONTAINER_ID", "42", "CONTAINER_API_KEY", "k"))).isZero();
    for (String marker : new String[] {"parked", "DONE", "lease", "control/relaunch",
        "events.jsonl"}) {
      assertThat(home.resolve(marker)).as(marker).doesNotExist();
    }
    assertThat(home.resolve("events.41.jsonl")).hasContent("{\"event\":\"parked\"}");
    assertThat(Files.readString(home.resolve("vast.env"))).contains("CONTAINER_ID='42'");
  }

  @Test
  void theRealSupervisorTravelsInEnvChunksWithinVastsLimits() throws Exception {
    Path home = tmp.resolve("h");
    byte[] script = SupervisorScript.text().getBytes(StandardCharsets.UTF_8);
    VastOnstart o = VastOnstart.build(home.toString(), Map.of("supervisor.sh", script),
        "https://console.vast.ai");

    assertThat(o.onstart().length()).isLessThanOrEqualTo(VastOnstart.MAX_ONSTART);
    assertThat(o.env()).isNotEmpty();
    assertThat(o.env().values()).allMatch(v -> v.length() <= 256);
    assertThat(o.env().entrySet().stream()
        .mapToInt(e -> e.getKey().length() + e.getValue().length() + 1).sum())
        .isLessThanOrEqualTo(32_768);

    assertThat(runOnstart(o, Map.of("CONTAINER_ID", "5", "CONTAINER_API_KEY", "k"))).isZero();
    assertThat(Files.readAllBytes(home.resolve("supervisor.sh"))).isEqualTo(script);
    // The real supervisor was started in the background and stops at once (no supervisor.env):
    // wait for it, or it writes into the directory while JUnit deletes it.
    Path out = home.resolve("supervisor.out");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!(Files.exists(out) && Files.readString(out).contains("supervisor.env is missing"))) {
      assertThat(System.nanoTime()).as("the background supervisor ends").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
