package dev.babysitter.agent.session;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.provider.slurm.SlurmProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Reconciliation} for Slurm: our labelled jobs that no live run owns (they hold an
 * allocation with nobody watching), and live Slurm runs whose job the scheduler no longer
 * lists. Pure: the caller lists the jobs and applies the proposals.
 */
public final class SlurmReconciliation {
  private SlurmReconciliation() {}

  public static List<Reconciliation.Proposal> plan(List<SlurmProvider.LabelledJob> jobs,
      List<RunRecord> records) {
    List<RunRecord> live = records.stream()
        .filter(r -> r.instance != null && "slurm".equals(r.instance.provider()) && !r.finished())
        .toList();
    Set<String> owned = live.stream().map(r -> r.instance.id()).collect(Collectors.toSet());
    Set<String> existing = jobs.stream().map(j -> "slurm-" + j.job().id())
        .collect(Collectors.toSet());
    List<Reconciliation.Proposal> out = new ArrayList<>();
    for (SlurmProvider.LabelledJob j : jobs) {
      String id = "slurm-" + j.job().id();
      if (owned.contains(id)) {
        continue;
      }
      String why = records.stream().anyMatch(r -> j.runName().equals(r.runName))
          ? "run " + j.runName() + " is finished or runs in another job"
          : "no run record named " + j.runName();
      out.add(new Reconciliation.Proposal(Reconciliation.Kind.DESTROY_ORPHAN, id, j.runName(),
          j.job().describe(), 0, why));
    }
    for (RunRecord r : live) {
      if (!existing.contains(r.instance.id())) {
        out.add(new Reconciliation.Proposal(Reconciliation.Kind.MARK_LOST, r.instance.id(),
            r.runName, "gone", 0, "the record says " + r.phase + " but Slurm lists no job "
                + r.instance.id()));
      }
    }
    return out;
  }
}
