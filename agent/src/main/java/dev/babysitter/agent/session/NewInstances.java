package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Puts a run on a new instance: a host switch (slow, lost or twice-failed hardware), or a parked
 * run whose old instance cannot be started again. Every move is charged and recorded before
 * the provider acts, so a babysitter killed in between finds it counted.
 */
final class NewInstances {
  private final RunRecord record;
  private final RunStore store;
  private final InstanceProvider provider;
  private final RunJournal journal;
  private final Approvals approvals;
  private RunController.FreshLaunch freshLaunch;

  NewInstances(RunRecord record, RunStore store, InstanceProvider provider, RunJournal journal,
      Approvals approvals) {
    this.record = record;
    this.store = store;
    this.provider = provider;
    this.journal = journal;
    this.approvals = approvals;
  }

  void launchWith(RunController.FreshLaunch launch) {
    this.freshLaunch = launch;
  }

  /** Whether this babysitter can start the run on a new instance at all. */
  boolean canLaunch() {
    return freshLaunch != null;
  }

  /**
   * Moves the run off a slow or lost host (allowed by the guard: within the host_switch budget,
   * newest checkpoint synced): the old instance is destroyed first (a provider finds a run's
   * instance by name, so two would be a duplicate) and the launcher's own request starts a new
   * one, whose supervisor resumes from the newest complete checkpoint.
   */
  void switchHost(Proposal proposal, Assessment assessment, Instant now) throws IOException {
    Action.SwitchInstance sw = (Action.SwitchInstance) proposal.action();
    if (freshLaunch == null) {
      journal.note(record, "cannot switch host", "this babysitter has no launcher for a new "
          + "instance; " + proposal.why());
      return;
    }
    Instance old = record.instance;
    String host = hostOf(old);
    if (host != null && !record.leftHosts.contains(host)) {
      record.leftHosts.add(host); // never rented again for this run
    }
    record.relaunches.add(new GuardState.RelaunchMark(now, sw.budget(), assessment.step()));
    record.relaunchAttempt = assessment.memory().attempt();
    record.hostSwitchedAt = now;
    store.save(record);
    destroyStandby("a newer move of the run");
    // A preempted machine may get its GPUs back before a new offer boots (Vast resumes an
    // outbid instance when it wins again): kept aside, stopped, the first of the two to run
    // goes on. Anything else is left for good.
    boolean kept = HostMoves.PREEMPTION.equals(sw.budget()) && setAside(old);
    if (kept) {
      record.standby = old;
      record.standbyEventsOffset = record.eventsOffset;
      record.standbyAttempt = assessment.memory().attempt();
      store.save(record); // before the launch: a babysitter killed in between finds the spare
    } else {
      provider.destroy(old);
    }
    launchAnew(now, null);
    record.relaunchRequest = null; // the new instance's first attempt resumes from the newest
    record.relaunchSentAt = now;
    record.phase = "running";
    record.idleSince = null;
    store.save(record);
    journal.note(record, "moved to a new instance", old.id() + (kept ? " is kept aside, "
        + "stopped (only its disk bills), in case the provider gives its GPUs back first: "
        + "whichever of the two runs first goes on and the other is destroyed (" : " was "
        + "destroyed (") + sw.reason() + "); the run goes on as " + record.instance.id() + " ("
        + record.instance.hardware() + ")" + (host == null || kept ? "" : ", not on machine "
        + host + " again") + ": " + proposal.why());
  }

  /**
   * Settles the race between a preempted spare and the run's new instance: the first to run
   * goes on and the other is destroyed. Each step is safe to repeat, so a babysitter killed
   * halfway settles it at its next check.
   */
  void settleRace(Instant now) throws IOException {
    Instance spare = record.standby;
    if (spare == null) {
      return;
    }
    if (spare.id().equals(record.instance.id())) {
      // Killed between keeping the spare and recording the new launch: the provider knows
      // whether the launch happened (by the run's name, which the spare no longer answers to).
      Optional<Instance> launched = provider.find(spare.runName());
      if (launched.isPresent()) {
        onNewInstance(launched.get(), now);
      } else {
        launchAnew(now, null);
      }
      store.save(record);
    }
    if (stateOf(record.instance) == InstanceState.RUNNING) {
      destroyStandby("the new instance " + record.instance.id() + " runs first");
      return;
    }
    InstanceState back = stateOf(spare);
    if (back == InstanceState.GONE) {
      record.standby = null;
      store.save(record);
      journal.note(record, "spare gone", "the preempted instance " + spare.id() + " kept aside "
          + "is gone; the run goes on as " + record.instance.id());
      return;
    }
    if (back != InstanceState.RUNNING) {
      return;
    }
    Instance fresh = record.instance;
    provider.destroy(fresh);
    provider.takeBack(spare);
    // its supervisor numbers on from the preempted attempt, already answered by the move
    onInstance(spare, record.standbyEventsOffset, record.standbyAttempt, now);
    record.standby = null;
    store.save(record);
    journal.note(record, "preempted instance back first", spare.id() + " got its GPUs back "
        + "before " + fresh.id() + " ran: the run goes on there (its supervisor starts again "
        + "from the newest complete checkpoint on its disk) and " + fresh.id()
        + " was destroyed");
  }

