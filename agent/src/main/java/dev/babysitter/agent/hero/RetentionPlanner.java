package dev.babysitter.agent.hero;

import dev.babysitter.tools.checkpoint.Checkpoint;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 004's retention: "Preserve the latest requested N, the final checkpoint, the launch
 * checkpoint, any recovery source, and requested milestone anchors", plus the newest one on
 * durable storage. Everything else complete is a deletion candidate; an incomplete checkpoint
 * newer than the newest complete one is a write in progress and kept, an older one is a
 * leftover and a candidate. Pure: the plan is listed and confirmed before anything is deleted.
 */
public final class RetentionPlanner {
  public static final int DEFAULT_KEEP_LAST = 10;

  /**
   * @param keepLast the newest N complete checkpoints kept for rollback
   * @param keepPermanentEvery steps between milestone anchors (kept forever), null = none
   * @param finalStep the run's final step
   * @param pinned paths kept whatever their step, with why: the launch or
   *     {@code initialize_from} checkpoint, the current recovery source
   * @param newestSynced the newest checkpoint on durable storage, or null
   */
  public RetentionPlan plan(CheckpointCatalog catalog, int keepLast, Long keepPermanentEvery,
      long finalStep, Map<String, String> pinned, String newestSynced) {
    List<Checkpoint> all = catalog.all();
    List<Checkpoint> complete = all.stream().filter(Checkpoint::complete).toList();
    long newestCompleteStep = complete.isEmpty() ? Long.MIN_VALUE
        : complete.get(complete.size() - 1).step();
    Map<String, List<String>> kept = new LinkedHashMap<>();
    List<Checkpoint> candidates = new ArrayList<>();
    for (Checkpoint c : all) {
      List<String> why = new ArrayList<>();
      if (!c.complete()) {
        if (c.step() > newestCompleteStep) {
          why.add("being written");
        }
      } else {
        int fromNewest = complete.size() - 1 - complete.indexOf(c);
        if (fromNewest < keepLast) {
          why.add("among the last " + keepLast);
        }
        if (keepPermanentEvery != null && keepPermanentEvery > 0 && c.step() > 0
            && c.step() % keepPermanentEvery == 0) {
          why.add("milestone anchor (every " + keepPermanentEvery + ")");
        }
      }
      if (c.step() == finalStep) {
        why.add("final checkpoint");
      }
      if (pinned.containsKey(c.path())) {
        why.add(pinned.get(c.path()));
      }
      if (c.path().equals(newestSynced)) {
        why.add("newest synced");
      }
      if (why.isEmpty()) {
        candidates.add(c);
      } else {
        kept.put(c.path(), why);
      }
    }
    int remaining = (int) complete.stream().filter(c -> !candidates.contains(c)).count();
    return new RetentionPlan(kept, candidates, remaining);
  }
}
