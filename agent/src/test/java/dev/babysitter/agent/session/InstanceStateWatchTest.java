package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed probe asks the provider once, and the answer shapes the verdict (issue 5, item 5). */
class InstanceStateWatchTest {
  static final Instant LAUNCH = Instant.parse("2026-01-01T00:00:00Z");
  @TempDir Path tmp;

  @Test
  void loadingPastPendingAfterRaisesPendingExactlyOnce() throws Exception {
    Harness h = new Harness(InstanceState.LOADING);

    CheckOutcome early = h.checkAt(Duration.ofMinutes(10));
    assertThat(early.assessment().alerts()).isEmpty();
    assertThat(early.status().render()).contains("state=pending instance=loading");
    h.checkAt(Duration.ofMinutes(31));
    h.checkAt(Duration.ofMinutes(32));
    h.checkAt(Duration.ofMinutes(40));

    assertThat(h.record.detections).extracting(RunRecord.Detection::kind)
        .containsExactly("pending");
    assertThat(h.logbook()).containsOnlyOnce("alert: pending");
    assertThat(h.provider.stateCalls).isEqualTo(4);
  }

  @Test
  void anOfflineInstanceRaisesAnAlertInTheLogbook() throws Exception {
    Harness h = new Harness(InstanceState.OFFLINE);

    CheckOutcome out = h.checkAt(Duration.ofMinutes(5));
    h.checkAt(Duration.ofMinutes(6));

    assertThat(out.assessment().health()).isEqualTo(Health.ALERT);
    assertThat(out.status().render()).contains("state=offline instance=offline");
    assertThat(h.record.detections).extracting(RunRecord.Detection::kind)
        .containsExactly("offline");
    assertThat(h.logbook()).containsOnlyOnce("alert: offline");
    assertThat(h.provider.destroyed).isFalse();
  }

  @Test
  void runningButUnreachableStaysMonitorStaleWithNothingProposed() throws Exception {
    Harness h = new Harness(InstanceState.RUNNING);

    CheckOutcome out = h.checkAt(Duration.ofMinutes(5));

    assertThat(out.assessment().health()).isEqualTo(Health.MONITOR_STALE);
    assertThat(out.status().render()).contains("state=monitor-stale instance=running");
    assertThat(h.record.lastAction).isEqualTo("none");
    assertThat(h.record.relaunches).isEmpty();
    assertThat(h.record.phase).isEqualTo("running");
    assertThat(h.provider.destroyed).isFalse();
  }

  @Test
  void aProviderThatFailsToAnswerLeavesTheMonitorStale() throws Exception {
    Harness h = new Harness(null); // state() throws

    CheckOutcome out = h.checkAt(Duration.ofMinutes(5));

    assertThat(out.assessment().health()).isEqualTo(Health.MONITOR_STALE);
    assertThat(out.status().render()).contains("state=monitor-stale").doesNotContain("instance=");
    assertThat(h.provider.stateCalls).isEqualTo(1);
  }

  final class Harness {
    final MovableClock clock = new MovableClock();
    final FakeProvider provider;
    final RunRecord record = new RunRecord();
    final RunController controller;
    final RunFactory factory;
    final LocalRunFixture fx;

    Harness(InstanceState state) throws Exception {
      fx = new LocalRunFixture(tmp, "fake-vast", "\"true\"", "{}",
          Files.readString(TestPaths.repoRoot().resolve("policies/default.yaml")));
      provider = new FakeProvider(state);
      factory = new RunFactory(new Workspace(tmp.resolve("babysitter")), clock, fx.repo);
      record.runName = fx.spec.name();
      // As the launcher does: the logbook and issue exist before the first check.
      record.issue = factory.recorder(fx.spec, x -> x).open("Run " + fx.spec.name(),
          java.util.Map.of("DRI", "octocat"), null, fx.spec.logbook().path());
      record.instance = new Instance("4242", fx.spec.name(), "vast", "/workspace/x", "u", 0.4,
          "1x RTX 4090");
      record.launchedAt = LAUNCH;
      record.phase = "running";
      controller = factory.controller(fx.spec, record, r -> {}, provider);
    }

    CheckOutcome checkAt(Duration sinceLaunch) throws IOException {
      clock.now = LAUNCH.plus(sinceLaunch);
      return controller.check();
    }

    String logbook() throws IOException {
      return Files.readString(factory.logbookFile(fx.spec));
    }
  }

  static final class MovableClock extends Clock {
    Instant now = LAUNCH;

    @Override public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override public Instant instant() {
      return now;
    }
  }

  /** SSH never gets through; the provider's state is whatever the test says (null: it fails). */
  static final class FakeProvider implements InstanceProvider {
    final InstanceState state;
    int stateCalls;
    boolean destroyed;

    FakeProvider(InstanceState state) {
      this.state = state;
    }

    @Override public Instance launch(LaunchRequest request) {
      throw new AssertionError("no launch expected");
    }

    @Override public Optional<Instance> find(String runName) {
      return Optional.empty();
    }

    @Override public InstanceState state(Instance instance) throws IOException {
      stateCalls++;
      if (state == null) {
        throw new IOException("console.vast.ai: 503");
      }
      return state;
    }

    @Override public RemoteShell shell(Instance instance) {
      return new RemoteShell() {
        @Override public ExecResult exec(String command, Duration timeout) throws IOException {
          throw new IOException("ssh: connection refused");
        }

        @Override public void upload(byte[] content, String path, boolean executable)
            throws IOException {
          throw new IOException("ssh: connection refused");
        }

        @Override public String describe() {
          return "ssh root@fake";
        }
      };
    }

    @Override public void destroy(Instance instance) {
      destroyed = true;
    }

    @Override public String kind() {
      return "vast";
    }
  }
}