  /** Destroys the spare kept since a preemption, if any: the run no longer races for it. */
  void destroyStandby(String why) throws IOException {
    Instance spare = record.standby;
    if (spare == null) {
      return;
    }
    if (!spare.id().equals(record.instance == null ? null : record.instance.id())) {
      provider.destroy(spare);
    }
    record.standby = null;
    store.save(record);
    journal.note(record, "spare destroyed", "the preempted instance " + spare.id() + " kept "
        + "aside was destroyed: " + why);
  }

  /** Keeps the instance aside as a spare; false when the provider cannot or says no. */
  private boolean setAside(Instance instance) {
    try {
      return provider.setAside(instance);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private InstanceState stateOf(Instance instance) {
    try {
      return provider.state(instance);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether a parked run can go on on a new instance: a launcher, and a recovery source that
   * outlives the old one. A NaN lineage resumes from before its onset, known from the park
   * (checkpoints are synced as they are written, so an older one is durable when the newest is).
   */
  boolean movable() {
    if (freshLaunch == null) {
      return false;
    }
    if (record.parkedDestroyed) {
      return true;
    }
    return newestCheckpointDurable() && (record.nanOnsetStep == null
        || record.parkedResumeFrom != null);
  }

  /** The newest complete checkpoint survives the instance (durable disk, or synced). */
  boolean newestCheckpointDurable() {
    return provider.checkpointsDurable(record.instance) || record.newestCheckpointSynced;
  }

  /**
   * Moves a parked or unparking run to a new instance from the newest durable checkpoint: the
   * old one is destroyed first (a provider finds a run's instance by name, and its disk would
   * bill on); the new instance's launch is the approved resume, so the approvals are spent.
   */
  void moveParked(Instant now, boolean oldGone, String why, List<String> approvedIds,
      String use) throws IOException {
    Instance old = record.instance;
    record.unparkRequestedAt = now;
    store.save(record);
    if (!oldGone) {
      provider.destroy(old);
    }
    record.parkedDestroyed = false;
    String from = null;
    if (record.nanOnsetStep != null) {
      // The approved relaunch of a NaN lineage, carried out by the new instance's first
      // attempt: from before the onset, charged and recorded like any relaunch.
      from = record.parkedResumeFrom;
      record.relaunches.add(new GuardState.RelaunchMark(now, record.killSignature != null
          ? record.killSignature : "nan_loss", record.memory.lastStep()));
      record.nanOnsetStep = null;
    }
    launchAnew(now, from);
    // The new instance's first attempt is the approved relaunch; its supervisor says so in
    // state.json at once (a fresh disk numbers attempts from 1 again, so the attempt number
    // alone cannot tell the old instance's state from the new one's).
    record.relaunchRequest = from == null ? null : "RESUME_FROM=" + from + "\n";
    record.relaunchSentAt = now;
    record.unparkRequestedAt = null;
    record.endPark(now);
    record.phase = "escalated";
    record.idleSince = null;
    store.save(record);
    journal.note(record, "resumed on a new instance", "the DRI approved; " + why + ": "
        + old.id() + (oldGone ? "" : " was destroyed") + " and the run goes on as "
        + record.instance.id() + " from " + (from == null ? "the newest durable checkpoint"
        : from + ", before the NaN onset"));
    for (Approvals.Note note : approvals.consume(record, new LinkedHashSet<>(approvedIds),
        use)) {
      journal.approvalNote(record, note);
    }
    store.save(record);
  }

  /** The run's new instance, from the launcher's own request; it writes a new events.jsonl. */
  private void launchAnew(Instant now, String resumeFrom) throws IOException {
    onNewInstance(freshLaunch.launch(Set.copyOf(record.leftHosts), resumeFrom), now);
  }

  /**
   * The run on a new instance, whose supervisor numbers its attempts from 1 again: the answer
   * recorded for the old instance's attempt must not swallow the new one's attempt of the same
   * number (a move at attempt 1, then a crash of the new instance's attempt 1, went unanswered),
   * and the new instance's first attempt is the memory's next one.
   */
  private void onNewInstance(Instance fresh, Instant now) {
    onInstance(fresh, 0, 0, now);
  }

  /**
   * The run goes on as {@code instance}: its events read from {@code eventsOffset}, and its
   * supervisor's attempts numbered after {@code attempt}, the one already answered.
   */
  private void onInstance(Instance instance, long eventsOffset, int attempt, Instant now) {
    record.instance = instance;
    record.eventsOffset = eventsOffset;
    record.instanceStartedAt = now;
    record.relaunchAttempt = attempt;
    record.memory = record.memory.withAttempt(attempt);
  }

  /** The old instance's host, when the provider knows it; null otherwise (never fails). */
  private String hostOf(Instance instance) {
    try {
      return provider.hostOf(instance).orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
