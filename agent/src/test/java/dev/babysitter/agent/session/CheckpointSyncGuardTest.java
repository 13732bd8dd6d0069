package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a provider whose disks die with the instance, the supervisor's checkpoint sync is what makes
 * the final checkpoint durable: the teardown at DONE goes ahead without the DRI once synced.json
 * covers the newest complete checkpoint, and escalates (synced-before-destroy) when it does not.
 */
class CheckpointSyncGuardTest {
  @TempDir Path tmp;
  private LocalRunFixture run;
  private RunRecord record;
  private InstanceProvider local;

  @AfterEach
  void destroy() throws Exception {
    if (record != null && record.instance != null) {
      local.destroy(record.instance);
    }
  }

  @Test
  void aSyncedFinalCheckpointLetsTheTeardownAtDoneGoAhead() throws Exception {
    Path durable = Files.createDirectories(tmp.resolve("durable"));
    RunController controller = finishedRun("cp -r {checkpoint} " + durable + "/");

    assertThat(new ControllerEffects(controller).guardState().newestCheckpointSynced()).isTrue();
    assertThat(durable.resolve("step-60/metadata.json")).exists();
    assertThat(record.escalations).isEmpty();
    assertThat(record.phase).isEqualTo("torn_down");
  }

  @Test
  void anUnsyncedFinalCheckpointEscalatesTheTeardown() throws Exception {
    RunController controller = finishedRun("test -d {checkpoint} && exit 1");

    assertThat(new ControllerEffects(controller).guardState().newestCheckpointSynced()).isFalse();
    assertThat(record.escalations.values()).extracting(RunRecord.Escalation::rule)
        .containsExactly("synced-before-destroy");
    assertThat(record.phase).isEqualTo("escalated");
    assertThat(Path.of(record.instance.home(), "destroyed")).doesNotExist();
  }

  /** Launches a run that writes its final checkpoint and exits 0, waits for DONE, checks once. */
  private RunController finishedRun(String sync) throws Exception {
    String ckpt = "{output_root}/checkpoints/step-60";
    run = new LocalRunFixture(tmp, "synced", "\"mkdir -p " + ckpt + " && echo '{}' > " + ckpt
        + "/metadata.json\"", "{}",
        Files.readString(TestPaths.repoRoot().resolve("policies/default.yaml")));
    // Outside the repository, so the launch's clean-tree check still sees a clean tree.
    Path spec = tmp.resolve("synced.yaml");
    Files.writeString(spec, Files.readString(run.specFile)
        + "checkpoints: {sync: \"" + sync + "\"}\n");
    run.spec = new RunSpecLoader().load(spec);
    local = run.factory.provider(run.spec);
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, spec, run.repo);
    assertThat(launched.refusal()).isNull();
    record = launched.record();
    Path done = Path.of(record.instance.home(), "DONE");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.exists(done)) {
      assertThat(System.nanoTime()).as("DONE within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
    RunController controller = run.factory.controller(run.spec, record, r -> {},
        new Ephemeral(local));
    controller.check();
    return controller;
  }

  /** The local provider, but its disks count as gone with the instance, like a rented GPU's. */
  private record Ephemeral(InstanceProvider local) implements InstanceProvider {
    @Override public Instance launch(LaunchRequest request) throws IOException {
      return local.launch(request);
    }

    @Override public Optional<Instance> find(String runName) throws IOException {
      return local.find(runName);
    }

    @Override public InstanceState state(Instance instance) throws IOException {
      return local.state(instance);
    }

    @Override public RemoteShell shell(Instance instance) throws IOException {
      return local.shell(instance);
    }

    @Override public void destroy(Instance instance) throws IOException {
      local.destroy(instance);
    }

    @Override public String kind() {
      return local.kind();
    }

    @Override public boolean checkpointsDurable(Instance instance) {
      return false;
    }
  }
}
