package dev.babysitter.agent.cli;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.RunFactory;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code babysitter watch RUN --until-event}: blocks, spending nothing, and returns only on
 * DONE (0), ALERT (10), CRASH (11) or TIMEOUT (12), so a shell loop or a coding agent can wait
 * on it. It observes only: it neither acts nor renews the dead-man lease.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = "Block until the run is DONE (exit 0), ALERTs (10), CRASHes (11) or the "
        + "wait times out (12). Read-only.")
public final class WatchCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN")
  String run;

  @Option(names = "--until-event", description = "block until an event (the only mode)")
  boolean untilEvent = true;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "24h")
  String timeout;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.withInstance(factory, run);
    RunSpec spec = RunLookup.spec(record);
    Policy policy = factory.policy(spec);
    Clock clock = Clock.systemUTC();
    HealthAssessor assessor = new HealthAssessor(policy.alerts(), factory.parser(spec),
        new FailureClassifier());
    Cadence cadence = new Cadence(policy.cadence());
    Prober prober = new Prober(clock, Duration.ofSeconds(60));
    Instant deadline = clock.instant().plus(Durations.parse(timeout));
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
        // Silent while healthy: the caller waits on the exit code, not on chatter.
        if (a.health() != Health.HEALTHY && a.health() != Health.STARTING
            && a.health() != Health.SUSPECT) {
          System.out.println(a.health().label() + (a.alerts().isEmpty() ? ""
              : " " + String.join("; ", a.alerts().stream().map(x -> x.summary()).toList())));
        }
        if (a.health() == Health.DONE) {
          return ExitCodes.WATCH_DONE;
        }
        if (a.has(AlertKind.CRASH) || a.has(AlertKind.EARLY_EXIT) || a.has(AlertKind.LOST)
            || a.health() == Health.STOPPED) {
          return ExitCodes.WATCH_CRASH;
        }
        if (a.health() == Health.ALERT) {
          return ExitCodes.WATCH_ALERT;
        }
        Duration next = cadence.next(new Cadence.Input(a.health(), memory.checks(),
            memory.healthyInRow(), null, a.eta()));
        long waitMs = Math.min(next.toMillis(), Duration.between(clock.instant(), deadline)
            .toMillis());
        wake.tryAcquire(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
        wake.drainPermits();
      }
      System.out.println("timeout");
      return ExitCodes.WATCH_TIMEOUT;
    } finally {
      if (events != null) {
        events.close();
      }
    }
  }
}
