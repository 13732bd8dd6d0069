package dev.babysitter.agent.run;

import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.issues.IssueRef;
import dev.babysitter.tools.provider.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The babysitter's durable memory of one run: retry counts, stall kills, the watcher's
 * baseline, pending escalations. Saved after every change by {@link RunStore}, so a killed
 * babysitter resumes with its budgets intact. Mutable on purpose: it is the one place a run's
 * evolving state lives; everything else reads snapshots of it.
 */
public final class RunRecord {
  public String runName;
  public String specPath;
  public String phase = "new";
  public Instance instance;
  public Instant launchedAt;
  public Instant endedAt;
  public List<GuardState.RelaunchMark> relaunches = new ArrayList<>();
  public int stallKillsThisAttempt;
  /** The attempt we killed on purpose, and the signature its exit then carries. */
  public int killAttempt;
  public String killSignature;
  /** The step a NaN loss first showed in this run: checkpoints from it on are no recovery source. */
  public Long nanOnsetStep;
  public Instant killRequestedAt;
  /** The attempt whose exit we already answered with a relaunch request. */
  public int relaunchAttempt;
  /**
   * The relaunch request as written to {@code control/relaunch}, recorded (and charged to the
   * budget) before it is sent, and when it was last sent: a babysitter killed in between sends
   * it again instead of relaunching uncharged or not at all.
   */
  public String relaunchRequest;
  public Instant relaunchSentAt;
  /**
   * Parked: when the GPUs were released (null when not parked now), what the parked instance
   * costs per hour, and the seconds spent parked before the current park (billed at that rate).
   */
  public Instant parkedAt;
  public double parkedDollarsPerHour;
  public long parkedSecondsBefore;
  /**
   * The escalations the current park waits for (pending when it parked); null in records
   * written before this was kept. Only their answers, or an approval given while parked, move
   * the run: an older approval or denial belongs to another decision.
   */
  public List<String> parkedFor;
  /** The OOM ladder's flags in force (last sent as OOM_ARGS), null while none was needed. */
  public String oomArgs;
  /**
   * Where a resume of the current park on a new instance starts (the recovery source when it
   * parked: before the NaN onset in a NaN lineage); null when none was known.
   */
  public String parkedResumeFrom;
  /** Parked by destroying the instance (teardown.on_park: destroy): a resume is a new one. */
  public boolean parkedDestroyed;
  /**
   * Why the parked instance may still hold its GPUs (the provider's stop or cancel failed);
   * each parked check asks again until it succeeds. Null once released.
   */
  public String parkUnreleased;
  /** When the run last moved to a new instance (a slow or lost host); null if never. */
  public Instant hostSwitchedAt;
  /**
   * When the parked instance was asked to start again (Vast may take a while, or never); null
   * once it runs, or when it was given up for a new instance after {@code pending_after}.
   */
  public Instant unparkRequestedAt;
  /** When the current instance was asked to start, if after the launch (a switch, a resume). */
  public Instant instanceStartedAt;
  /** Hosts (Vast machine ids) the run was moved off as slow or lost: never rented again. */
  public List<String> leftHosts = new ArrayList<>();
  /** Sealed but the Final Seal not yet written: not finished until it is (a kill in between). */
  public boolean sealPending;
  public Instant lastDestructiveAt;
  public Set<String> rejectedCheckpoints = new LinkedHashSet<>();
  /** Whether, at the last check, the newest complete checkpoint was synced (synced.json). */
  public boolean newestCheckpointSynced;
  public long eventsOffset;
  /**
   * A preempted instance kept aside while the run starts on a new one: whichever runs first
   * goes on, the other is destroyed. Null when there is no such race.
   */
  public Instance standby;
  /** Where the spare's events.jsonl was read up to, for when it is taken back. */
  public long standbyEventsOffset;
  /** The attempt the spare's own supervisor was at when it was set aside (its numbering, not the new instance's). */
  public int standbyAttempt;
  public WatchMemory memory = WatchMemory.fresh(1);
  public List<String> history = new ArrayList<>();
  public IssueRef issue;
  public Map<String, Escalation> escalations = new LinkedHashMap<>();
  /** Approvals in force (unused, unexpired); {@link #approvedIds} mirrors their ids. */
  public Map<String, Approval> approvals = new LinkedHashMap<>();
  public Set<String> approvedIds = new LinkedHashSet<>();
  /** Lines of approvals.jsonl already applied, and issue comments already read. */
  public int approvalLinesApplied;
  public Set<Long> seenCommentIds = new LinkedHashSet<>();
  public Set<String> openAlerts = new LinkedHashSet<>();
  /** What the last launch ran (command, final step, checkpoints, env hashes, output root). */
  public Map<String, String> launchedSpec = new LinkedHashMap<>();
  public boolean sealed;
  public Instant idleSince;
  public Instant nextCheckAt;
  public String lastStatus;
  public String lastAction = "none";
  public String outcome;
  public int checks;
  /** When the last daily digest went to the issue (null: none yet; counted from launch). */
  public Instant lastDigestAt;
  /** Allowed read actions (tail log, GPU status): audited as a count, not one entry each. */
  public long readsAllowed;
  public long detectionsCount;
  public List<Detection> detections = new ArrayList<>();
  /** LLM tokens the babysitter agent spent on this run: in total, and per UTC day. */
  public long tokensTotal;
  public Map<String, Long> tokensByDay = new java.util.TreeMap<>();
  /** The UTC day the DRI was told the token cap put the agent to sleep (told once a day). */
  public String tokenCapToldOn;
  /**
   * The SSH host key of the run's (Vast) instance, trusted on first use: a different key for
   * the same instance is refused. Volatile, one reference: the event stream's thread may set it
   * while the controller's thread saves the record, which persists it.
   */
  public volatile HostKey sshHostKey;

