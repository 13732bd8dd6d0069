package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.BabysitterLock;
import dev.babysitter.agent.session.ManualStop;
import dev.babysitter.agent.session.RunFactory;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code babysitter resume RUN}: the DRI's approval of the escalation a manual stop left, so
 * the run resumes the way every parked run does (the babysitter starts the instance again, then
 * relaunches from the newest complete checkpoint, through the guard). A run parked for another
 * reason waits on its own escalation, which only {@code approve} answers.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Resume a run parked with `babysitter stop`, as its DRI: the babysitter "
        + "starts the instance again at its next check and relaunches from the newest "
        + "complete checkpoint (through the guard).")
public final class ResumeCommand implements Callable<Integer> {
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

  /** Where the approver's identity is looked up; tests replace them. */
  Map<String, String> env = System.getenv();
  java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"));

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.withInstance(factory, run);
    // The check that parks saves the phase first and the escalation to resume at its end
    // (after the logbook's commit): give a stop that is being carried out that long.
    for (int i = 0; i < 100 && "parked".equals(record.phase) && ManualStop.waiting(record) == null
        && record.escalations.values().stream().noneMatch(e -> "pending".equals(e.status()))
        && ManualStop.of(factory.store(), run).everRequested(); i++) {
      Thread.sleep(200);
      record = RunLookup.record(factory, run);
    }
    RunRecord.Escalation waiting = ManualStop.waiting(record);
    if (!"parked".equals(record.phase) || record.finished() || waiting == null) {
      String others = String.join(", ", record.escalations.values().stream()
          .filter(e -> "pending".equals(e.status())).map(e -> e.id() + " (" + e.action() + ")")
          .toList());
      throw new UserException("run '" + run + "' is " + record.phase
          + (!ManualStop.of(factory.store(), run).pending().isEmpty()
              ? " and its stop is not carried out yet (the babysitter does it at its next check)"
              : "parked".equals(record.phase) && !others.isEmpty()
              ? ", waiting for the DRI on " + others + ": answer with babysitter approve " + run
                  + " ID" : ", not stopped by hand: nothing to resume"), ExitCodes.REFUSED);
    }
    DriAnswer.Answer answer = DriAnswer.answer(state, run, waiting.id(), "approve",
        "babysitter resume", note,
        Clock.systemUTC(), env, home);
    String when;
    try (BabysitterLock lock = BabysitterLock.acquire(factory.store().dirOf(run), run,
        Clock.systemUTC().instant())) {
      // Starting the instance with nobody to relaunch the trainer and renew its lease would
      // only bill GPUs: the approval waits for a babysitter.
      when = "no babysitter watches it: start one (babysitter babysit " + run + "); it starts"
          + " the instance again at its first check";
    } catch (BabysitterLock.HeldException held) {
      when = "its babysitter starts the instance again at its next check and relaunches from"
          + " the newest complete checkpoint";
    }
    PrintWriter out = cli.commandLine().getOut();
    if (json) {
      JsonOut.print(out, JsonOut.object("run", run, "outcome", "approved", "id", waiting.id(),
          "by", answer.by(), "takes_effect", when));
    } else {
      out.println(run + ": resume approved (" + waiting.id() + "); " + when);
    }
    return ExitCodes.OK;
  }
}
