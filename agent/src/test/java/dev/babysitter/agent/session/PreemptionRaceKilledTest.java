package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preemption race settled by a babysitter that was killed halfway through it: each step of
 * {@link NewInstances#settleRace} must be safe to repeat, and a launch the record never heard of
 * must be found (by the run's name, which the spare no longer answers to), never made twice.
 */
class PreemptionRaceKilledTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  /** A provider that knows instances by id and by the run's name, as Vast does by label. */
  private static final class Provider implements InstanceProvider {
    final Map<String, InstanceState> states = new HashMap<>();
    final Map<String, String> names = new HashMap<>();
    final List<String> destroyed = new ArrayList<>();
    final List<String> takenBack = new ArrayList<>();

    Instance add(String id, String name, InstanceState state) {
      states.put(id, state);
      names.put(id, name);
      return new Instance(id, "tiny", "vast", "/h", "u", 1.0, "1x H100");
    }

    @Override
    public Instance launch(LaunchRequest request) {
      throw new UnsupportedOperationException("launches go through the FreshLaunch");
    }

    @Override
    public Optional<Instance> find(String runName) {
      return names.entrySet().stream().filter(e -> e.getValue().equals(runName)
          && states.get(e.getKey()) != InstanceState.GONE).map(e -> new Instance(e.getKey(),
          "tiny", "vast", "/h", "u", 1.0, "1x H100")).findFirst();
    }

    @Override
    public InstanceState state(Instance instance) {
      return states.getOrDefault(instance.id(), InstanceState.GONE);
    }

    @Override
    public RemoteShell shell(Instance instance) throws IOException {
      throw new IOException("no shell in this test");
    }

    @Override
    public void destroy(Instance instance) {
      destroyed.add(instance.id());
      states.put(instance.id(), InstanceState.GONE);
    }

    @Override
    public String kind() {
      return "vast";
    }

    @Override
    public boolean setAside(Instance instance) {
      names.put(instance.id(), "tiny~spare");
      return true;
    }

    @Override
    public void takeBack(Instance instance) {
      takenBack.add(instance.id());
      names.put(instance.id(), "tiny");
    }
  }

  private final Provider provider = new Provider();
  private final List<String> launches = new ArrayList<>();

  private NewInstances moves(Path dir, RecorderFixture f) {
    NewInstances moves = new NewInstances(f.record, new RunStore(dir.resolve("state")), provider,
        f.journal, new dev.babysitter.agent.session.Approvals(new ApprovalFile(
            dir.resolve("approvals.jsonl")), Duration.ofDays(1), "octocat"));
    moves.launchWith((avoid, from) -> {
      launches.add("launch");
      return provider.add("fresh-2", "tiny", InstanceState.LOADING);
    });
    return moves;
  }

  @Test
  void killedBetweenKeepingTheSpareAndRecordingTheLaunchAdoptsTheLaunchItMade(@TempDir Path dir)
      throws Exception {
    RecorderFixture f = new RecorderFixture(dir, Clock.fixed(T, ZoneOffset.UTC));
    Instance spare = provider.add("old-1", "tiny~spare", InstanceState.EXITED);
    provider.add("fresh-1", "tiny", InstanceState.RUNNING); // launched, never recorded
    f.record.instance = spare;
    f.record.standby = spare;

    moves(dir, f).settleRace(T);

    assertThat(launches).as("not launched twice").isEmpty();
    assertThat(f.record.instance.id()).isEqualTo("fresh-1");
    assertThat(f.record.standby).as("the new one runs: the race is over").isNull();
    assertThat(provider.destroyed).containsExactly("old-1");
  }

  @Test
  void killedBeforeTheLaunchLaunchesOnceAndKeepsRacing(@TempDir Path dir) throws Exception {
    RecorderFixture f = new RecorderFixture(dir, Clock.fixed(T, ZoneOffset.UTC));
    Instance spare = provider.add("old-1", "tiny~spare", InstanceState.EXITED);
    f.record.instance = spare;
    f.record.standby = spare;

    NewInstances moves = moves(dir, f);
    moves.settleRace(T);
    moves.settleRace(T.plusSeconds(60));

    assertThat(launches).hasSize(1);
    assertThat(f.record.instance.id()).isEqualTo("fresh-2");
    assertThat(f.record.standby.id()).as("neither runs yet").isEqualTo("old-1");
    assertThat(provider.destroyed).isEmpty();
  }

  @Test
  void killedAfterDestroyingTheNewInstanceTakesTheSpareBackAtTheNextCheck(@TempDir Path dir)
      throws Exception {
    RecorderFixture f = new RecorderFixture(dir, Clock.fixed(T, ZoneOffset.UTC));
    Instance spare = provider.add("old-1", "tiny~spare", InstanceState.RUNNING);
    Instance fresh = provider.add("fresh-1", "tiny", InstanceState.GONE); // destroyed, unrecorded
    f.record.instance = fresh;
    f.record.standby = spare;
    f.record.standbyEventsOffset = 4096;

    moves(dir, f).settleRace(T);

    assertThat(f.record.instance.id()).isEqualTo("old-1");
    assertThat(f.record.standby).isNull();
    assertThat(f.record.eventsOffset).as("the spare's own events.jsonl").isEqualTo(4096);
    assertThat(provider.takenBack).containsExactly("old-1");
    assertThat(f.logbook()).contains("preempted instance back first");
  }

  private static Assessment atAttempt(int attempt) {
    return new Assessment(Health.ALERT, List.of(), null, null, null, null,
        WatchMemory.fresh(attempt), null);
  }

  /**
   * A new instance's supervisor numbers its attempts from 1 again. Before, the answer recorded
   * for the preempted attempt 1 also stood for the new instance's attempt 1, so a crash of that
   * attempt went unanswered; now the new instance's first attempt is the memory's next one.
   */
  @Test
  void aMoveAtAttemptOneLeavesTheNewInstancesAttemptOneToBeAnswered(@TempDir Path dir)
      throws Exception {
    RecorderFixture f = new RecorderFixture(dir, Clock.fixed(T, ZoneOffset.UTC));
    f.record.instance = provider.add("old-1", "tiny", InstanceState.EXITED);
    f.record.memory = WatchMemory.fresh(1);

    moves(dir, f).switchHost(new Proposal(new Action.SwitchInstance("preempted",
        HostMoves.PREEMPTION), "move"), atAttempt(1), T);

    assertThat(f.record.instance.id()).isEqualTo("fresh-2");
    assertThat(f.record.relaunchAttempt).as("nothing answered on the new instance yet").isZero();
    assertThat(f.record.memory.attempt()).as("its attempt 1 is the next attempt").isZero();
    assertThat(f.record.standbyAttempt).isEqualTo(1);
  }

  @Test
  void aSpareTakenBackGoesOnWithItsOwnAttemptNumbers(@TempDir Path dir) throws Exception {
    RecorderFixture f = new RecorderFixture(dir, Clock.fixed(T, ZoneOffset.UTC));
    Instance spare = provider.add("old-1", "tiny~spare", InstanceState.RUNNING);
    f.record.instance = provider.add("fresh-1", "tiny", InstanceState.LOADING);
    f.record.standby = spare;
    f.record.standbyAttempt = 3;
    f.record.memory = WatchMemory.fresh(1).withAttempt(0);

    moves(dir, f).settleRace(T);

    assertThat(f.record.instance.id()).isEqualTo("old-1");
    assertThat(f.record.relaunchAttempt).as("its preempted attempt was answered by the move")
        .isEqualTo(3);
    assertThat(f.record.memory.attempt()).isEqualTo(3);
  }
}
