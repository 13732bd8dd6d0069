package dev.babysitter.agent.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter deny RUN ID}: the DRI's answer to an escalation. */
@Command(name = "deny", mixinStandardHelpOptions = true,
    description = "As the run's DRI, deny the escalated action with approval id ID. The "
        + "babysitter picks it up at its next check.")
public final class DenyCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(index = "0", paramLabel = "RUN")
  String run;

  @Parameters(index = "1", paramLabel = "ID", description = "the approval id, e.g. A-1a2b3c")
  String id;

  @Option(names = "--note", paramLabel = "TEXT", description = "why, for the logbook")
  String note;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Where the approver's identity is looked up; tests replace them. */
  java.util.Map<String, String> env = System.getenv();
  java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"));

  @Override
  public Integer call() throws Exception {
    return DriAnswer.answer(state, run, id, "deny", note, spec.commandLine().getOut(),
        Clock.systemUTC(), env, home);
  }
}