  /** An instance's SSH host key fingerprint ({@code SHA256:...}) and when it was first seen. */
  public record HostKey(String instanceId, String fingerprint, Instant firstSeen) {}

  /** An escalation to the DRI: waits, without acting, until approved or denied. */
  public record Escalation(String id, String rule, String reason, String action, Instant at,
      String status) {
    /** pending | approved | denied | used (approval spent) | expired (approval unused too long) */
    public Escalation withStatus(String newStatus) {
      return new Escalation(id, rule, reason, action, at, newStatus);
    }
  }

  /** A DRI approval of one escalation: who, through what (cli or issue comment), when. */
  public record Approval(String id, String by, String via, Instant at) {}

  /** When a failure happened on the instance, and when the watcher saw it. */
  public record Detection(String kind, String signature, Instant happenedAt, Instant seenAt) {
    public long latencyMillis() {
      return happenedAt == null ? -1 : seenAt.toEpochMilli() - happenedAt.toEpochMilli();
    }
  }

  /**
   * Takes in one check's verdict: the watcher's memory, fresh per-attempt counts when a new
   * attempt began, and since when no trainer has run. The babysit loop and the benchmark's
   * simulated watcher both call it, so the two cannot drift apart.
   */
  public void observe(WatchMemory after, boolean trainerIdle, Instant now) {
    int attemptBefore = memory.attempt();
    memory = after;
    checks++;
    if (after.attempt() != attemptBefore) {
      stallKillsThisAttempt = 0;
      openAlerts.clear();
    }
    idleSince = trainerIdle ? (idleSince == null ? now : idleSince) : null;
  }

  /** Hero-run protocol (issue 16): the W&B identity seen first or pinned in the spec. */
  public String wandbDisplayName;
  /** When W&B was last asked; not before {@code wandbNotBefore} (a 429's Retry-After). */
  public Instant wandbAskedAt;
  public Instant wandbNotBefore;
  /** What W&B said last: state and step, for the seal. */
  public String wandbState;
  public Long wandbStep;
  /** Since when the seal has waited for W&B to say finished (null: not waiting). */
  public Instant wandbSealWaitSince;
  public boolean wandbSealCaveatNoted;
  /** The retention candidates last listed in the logbook, so a listing is not repeated. */
  public String retentionListed;
  /** The most complete checkpoints seen at once: a window that shrinks below 2 collapses. */
  public int mostCompleteCheckpoints;
  /**
   * The latest data position (consumed samples, tokens, epoch) the log showed in attempt
   * {@code dataPositionAttempt}: kept because a long traceback can push it out of the log tail.
   */
  public dev.babysitter.tools.logs.DataPositions.Position dataPosition;
  public int dataPositionAttempt;
  /** The patches of approved dirty-tree launches, kept in the state dir for the seal commit. */
  public List<SourcePatch> sourcePatches = new ArrayList<>();

  /** One approved dirty tree: its identity, where the scrubbed patch is kept, its launch. */
  public record SourcePatch(String hash, String file, String gitSha, Instant launchedAt,
      boolean scrubbed) {}

  public void remember(String statusLine) {
    lastStatus = statusLine;
    history.add(statusLine);
    while (history.size() > 50) {
      history.remove(0);
    }
  }

  public boolean finished() {
    // A parked run the DRI denied, with teardown.on_failed: keep, is over (and still parked).
    return ("done".equals(phase) || "torn_down".equals(phase) || "failed".equals(phase)
        || "parked".equals(phase) && endedAt != null) && !sealPending;
  }

  /** The current instance's full rate (GPUs held); 0 with no instance. */
  public double dollarsPerHour() {
    return instance == null ? 0 : instance.dollarsPerHour();
  }

  /** Billed so far: the full rate while the GPUs were held, the storage rate while parked. */
  public double cost(Instant now) {
    if (launchedAt == null) {
      return 0;
    }
    Instant end = endedAt != null ? endedAt : now;
    double parkedSeconds = parkedSecondsBefore + (parkedAt == null ? 0
        : Math.max(0, Duration.between(parkedAt, end).toSeconds()));
    double allSeconds = Duration.between(launchedAt, end).toMillis() / 1000.0;
    return (dollarsPerHour() * Math.max(0, allSeconds - parkedSeconds)
        + parkedDollarsPerHour * parkedSeconds) / 3600.0;
  }

  /** The park is over (resumed, moved or torn down): its time joins the parked total. */
  public void endPark(Instant now) {
    parkUnreleased = null;
    if (parkedAt != null) {
      parkedSecondsBefore += Duration.between(parkedAt, now).toSeconds();
      parkedAt = null;
    }
  }

  /** Since when the current instance has been coming up: its start, or the run's launch. */
  public Instant instanceSince() {
    return instanceStartedAt != null && (launchedAt == null
        || instanceStartedAt.isAfter(launchedAt)) ? instanceStartedAt : launchedAt;
  }
}
