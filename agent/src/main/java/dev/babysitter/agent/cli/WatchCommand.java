package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.EventWait;
import dev.babysitter.agent.session.RunFactory;
import java.time.Clock;
import java.util.concurrent.Callable;
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

  @Option(names = "--json", description = "print one JSON object when the wait ends: the "
      + "event, its line and the exit code")
  boolean json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec cli;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.withInstance(factory, run);
    RunSpec spec = RunLookup.spec(record);
    java.io.PrintWriter out = cli.commandLine().getOut();
    EventWait.Outcome outcome = new EventWait(factory, Clock.systemUTC()).await(spec, record,
        Durations.parse(timeout), json ? line -> { } : line -> {
          out.println(line);
          out.flush();
        });
    int code = switch (outcome.event()) {
      case DONE -> ExitCodes.WATCH_DONE;
      case CRASH -> ExitCodes.WATCH_CRASH;
      case ALERT -> ExitCodes.WATCH_ALERT;
      case TIMEOUT -> ExitCodes.WATCH_TIMEOUT;
    };
    if (json) {
      JsonOut.print(out, JsonOut.object("run", run, "event", outcome.event().name()
          .toLowerCase(java.util.Locale.ROOT), "line", outcome.line(), "exit_code", code));
    } else if (outcome.event() == EventWait.Event.TIMEOUT) {
      out.println("timeout");
    }
    out.flush();
    return code;
  }
}
