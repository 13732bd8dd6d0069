package dev.babysitter.agent.session;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.provider.VastSettings;
import dev.babysitter.tools.vast.VastInstance;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares what Vast has with what our run records believe. Pure: the caller fetches both
 * sides, shows the proposals, and applies them (a destroy only through the guard).
 */
public final class Reconciliation {
  private Reconciliation() {}

  /** What to do about one mismatch. */
  public enum Kind {
    /** A babysitter-labelled instance that no live run owns: it bills with nobody watching. */
    DESTROY_ORPHAN,
    /** A live run whose instance Vast no longer has: the record must stop pretending. */
    MARK_LOST
  }

  /**
   * @param runName the run the label or the record names
   * @param dollarsPerHour what the orphan costs while it lives (0 for lost runs)
   */
  public record Proposal(Kind kind, String instanceId, String runName, String status,
      double dollarsPerHour, String reason) {}

  public static List<Proposal> plan(List<VastInstance> instances, List<RunRecord> records) {
    List<RunRecord> live = records.stream()
        .filter(r -> r.instance != null && "vast".equals(r.instance.provider()) && !r.finished())
        .toList();
    Set<String> owned = new HashSet<>();
    for (RunRecord r : live) {
      owned.add(r.instance.id());
      if (r.standby != null) {
        owned.add(r.standby.id()); // a preempted instance kept aside as the run's spare
      }
    }
    Set<String> existing = instances.stream().map(i -> String.valueOf(i.id()))
        .collect(Collectors.toSet());
    List<Proposal> out = new ArrayList<>();
    for (VastInstance i : instances) {
      String label = i.label() == null ? "" : i.label();
      // Only instances we labelled: anything else on the account is somebody else's business.
      if (!label.startsWith(VastSettings.LABEL_PREFIX) || owned.contains(String.valueOf(i.id()))) {
        continue;
      }
      String labelled = label.substring(VastSettings.LABEL_PREFIX.length());
      String run = labelled.endsWith(VastSettings.SPARE_SUFFIX) // a preempted one kept aside
          ? labelled.substring(0, labelled.length() - VastSettings.SPARE_SUFFIX.length())
          : labelled;
      String why = records.stream().anyMatch(r -> run.equals(r.runName))
          ? "run " + run + " is finished or runs on another instance"
          : "no run record named " + run;
      out.add(new Proposal(Kind.DESTROY_ORPHAN, String.valueOf(i.id()), run,
          i.actualStatus() == null ? "provisioning" : i.actualStatus(),
          i.dphTotal() == null ? 0 : i.dphTotal(), why));
    }
    for (RunRecord r : live) {
      if (!existing.contains(r.instance.id())) {
        out.add(new Proposal(Kind.MARK_LOST, r.instance.id(), r.runName, "gone", 0,
            "the record says " + r.phase + " but Vast has no instance " + r.instance.id()));
      }
    }
    return out;
  }
}
