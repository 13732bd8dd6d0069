package dev.babysitter.agent.hero;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.tools.checkpoint.Checkpoint;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints not advancing (seed 004: "training steps move but complete checkpoints do not
 * appear, metadata.json is missing, writes are stuck ... alert before the rollback window
 * collapses"). Two signs, from the probe's listing: a checkpoint newer than the newest complete
 * one whose marker has not appeared for longer than a save takes, or steps that ran past
 * {@code checkpointStuckFactor} times the usual spacing (in steps, from the last two complete
 * checkpoints) with no new complete one. Pure.
 */
public final class StuckCheckpoints {
  private final Policy.HeroRules rules;

  public StuckCheckpoints(Policy.HeroRules rules) {
    this.rules = rules;
  }

  /** {@code step}: where the log is now, or null when unknown. */
  public Optional<Alert> check(CheckpointCatalog catalog, Long step, Instant now) {
    List<Checkpoint> complete = catalog.all().stream().filter(Checkpoint::complete).toList();
    long newestCompleteStep = complete.isEmpty() ? Long.MIN_VALUE
        : complete.get(complete.size() - 1).step();
    String window = complete.size() + " complete checkpoint" + (complete.size() == 1 ? "" : "s")
        + " in the rollback window";
    for (Checkpoint c : catalog.all()) {
      if (!c.complete() && c.step() > newestCompleteStep && c.modified() != null) {
        Duration open = Duration.between(c.modified(), now);
        if (open.compareTo(rules.checkpointSaveMax()) > 0) {
          return Optional.of(new Alert(AlertKind.CHECKPOINT_STUCK, c.name() + " has had no "
              + "completion marker for " + open.toMinutes() + " min (a save takes at most "
              + rules.checkpointSaveMax().toMinutes() + " min): the write looks stuck; "
              + window, null, c.step()));
        }
      }
    }
    if (complete.size() < 2 || step == null) {
      return Optional.empty();
    }
    long every = newestCompleteStep - complete.get(complete.size() - 2).step();
    long since = step - newestCompleteStep;
    if (every > 0 && since > rules.checkpointStuckFactor() * every) {
      return Optional.of(new Alert(AlertKind.CHECKPOINT_STUCK, "step " + step + " is " + since
          + " steps past the newest complete checkpoint " + complete.get(complete.size() - 1)
              .name() + ", over " + rules.checkpointStuckFactor() + "x the usual spacing of "
          + every + " steps: checkpoints are not advancing; " + window, null,
          newestCompleteStep));
    }
    return Optional.empty();
  }
}
