package dev.babysitter.agent.cli;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code babysitter teardown RUN}: destroy a run's instance, through the guard. */
@Command(name = "teardown", mixinStandardHelpOptions = true,
    description = "Destroy a run's instance (through the guard; output files are kept).")
public final class TeardownCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN")
  String run;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.withInstance(factory, run);
    RunSpec spec = RunLookup.spec(record);
    Clock clock = Clock.systemUTC();
    Action destroy = new Action.DestroyInstance(record.instance.id(), "requested by a person");
    Decision decision = new PolicyGuard(factory.policy(spec), clock).decide(destroy,
        new GuardState(run, record.memory.attempt(), record.relaunches,
            record.stallKillsThisAttempt, record.lastDestructiveAt,
            CheckpointCatalog.of("", "x{n}", List.of()), record.rejectedCheckpoints, 0, 0,
            record.approvedIds, null,
            factory.provider(spec).checkpointsDurable(record.instance)));
    dev.babysitter.agent.record.Recorder recorder = factory.recorder(spec,
        factory.scrubber(spec)::scrub);
    dev.babysitter.agent.session.RunJournal.audit(recorder, clock, run, record.issue, destroy,
        decision, "babysitter teardown on the command line");
    recorder.flush();
    if (!decision.allowed()) {
      System.err.println("teardown refused by rule " + decision.rule() + ": "
          + decision.reason());
      return ExitCodes.REFUSED;
    }
    factory.provider(spec).destroy(record.instance);
    record.phase = "torn_down";
    record.endedAt = Instant.now(clock);
    record.lastDestructiveAt = record.endedAt;
    factory.store().save(record);
    System.out.println("destroyed " + record.instance.id());
    return ExitCodes.OK;
  }
}
