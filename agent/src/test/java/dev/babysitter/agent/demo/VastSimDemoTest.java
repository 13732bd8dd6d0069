package dev.babysitter.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestGit;
import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo through the whole Vast code path (VastProvider, VastClient, onstart, SSH probe and
 * event tail) against the in-process simulator: same outcomes as the local demo, exactly one
 * instance rented, and destroyed by the end, as the simulator's request journal shows.
 */
class VastSimDemoTest {

  @ParameterizedTest
  @EnumSource(value = Scenario.class, names = {"DEFAULT", "NAN"})
  void scenarioReachesTheLocalOutcomeOnOneDestroyedInstance(Scenario scenario, @TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Demo.Result result = new Demo(TestPaths.repoRoot(), dir, scenario,
        new PrintStream(screen, true, StandardCharsets.UTF_8), Clock.systemUTC(), true)
        .run(Duration.ofMinutes(3));
    RunRecord record = result.record();
    String out = screen.toString(StandardCharsets.UTF_8);

    assertThat(record.outcome).as(out).isEqualTo(scenario.expectedOutcome());
    assertThat(record.instance.provider()).isEqualTo("vast");
    // The sim starts in "loading": unreachable then is pending, not a stale monitor, so the
    // record matches the local demo's. (A loaded machine may launch slower than the sim loads,
    // so the first check can already find it running.)
    assertThat(out.lines().filter(l -> l.contains("instance=loading"))
        .filter(l -> !l.contains("state=pending"))).as(out).isEmpty();
    assertThat(record.detections).extracting(RunRecord.Detection::kind)
        .doesNotContain("monitor_stale");
    assertThat(record.instance.dollarsPerHour()).as("dph_total of the rented offer")
        .isEqualTo(0.42);

    Demo.SimSummary sim = result.sim();
    List<String> creates = sim.requests().stream().filter(r -> r.startsWith("PUT /api/v0/asks/"))
        .toList();
    // The cheapest offer (1001) is "taken" between search and create: the next one is rented.
    assertThat(creates).containsExactly("PUT /api/v0/asks/1001/ 404", "PUT /api/v0/asks/1002/ 200");
    assertThat(sim.instancesCreated()).isEqualTo(1);
    if (scenario == Scenario.NAN) {
      // Parked while the DRI decides: stopped (storage only), never destroyed or duplicated.
      assertThat(record.phase).isEqualTo("parked");
      assertThat(sim.requests()).contains("PUT /api/v0/instances/" + record.instance.id()
          + "/ 200").doesNotContain("DELETE /api/v0/instances/" + record.instance.id() + "/ 200");
    } else {
      assertThat(sim.requests()).contains("DELETE /api/v0/instances/" + record.instance.id()
          + "/ 200");
      assertThat(sim.liveAtEnd()).as("nothing left billing").isEmpty();
    }
    assertThat(supervisorAlive(dir.resolve("vast-sim/workspace/babysitter/"
        + result.runName()))).isFalse();
    // The trainer travelled with the supervisor (source.ship) and ran from that copy.
    Path home = dir.resolve("vast-sim/workspace/babysitter/" + result.runName());
    assertThat(home.resolve("code/trainer/train.py")).hasSameTextualContentAs(
        TestPaths.repoRoot().resolve("examples/trainer/train.py"));
    assertThat(Files.readString(home.resolve("supervisor.env")))
        .contains("WORK_DIR='" + home.resolve("code") + "'");
    // The host key was recorded on first use, for this instance, in the run record itself.
    assertThat(record.sshHostKey).isNotNull();
    assertThat(record.sshHostKey.instanceId()).isEqualTo(record.instance.id());
    assertThat(record.sshHostKey.fingerprint()).startsWith("SHA256:");

    String pushed = TestGit.pushedFile(dir.resolve("origin.git"),
        "logbooks/" + result.runName() + ".md");
    String threadText = Files.readString(result.issueThread());
    switch (scenario) {
      case DEFAULT -> {
        assertThat(record.relaunches).extracting(m -> m.signature())
            .containsExactly("nccl", "hang");
        assertThat(pushed).contains("alert: crash", "alert: stall", "Classified as: nccl",
            "- Outcome: done as planned", "- Relaunches: 2 (nccl, hang)");
        assertThat(threadText).contains("relaunched (nccl", "relaunched (hang",
            "sealed: reached step 60");
        // The SSH event tail, not the next poll, brought the crash in.
        RunRecord.Detection crash = record.detections.stream()
            .filter(d -> d.kind().equals("crash")).findFirst().orElseThrow();
        System.out.printf("vast-sim crash detection latency: %d ms%n", crash.latencyMillis());
        assertThat(crash.latencyMillis()).isLessThan(3_000);
      }
      case NAN -> {
        assertThat(record.relaunches).as("a NaN run is never relaunched").isEmpty();
        assertThat(pushed).contains("alert: divergence", "never-relaunch", "escalation A-");
        assertThat(threadText).contains("@octocat escalation", "/approve A-", "**parked**");
      }
      default -> throw new AssertionError(scenario);
    }
  }

  @org.junit.jupiter.api.Test
  void aResumeWhoseStoppedInstanceCannotGetItsGpusBackMovesToANewOffer(@TempDir Path dir)
      throws Exception {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Demo.Result result = new Demo(TestPaths.repoRoot(), dir, Scenario.PARK_RESUME,
        new PrintStream(screen, true, StandardCharsets.UTF_8), Clock.systemUTC(), true)
        .run(Duration.ofMinutes(4));
    RunRecord record = result.record();
    String out = screen.toString(StandardCharsets.UTF_8);

    assertThat(record.outcome).as(out).isEqualTo("done");
    Demo.SimSummary sim = result.sim();
    List<String> stops = sim.requests().stream().filter(r -> r.matches("PUT /api/v0/instances/"
        + "[0-9]+/ 200")).toList();
    assertThat(stops).as("stopped at the park, asked to start at the approval").hasSize(2);
    String parked = stops.get(0).replaceAll("\\D+", " ").trim().split(" ")[1];
    assertThat(sim.instancesCreated()).as("one instance, then one new offer").isEqualTo(2);
    assertThat(record.instance.id()).isNotEqualTo(parked);
    assertThat(sim.requests()).contains("DELETE /api/v0/instances/" + parked + "/ 200",
        "DELETE /api/v0/instances/" + record.instance.id() + "/ 200");
    assertThat(sim.liveAtEnd()).as("nothing left billing").isEmpty();
    assertThat(Files.readString(result.logbook())).contains("- parked", "pending_after",
        "resumed on a new instance");
  }

  static boolean supervisorAlive(Path home) throws IOException {
    Path pid = home.resolve("supervisor.pid");
    if (!Files.exists(pid)) {
      return false;
    }
    long id = Long.parseLong(Files.readString(pid).strip());
    if (!ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    // The sim's supervisor is reparented to init when onstart exits; an init that does not
    // reap leaves a zombie, which runs nothing and counts as dead.
    Path stat = Path.of("/proc/" + id + "/stat");
    String text = Files.exists(stat) ? Files.readString(stat) : "";
    int close = text.lastIndexOf(')');
    return close < 0 || text.length() < close + 3 || text.charAt(close + 2) != 'Z';
  }
}
