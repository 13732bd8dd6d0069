package dev.babysitter.agent.session;

import dev.babysitter.tools.probe.EventStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one canonical watcher: checks each run when its cadence says so, and at once when the
 * run's event stream reports something. Single-threaded; costs nothing between checks.
 */
public final class Watcher {
  private final Clock clock;
  private final Consumer<CheckOutcome> onCheck;
  private final Consumer<String> onProblem;
  private final Map<RunController, Instant> due = new LinkedHashMap<>();
  private final Map<RunController, EventStream> streams = new LinkedHashMap<>();
  private final BlockingQueue<RunController> wakeups = new LinkedBlockingQueue<>();
  private final Map<RunController, String> warned = new java.util.HashMap<>();

  public Watcher(Clock clock, Consumer<CheckOutcome> onCheck, Consumer<String> onProblem) {
    this.clock = clock;
    this.onCheck = onCheck;
    this.onProblem = onProblem;
  }

  public void add(RunController controller, EventStream events) {
    due.put(controller, clock.instant());
    if (events != null) {
      streams.put(controller, events);
      events.start(() -> wakeups.offer(controller));
    }
  }

  /** Runs until every run has finished or {@code limit} passes; true when all finished. */
  public boolean run(Duration limit) throws InterruptedException {
    Instant deadline = clock.instant().plus(limit);
    try {
      while (!due.isEmpty()) {
        Instant now = clock.instant();
        if (now.isAfter(deadline)) {
          return false;
        }
        Map.Entry<RunController, Instant> next = due.entrySet().stream()
            .min(Map.Entry.comparingByValue()).orElseThrow();
        long waitMs = Math.max(0, Duration.between(now, next.getValue()).toMillis());
        RunController woken = wakeups.poll(Math.min(waitMs, Duration.between(now, deadline)
            .toMillis()), TimeUnit.MILLISECONDS);
        RunController target = woken != null && due.containsKey(woken) ? woken : null;
        if (target != null) {
          Thread.sleep(150); // let the supervisor finish writing state.json with its event
          RunController woke = target;
          wakeups.removeIf(c -> c == woke);
        } else if (clock.instant().isBefore(next.getValue())) {
          continue;
        } else {
          target = next.getKey();
        }
        check(target);
      }
      return true;
    } finally {
      streams.values().forEach(EventStream::close);
    }
  }

  private void check(RunController controller) {
    try {
      CheckOutcome outcome = controller.check();
      onCheck.accept(outcome);
      String warning = controller.recordWarning();
      // Said once, not per check: the same problem with other ages or counts is the same one.
      String kind = warning == null ? null : warning.replaceAll("\\d+", "#");
      if (kind != null && !kind.equals(warned.get(controller))) {
        onProblem.accept(controller.spec().name() + ": " + warning);
      }
      warned.put(controller, kind);
      if (outcome.finished()) {
        due.remove(controller);
        EventStream stream = streams.remove(controller);
        if (stream != null) {
          stream.close();
        }
      } else {
        due.put(controller, clock.instant().plus(outcome.next()));
      }
    } catch (IOException | RuntimeException e) {
      String withheld = controller.leaseWithheld();
      onProblem.accept(controller.spec().name() + ": check failed (monitor problem, not a run "
          + "verdict): " + e.getMessage() + (withheld == null ? "" : "; " + withheld));
      due.put(controller, clock.instant().plus(Duration.ofSeconds(5)));
    }
  }
}
