package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.slurm.SlurmJob;
import dev.babysitter.tools.provider.slurm.SlurmProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmReconciliationTest {

  private static RunRecord record(String run, String jobId, String phase) {
    RunRecord r = new RunRecord();
    r.runName = run;
    r.phase = phase;
    r.instance = new Instance("slurm-" + jobId, run, "slurm", "/shared/" + run, "slurm job "
        + jobId, 0, "slurm");
    return r;
  }

  private static SlurmProvider.LabelledJob job(String id, String run) {
    return new SlurmProvider.LabelledJob(new SlurmJob(id, "RUNNING", "None", "n1"), run);
  }

  @Test
  void anUnownedLabelledJobIsAnOrphanAndALiveRunWithoutItsJobIsLost() {
    List<Reconciliation.Proposal> plan = SlurmReconciliation.plan(
        List.of(job("11", "a"), job("12", "old"), job("13", "stray")),
        List.of(record("a", "11", "running"), record("old", "9", "done"),
            record("b", "14", "running")));

    assertThat(plan).extracting(p -> p.kind() + " " + p.instanceId() + " " + p.runName())
        .containsExactly("DESTROY_ORPHAN slurm-12 old", "DESTROY_ORPHAN slurm-13 stray",
            "MARK_LOST slurm-14 b");
    assertThat(plan.get(1).reason()).isEqualTo("no run record named stray");
    assertThat(plan.get(0).status()).isEqualTo("running on n1");
  }
}
