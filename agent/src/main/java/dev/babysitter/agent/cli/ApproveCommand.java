package dev.babysitter.agent.cli;

import picocli.CommandLine.Command;

/** {@code babysitter approve RUN ID}: the DRI's answer to an escalation. */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "As the run's DRI, approve the escalated action with approval id ID. The "
        + "babysitter picks it up at its next check.")
public final class ApproveCommand extends DriAnswer {
  @Override
  String verb() {
    return "approve";
  }
}
