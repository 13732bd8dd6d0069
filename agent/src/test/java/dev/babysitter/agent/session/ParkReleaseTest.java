package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never hold a GPU for a person, even when the provider's stop or cancel fails at the park:
 * the park stands, the logbook says the GPUs may still be held, and each parked check asks the
 * provider again until the release goes through.
 */
class ParkReleaseTest {
  static final Instant PARKED = Instant.parse("2026-01-01T01:00:00Z");
  @TempDir Path tmp;

  @Test
  void aFailedReleaseIsReportedNotThrown() {
    StubbornProvider provider = new StubbornProvider(1);
    Actuator.Park park = new Actuator(provider).park(instance());

    assertThat(park.unreleased()).isEqualTo("job 4242 still runs 60 s after scancel");
    assertThat(park.problem()).contains("parked marker was not written",
        "the GPUs may still be held (job 4242 still runs 60 s after scancel)");
    assertThat(new Actuator(provider).park(instance()).unreleased()).isNull();
    assertThat(provider.parkCalls).isEqualTo(2);
  }

  @Test
  void eachParkedCheckAsksAgainUntilTheGpusAreReleased() throws Exception {
    StubbornProvider provider = new StubbornProvider(1); // the park's own attempt failed before
    LocalRunFixture fx = new LocalRunFixture(tmp, "park-release", "\"true\"", "{}",
        Files.readString(TestPaths.repoRoot().resolve("policies/default.yaml")));
    RunFactory factory = new RunFactory(new Workspace(tmp.resolve("babysitter")),
        Clock.fixed(PARKED, ZoneOffset.UTC), fx.repo);
    RunRecord record = new RunRecord();
    record.runName = fx.spec.name();
    record.issue = factory.recorder(fx.spec, x -> x).open("Run " + fx.spec.name(),
        Map.of("DRI", "octocat"), null, fx.spec.logbook().path());
    record.instance = instance();
    record.launchedAt = PARKED.minusSeconds(3600);
    record.phase = "parked";
    record.parkedAt = PARKED;
    record.parkUnreleased = "job 4242 still runs 60 s after scancel";
    RunController controller = factory.controller(fx.spec, record, r -> {}, provider);

    controller.check();
    assertThat(record.parkUnreleased).as("the second cancel fails too").isNotNull();
    assertThat(Files.readString(factory.logbookFile(fx.spec))).doesNotContain("GPUs released");

    controller.check();
    assertThat(record.parkUnreleased).isNull();
    assertThat(record.phase).isEqualTo("parked");
    assertThat(Files.readString(factory.logbookFile(fx.spec))).containsOnlyOnce("GPUs released")
        .contains("job 4242 still runs 60 s after scancel");

    controller.check();
    assertThat(provider.parkCalls).as("asked no more once released").isEqualTo(2);
  }

  private static Instance instance() {
    return new Instance("4242", "park-release", "slurm", "/shared/x", "u", 2.0, "1x H100");
  }

  /** Its park fails the first {@code failures} times, as a cancel whose job lingers. */
  static final class StubbornProvider implements InstanceProvider {
    private int failures;
    int parkCalls;

    StubbornProvider(int failures) {
      this.failures = failures;
    }

    @Override public void park(Instance instance) throws IOException {
      parkCalls++;
      if (failures-- > 0) {
        throw new IOException("job " + instance.id() + " still runs 60 s after scancel");
      }
    }

    @Override public Instance launch(LaunchRequest request) {
      throw new AssertionError("no launch expected");
    }

    @Override public Optional<Instance> find(String runName) {
      return Optional.empty();
    }

    @Override public InstanceState state(Instance instance) {
      return InstanceState.RUNNING;
    }

    @Override public RemoteShell shell(Instance instance) throws IOException {
      throw new IOException("ssh: connection refused");
    }

    @Override public void destroy(Instance instance) {
      throw new AssertionError("a park is not a teardown");
    }

    @Override public String kind() {
      return "slurm";
    }
  }
}
