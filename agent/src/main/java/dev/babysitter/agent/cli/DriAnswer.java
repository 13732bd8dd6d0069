package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.RunFactory;
import java.io.PrintWriter;
import java.time.Clock;

/**
 * What {@code approve} and {@code deny} share: find the escalation, check it can still be
 * answered and that the DRI is asking, append the answer to the run's approvals.jsonl (never the
 * record itself, which a running babysitter may be saving) and say when it takes effect.
 */
abstract class DriAnswer implements java.util.concurrent.Callable<Integer> {
  @picocli.CommandLine.Mixin
  StateOptions state;

  @picocli.CommandLine.Parameters(index = "0", paramLabel = "RUN")
  String run;

  @picocli.CommandLine.Parameters(index = "1", paramLabel = "ID",
      description = "the approval id, e.g. A-1a2b3c")
  String id;

  @picocli.CommandLine.Option(names = "--note", paramLabel = "TEXT",
      description = "why, for the logbook")
  String note;

  @picocli.CommandLine.Option(names = "--json", description = "print the answer as JSON")
  boolean json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  /** Where the approver's identity is looked up; tests replace them. */
  java.util.Map<String, String> env = System.getenv();
  java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"));

  /** approve | deny */
  abstract String verb();

  @Override
  public Integer call() throws Exception {
    Answer a = answer(state, run, id, verb(), note, Clock.systemUTC(), env, home);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonOut.print(out, JsonOut.object("run", run, "id", id, "answer", verb(), "action",
          a.action(), "by", a.by(), "takes_effect", a.when()));
    } else {
      out.println(a.said());
      out.println(a.when());
    }
    return ExitCodes.OK;
  }

  /** The DRI's answer as recorded: what it answers, who gave it, and when it takes effect. */
  record Answer(String action, String by, String said, String when) {}

  static Answer answer(StateOptions state, String run, String id, String verb, String note,
      Clock clock, java.util.Map<String, String> env, java.nio.file.Path home)
      throws Exception {
    return answer(state, run, id, verb, "babysitter " + verb, note, clock, env, home);
  }

  /** {@code command}: what the person typed, for the record (resume approves too). */
  static Answer answer(StateOptions state, String run, String id, String verb, String command,
      String note, Clock clock, java.util.Map<String, String> env, java.nio.file.Path home)
      throws Exception {
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.record(factory, run);
    RunSpec spec = RunLookup.spec(record);
    RunRecord.Escalation e = record.escalations.get(id);
    if (e == null) {
      throw new UserException("run '" + run + "' has no escalation " + id + (record.escalations
          .isEmpty() ? "" : " (known: " + String.join(", ", record.escalations.keySet()) + ")"),
          ExitCodes.NOT_FOUND);
    }
    boolean answerable = "pending".equals(e.status())
        || ("deny".equals(verb) && "approved".equals(e.status()));
    if (!answerable) {
      throw new UserException("escalation " + id + " is " + e.status() + ": nothing to "
          + verb, ExitCodes.REFUSED);
    }
    // On a finished run no babysitter checks again: only a teardown (used by `teardown` or
    // `reconcile`) or a launch with config drift (used by `launch`) can still act on an approval.
    String action = e.action() == null ? "" : e.action();
    boolean usableWhenFinished = action.startsWith("destroy ") || action.startsWith("launch ");
    if ("approve".equals(verb) && record.finished() && !usableWhenFinished) {
      throw new UserException("run '" + run + "' is " + record.phase + ": nothing will act on "
          + id + " (" + action + "), so it was not approved. To go on, launch the run again: "
          + "babysitter launch " + (record.specPath == null ? "SPEC" : record.specPath),
          ExitCodes.REFUSED);
    }
    Approver who = Approver.resolve(factory.tracker(spec, env, home), env, home,
        System.getProperty("user.name", "?"));
    ApprovalFile.of(factory.store(), run).append(new ApprovalFile.Entry(verb, id, who.login(),
        command + " as " + who.describe(), clock.instant(),
        note == null ? "" : note));
    if (!who.is(spec.dri())) {
      // Appended anyway: the babysitter logs the attempt and ignores it.
      throw new UserException("only the DRI " + spec.dri() + " can " + verb + " " + id
          + "; you are " + who.describe() + ". Nothing changes: the attempt is logged. "
          + (who.verified() ? "Answer on the issue as " + spec.dri() + " (/" + verb + " " + id
          + ") or with their token." : "If this machine is " + spec.dri() + "'s, set "
          + "BABYSITTER_LOGIN=" + spec.dri() + "."), ExitCodes.REFUSED);
    }
    String said = ("approve".equals(verb) ? "approved " : "denied ") + id + " for run " + run
        + ": " + e.action();
    String when = "parked".equals(record.phase) && !record.finished()
        ? "the babysitter starts the parked instance again at its next check, then acts on it"
        : !record.finished() ? "the babysitter acts on it at its next check"
        : action.startsWith("destroy ") ? "use it with: babysitter teardown " + run
        : "use it with: babysitter launch " + (record.specPath == null ? "SPEC" : record.specPath);
    return new Answer(e.action(), who.describe(), said, "approve".equals(verb)
        ? when + "; it is used once and expires after "
            + dev.babysitter.agent.run.Durations.format(factory.policy(spec).approvalTtl())
        : "the action stays refused");
  }
}
