package dev.babysitter.agent.bench.poll;

/**
 * What a strategy does after a look. {@code fromStep}: the checkpoint step to resume from, as the
 * strategy saw it listed; null for the newest synced one. {@code alerting}: the look found
 * something wrong (counts as detection even when the strategy does nothing about it).
 */
public record Reaction(Verdict verdict, Long fromStep, boolean alerting, String why) {

  /** The moves open to a strategy; the simulation carries them out. */
  public enum Verdict {
    /** Nothing to do. */
    NONE,
    /** Restart the trainer on the same host from a checkpoint. */
    RELAUNCH,
    /** Stop a stuck trainer, then restart it from a checkpoint. */
    KILL_RELAUNCH,
    /** Resume on a new host from the synced checkpoint (the old one is released). */
    MOVE_HOST,
    /** A judgment call: page the DRI and hold the instance, GPUs and all, until they answer. */
    PAGE,
    /** End the job (GPUs released, disk kept) and notify the DRI, who restarts it by hand. */
    STOP_AND_PAGE,
    /** The run finished: release the instance. */
    TEARDOWN
  }

  public static Reaction none(boolean alerting) {
    return new Reaction(Verdict.NONE, null, alerting, "");
  }

  public static Reaction of(Verdict v, Long fromStep, String why) {
    return new Reaction(v, fromStep, v != Verdict.TEARDOWN, why);
  }
}
