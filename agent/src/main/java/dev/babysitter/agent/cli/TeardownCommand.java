package dev.babysitter.agent.cli;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.Approvals;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.vast.VastException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code babysitter teardown RUN}: destroy a run's instance, through the guard. A destroy the
 * guard escalates (the newest checkpoint not synced, a strict policy) waits for the DRI: for a
 * finished run the escalation lands in its record, {@code babysitter approve} answers it and a
 * second teardown uses the approval once.
 */
@Command(name = "teardown", mixinStandardHelpOptions = true,
    description = "Destroy a run's instance (through the guard; output files are kept).")
public final class TeardownCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN")
  String run;

  @picocli.CommandLine.Option(names = "--json", description = "print the outcome as JSON")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec cli;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.withInstance(factory, run);
    RunSpec spec = RunLookup.spec(record);
    Policy policy = factory.policy(spec);
    Clock clock = Clock.systemUTC();
    Instant now = clock.instant();
    PrintWriter out = cli.commandLine().getOut();
    Approvals approvals = new Approvals(ApprovalFile.of(factory.store(), run),
        policy.approvalTtl(), spec.dri());
    if (record.finished()) {
      approvals.collect(record, List.of(), now); // no babysitter reads them for a finished run
    }
    try {
      InstanceProvider provider = factory.provider(spec);
      Action destroy = new Action.DestroyInstance(record.instance.id(), "requested by a person");
      Decision decision = new PolicyGuard(policy, clock).decide(destroy,
          FinishedRunEscalation.fromRecord(run, record, 0, provider.checkpointsDurable(
              record.instance) || record.newestCheckpointSynced));
      dev.babysitter.agent.record.Recorder recorder = factory.recorder(spec,
          factory.scrubber(spec)::scrub);
      dev.babysitter.agent.session.RunJournal.audit(recorder, clock, run, record.issue, destroy,
          decision, "babysitter teardown on the command line");
      recorder.flush();
      if (decision instanceof Decision.Escalate escalate) {
        throw new UserException("teardown " + FinishedRunEscalation.raise(factory.store(),
            record, escalate, destroy, "run babysitter teardown " + run + " again", now).text(),
            ExitCodes.REFUSED);
      }
      if (!decision.allowed()) {
        throw new UserException("teardown refused by rule " + decision.rule() + ": "
            + decision.reason(), ExitCodes.REFUSED);
      }
      if (record.standby != null && !record.standby.id().equals(record.instance.id())) {
        provider.destroy(record.standby); // a preempted instance kept aside as a spare
      }
      record.standby = null;
      provider.destroy(record.instance);
      if (decision instanceof Decision.Allow allow) {
        approvals.consume(record, allow.approvalsUsed(), destroy.describe());
      }
    } catch (VastException e) {
      throw VastFailure.of(e);
    }
    record.phase = "torn_down";
    record.endedAt = now;
    record.lastDestructiveAt = now;
    factory.store().save(record);
    if (json) {
      JsonOut.print(out, JsonOut.object("run", run, "destroyed", record.instance.id(),
          "phase", record.phase));
    } else {
      out.println("destroyed " + record.instance.id());
    }
    return ExitCodes.OK;
  }
}
