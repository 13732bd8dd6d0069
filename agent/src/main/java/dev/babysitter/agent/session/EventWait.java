package dev.babysitter.agent.session;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Cadence;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.probe.EventStream;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@code watch --until-event} contract, for the command and the MCP server alike: probes
 * the run on the policy's cadence (woken early by its event stream), spending nothing and
 * acting on nothing, and returns at the first DONE, ALERT or CRASH, or at the deadline.
 */
public final class EventWait {
  /** What ended the wait. */
  public enum Event { DONE, ALERT, CRASH, TIMEOUT }

  /** The event and the line that says it (the health and its alerts; "timeout"). */
  public record Outcome(Event event, String line) {}

  private final RunFactory factory;
  private final Clock clock;

  public EventWait(RunFactory factory, Clock clock) {
    this.factory = factory;
    this.clock = clock;
  }

  /**
   * Blocks until an event or {@code timeout}. {@code lines}: each unhealthy verdict as it is
   * seen (the command prints them; healthy checks stay silent).
   */
  public Outcome await(RunSpec spec, RunRecord record, Duration timeout, Consumer<String> lines)
      throws IOException, InterruptedException, dev.babysitter.agent.policy.InvalidPolicyException,
      UnsupportedProviderException {
    Policy policy = factory.policy(spec);
    HealthAssessor assessor = new HealthAssessor(policy.alerts(), factory.parser(spec),
        new FailureClassifier());
    Cadence cadence = new Cadence(policy.cadence());
    Prober prober = new Prober(clock, Duration.ofSeconds(60));
    Instant deadline = clock.instant().plus(timeout);
    WatchMemory memory = record.memory;
    long offset = record.eventsOffset;
    Semaphore wake = new Semaphore(0);
    EventStream events = factory.events(spec, record);
    if (events != null) {
      events.start(wake::release);
    }
    try {
      while (clock.instant().isBefore(deadline)) {
        Probe probe;
        try (RemoteShell shell = factory.provider(spec).shell(record.instance)) {
          probe = prober.probe(shell, record.instance.home(), offset, 200, 0);
        }
        offset = probe.eventsOffset();
        Assessment a = assessor.assess(probe, memory, spec.finalStep(), record.launchedAt);
        memory = a.memory();
        String line = a.health().label() + (a.alerts().isEmpty() ? ""
            : " " + String.join("; ", a.alerts().stream().map(x -> x.summary()).toList()));
        // Silent while healthy: the caller waits on the event, not on chatter.
        if (a.health() != Health.HEALTHY && a.health() != Health.STARTING
            && a.health() != Health.SUSPECT) {
          lines.accept(line);
        }
        if (a.health() == Health.DONE) {
          return new Outcome(Event.DONE, line);
        }
        if (a.has(AlertKind.CRASH) || a.has(AlertKind.EARLY_EXIT) || a.has(AlertKind.LOST)
            || a.health() == Health.STOPPED) {
          return new Outcome(Event.CRASH, line);
        }
        if (a.health() == Health.ALERT) {
          return new Outcome(Event.ALERT, line);
        }
        Duration next = cadence.next(new Cadence.Input(a.health(), memory.checks(),
            memory.healthyInRow(), null, a.eta()));
        long waitMs = Math.min(next.toMillis(), Duration.between(clock.instant(), deadline)
            .toMillis());
        wake.tryAcquire(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      }
      return new Outcome(Event.TIMEOUT, "timeout");
    } finally {
      if (events != null) {
        events.close();
      }
    }
  }
}
