package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.tools.checkpoint.Checkpoint;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.provider.InstanceProvider;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * An instance the scheduler took away (a Slurm job cancelled from outside, preempted, or lost
 * with its node) while its run was not finished: the answer is a new instance from the newest
 * complete checkpoint, proposed as a relaunch so that the guard's retry budget and rules judge
 * it like any other. Only providers that can {@link InstanceProvider#resubmit} say yes.
 */
final class LostInstance {
  static final String SIGNATURE = "instance_lost";

  private LostInstance() {}

  static Optional<Proposal> resubmission(InstanceProvider provider, RunRecord record,
      Assessment assessment, CheckpointCatalog catalog) {
    if (record.instance == null || record.finished() || assessment.health() == Health.DONE
        || assessment.alerts().stream().noneMatch(a -> a.kind() == AlertKind.LOST)
        || record.relaunchAttempt == assessment.memory().attempt()) {
      return Optional.empty();
    }
    try {
      if (!provider.resubmittable(record.instance)) {
        return Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the scheduler cannot say now: ask again at the next check
    }
    String from = catalog.newestComplete(record.rejectedCheckpoints).map(Checkpoint::path)
        .orElse(null);
    return Optional.of(new Proposal(new Action.Relaunch(from, SIGNATURE, Map.of()),
        "the scheduler ended " + record.instance.id() + " from outside the run (cancelled,"
            + " preempted or its node failed); submit a new job resuming from "
            + (from == null ? "scratch: no complete checkpoint" : from)));
  }
}
