package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.Assessment;
import java.util.List;

/** Why the babysitter agent is woken: the unsettled alerts, with the check that raised them. */
public record Wake(RunSpec spec, RunRecord record, Assessment assessment, List<Alert> alerts,
    GuardState guard, String why) {
  public Wake {
    alerts = List.copyOf(alerts);
  }
}
