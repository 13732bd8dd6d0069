package dev.babysitter.agent.cli;

import picocli.CommandLine.Command;

/** {@code babysitter deny RUN ID}: the DRI's answer to an escalation. */
@Command(name = "deny", mixinStandardHelpOptions = true,
    description = "As the run's DRI, deny the escalated action with approval id ID. The "
        + "babysitter picks it up at its next check.")
public final class DenyCommand extends DriAnswer {
  @Override
  String verb() {
    return "deny";
  }
}
