package dev.babysitter.agent.session;

import dev.babysitter.agent.policy.InvalidPolicyException;
import dev.babysitter.agent.record.StatusBoard;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.StatusLine;
import dev.babysitter.tools.logs.SecretScrubber;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Babysits runs to the end: one {@link Watcher}, one controller per run, status lines on
 * screen, and {@code STATUS.md} rewritten at every check (committed when a run's phase moves).
 */
public final class BabysitLoop {
  private final RunFactory factory;
  private final Clock clock;
  private final PrintStream out;
  private final Map<String, RunController> controllers = new LinkedHashMap<>();
  private final Map<String, String> committedPhase = new LinkedHashMap<>();

  public BabysitLoop(RunFactory factory, Clock clock, PrintStream out) {
    this.factory = factory;
    this.clock = clock;
    this.out = out;
  }

  private boolean stopWhenParked;

  /** The demo's and the tests' ending: a parked run is where a person takes over. */
  public BabysitLoop stopWhenParked() {
    this.stopWhenParked = true;
    return this;
  }

  private java.util.function.Consumer<StatusLine> onStatus;

  /**
   * {@code babysit --json}: each status line worth showing goes to {@code listener} instead of
   * the screen, unscrubbed (the listener scrubs what it prints); other notes still go to out.
   */
  public BabysitLoop onStatus(java.util.function.Consumer<StatusLine> listener) {
    this.onStatus = listener;
    return this;
  }

  /** Babysits until every run finished (true) or {@code limit} passed (false). */
  public boolean run(List<RunSpec> specs, Duration limit)
      throws IOException, InvalidPolicyException, UnsupportedProviderException,
      InterruptedException {
    // A line when something changes, not one per check while a run waits for its DRI.
    dev.babysitter.agent.watch.StatusChanges changes = new dev.babysitter.agent.watch
        .StatusChanges();
    Watcher watcher = new Watcher(clock, outcome -> {
      if (outcome.status() != null && changes.worthPrinting(outcome.status())) {
        if (onStatus != null) {
          onStatus.accept(outcome.status());
        } else {
          out.println(scrubbed(outcome.status()));
        }
      }
    }, problem -> out.println("! " + problem));
    List<BabysitterLock> locks = new ArrayList<>();
    try {
      for (RunSpec spec : specs) {
        // Before the record is read: a second babysitter would act on the same run twice.
        locks.add(BabysitterLock.acquire(factory.store().dirOf(spec.name()), spec.name(),
            clock.instant()));
        RunRecord record = factory.store().load(spec.name()).orElseThrow(() ->
            new IOException("no record for run " + spec.name() + ": launch it first"));
        if (record.finished()) {
          out.println(spec.name() + ": already " + record.phase + "; nothing to babysit");
          continue;
        }
        StatusBoard board = factory.statusBoard(spec, factory.scrubber(spec)::scrub);
        RunController controller = factory.controller(spec, record, r -> updateBoard(board, r));
        if (stopWhenParked) {
          controller.stopWhenParked();
        }
        controllers.put(spec.name(), controller);
        watcher.add(controller, factory.events(spec, record));
      }
      return watcher.run(limit);
    } finally {
      for (BabysitterLock lock : locks) {
        lock.close();
      }
    }
  }

  private String scrubbed(StatusLine status) {
    RunController c = controllers.get(status.run());
    return c == null ? status.render() : factory.scrubber(c.spec()).scrub(status.render());
  }

  /** Remaining steps at the latest observed rate, from the run's own record. */
  private static String eta(RunRecord r, RunSpec s) {
    Double rate = r.memory.stepsPerSecond();
    Long step = r.memory.lastStep();
    if (rate == null || rate <= 0 || step == null) {
      return "unknown (no rate yet)";
    }
    long seconds = (long) (Math.max(0, s.finalStep() - step) / rate);
    return dev.babysitter.agent.run.Durations.format(Duration.ofSeconds(seconds)) + " (step "
        + step + "/" + s.finalStep() + " at " + String.format(java.util.Locale.ROOT, "%.2f",
        rate) + " steps/s)";
  }

  private void updateBoard(StatusBoard board, RunRecord changed) {
    List<StatusBoard.Section> sections = new ArrayList<>();
    for (RunController c : controllers.values()) {
      RunRecord r = c.record();
      if (r.finished()) {
        continue;
      }
      RunSpec s = c.spec();
      SecretScrubber scrub = factory.scrubber(s);
      sections.add(new StatusBoard.Section(s.name(), r.instance == null ? "none" : r.instance.id(),
          r.instance == null ? "" : r.instance.url(), scrub.scrub(s.resolvedCommand()),
          s.resolvedLog(), "stall: no step for 2 checks + stale log + idle GPU; NaN: stop and"
              + " escalate; retries per policy " + s.policy(),
          "on done " + s.teardown().onDone() + ", on failed " + s.teardown().onFailed(),
          r.lastStatus == null ? "" : r.lastStatus, String.format("$%.2f", c.record().cost(clock.instant())),
          eta(r, s),
          r.nextCheckAt == null ? "not scheduled" : dev.babysitter.tools.logbook.Readable.time(
              r.nextCheckAt), s.logbook().path(),
          r.issue == null ? "(none)" : r.issue.url()));
    }
    try {
      board.write(sections, dev.babysitter.tools.logbook.Readable.time(Instant.now(clock)));
      String phase = changed.phase;
      if (!phase.equals(committedPhase.get(changed.runName))) {
        committedPhase.put(changed.runName, phase);
        controllers.get(changed.runName).commitStatus(board.file(),
            changed.runName + ": status " + phase);
      }
    } catch (IOException e) {
      out.println("! STATUS.md not written: " + e.getMessage());
    }
  }
}
