package dev.babysitter.agent.cli;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.BabysitterLock;
import dev.babysitter.agent.session.ManualStop;
import dev.babysitter.agent.session.RunFactory;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code babysitter stop RUN}: park a run by hand. The request goes where the run's babysitter
 * reads it at its next check ({@link ManualStop}); with no babysitter alive (its lock free) this
 * command takes the lock and runs that same check itself, so the park goes through the guard,
 * the journal and the logbook exactly as the babysitter's would.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Park a run by hand: its trainer stopped and its GPUs released, its disk and "
        + "checkpoints kept (through the guard, recorded in the logbook). The run's babysitter "
        + "does it at its next check; with none running it is done now. `babysitter resume "
        + "RUN` goes on from the newest complete checkpoint.")
public final class StopCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN")
  String run;

  @Option(names = "--note", paramLabel = "TEXT", description = "why, for the logbook")
  String note;

  @Option(names = "--json", description = "print the outcome as JSON")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec cli;

  /** Where the requester's identity is looked up; tests replace them. */
  Map<String, String> env = System.getenv();
  java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"));

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.withInstance(factory, run);
    RunSpec spec = RunLookup.spec(record);
    if (record.finished()) {
      throw new UserException("run '" + run + "' is " + record.phase + ": nothing to stop",
          ExitCodes.REFUSED);
    }
    if ("parked".equals(record.phase)) {
      return print(record, "already parked", "nothing to do");
    }
    // Asked first here, so a refusal is said at once; the babysitter asks again when it acts.
    Action park = new Action.Park(record.instance.id(), "requested by a person");
    Decision decision = new PolicyGuard(factory.policy(spec), clock).decide(park,
        FinishedRunEscalation.fromRecord(run, record, 0, record.newestCheckpointSynced));
    if (!decision.allowed()) {
      throw new UserException("stop " + (decision instanceof Decision.Escalate e
          ? FinishedRunEscalation.head(e) : "refused by rule " + decision.rule() + ": "
          + decision.reason()) + "; nothing was done", ExitCodes.REFUSED);
    }
    Approver who = requester(factory, spec);
    Instant now = clock.instant();
    ManualStop.of(factory.store(), run).request(new ManualStop.Request(who.login(),
        "babysitter stop as " + who.describe(), now, note == null ? "" : note));
    try (BabysitterLock lock = BabysitterLock.acquire(factory.store().dirOf(run), run, now)) {
      // Nobody babysits the run: the check a babysitter would run, here and now.
      factory.controller(spec, record, r -> { }).check();
    } catch (BabysitterLock.HeldException held) {
      return print(record, "requested", "the run's babysitter parks it at its next check"
          + (record.nextCheckAt == null ? "" : " (due "
          + dev.babysitter.tools.logbook.Readable.time(record.nextCheckAt) + ")"));
    }
    RunRecord after = RunLookup.record(factory, run);
    if (!"parked".equals(after.phase)) {
      throw new UserException("run '" + run + "' was not parked (" + after.lastAction + "); "
          + "see its logbook", ExitCodes.REFUSED);
    }
    return print(after, "parked", "instance " + after.instance.id() + " stopped, its disk "
        + "kept; resume with: babysitter resume " + run);
  }

  /** Who asks, for the record; stopping spends nothing, so an unverifiable identity is noted. */
  private Approver requester(RunFactory factory, RunSpec spec) throws Exception {
    String user = System.getProperty("user.name", "?");
    try {
      return Approver.resolve(factory.tracker(spec, env, home), env, home, user);
    } catch (UserException unverifiable) {
      return new Approver(user, "the local user name; the tracker could not say", false);
    }
  }

  private int print(RunRecord record, String outcome, String detail) {
    PrintWriter out = cli.commandLine().getOut();
    RunRecord.Escalation waiting = ManualStop.waiting(record);
    if (json) {
      JsonOut.print(out, JsonOut.object("run", run, "outcome", outcome, "detail", detail,
          "phase", record.phase, "resume_id", waiting == null ? null : waiting.id()));
    } else {
      out.println(run + ": " + outcome + ": " + detail);
    }
    return ExitCodes.OK;
  }
}
