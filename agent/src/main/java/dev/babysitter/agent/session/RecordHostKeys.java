package dev.babysitter.agent.session;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.shell.HostKeyStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;

/**
 * An instance's SSH host key kept in its run's record, so the record alone says which machine
 * the run trusts. Only the record's owner writes it: the babysitter's controller holds the live
 * record and persists the key with its next save; any other process (watch, a second CLI) reads
 * the saved record and keeps a first-seen key to itself, because saving a record it does not own
 * could undo the babysitter's newer state.
 */
public final class RecordHostKeys implements HostKeyStore {
  private final RunRecord live;
  private final RunStore store;
  private final Instance instance;
  private final Clock clock;
  /** A key first seen by a process that does not own the record: trusted for this shell only. */
  private volatile String seenHere;

  private RecordHostKeys(RunRecord live, RunStore store, Instance instance, Clock clock) {
    this.live = live;
    this.store = store;
    this.instance = instance;
    this.clock = clock;
  }

  /** For the babysitter: {@code record} is the one its controller saves. */
  public static RecordHostKeys live(RunRecord record, RunStore store, Instance instance,
      Clock clock) {
    return new RecordHostKeys(record, store, instance, clock);
  }

  /** For readers of a run a babysitter may own: the saved record, never written. */
  public static RecordHostKeys saved(RunStore store, Instance instance, Clock clock) {
    return new RecordHostKeys(null, store, instance, clock);
  }

  @Override
  public Optional<String> recorded() throws IOException {
    RunRecord.HostKey key = live != null ? live.sshHostKey
        : store.load(instance.runName()).map(r -> r.sshHostKey).orElse(null);
    // A key recorded for an earlier instance of the run says nothing about this one.
    if (key != null && instance.id().equals(key.instanceId())) {
      return Optional.of(key.fingerprint());
    }
    return Optional.ofNullable(seenHere);
  }

  @Override
  public void record(String fingerprint) {
    if (live != null) {
      live.sshHostKey = new RunRecord.HostKey(instance.id(), fingerprint, clock.instant());
    } else {
      seenHere = fingerprint;
    }
  }

  @Override
  public String describe() {
    return "run " + instance.runName() + ", instance " + instance.id();
  }

  @Override
  public String howToForget() {
    return "stop its babysitter and remove sshHostKey from "
        + store.dirOf(instance.runName()).resolve("record.json");
  }
}
