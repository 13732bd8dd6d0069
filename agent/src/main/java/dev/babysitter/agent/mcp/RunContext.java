package dev.babysitter.agent.mcp;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.llm.ChatEffects;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.tools.logs.SecretScrubber;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One run as a tool call sees it, read fresh from the state directory for every call (the
 * babysitter, another process, keeps changing the record): its record, spec, policy, guard,
 * scrubber (the spec's env and the process's) and mailbox.
 */
record RunContext(RunRecord record, RunSpec spec, Policy policy, PolicyGuard guard,
    SecretScrubber scrubber, Mailbox mailbox, McpEffects effects) {

  /** A run the caller named that is not there: a tool error, not a crash. */
  static final class NoSuchRun extends Exception {
    private static final long serialVersionUID = 1L;

    NoSuchRun(String message) {
      super(message);
    }
  }

  static RunContext open(RunFactory factory, String run, Clock clock) throws Exception {
    if (run == null || run.isBlank()) {
      throw new NoSuchRun("name the run: the 'run' argument is required (see the runs tool)");
    }
    RunRecord record = factory.store().load(run).orElseThrow(() -> new NoSuchRun(
        "no run named '" + run + "' (the runs tool lists them)"));
    if (record.specPath == null) {
      throw new NoSuchRun("run '" + run + "' has no spec path in its record");
    }
    RunSpec spec = new RunSpecLoader().load(Path.of(record.specPath));
    Policy policy = factory.policy(spec);
    SecretScrubber scrubber = factory.scrubber(spec);
    Mailbox mailbox = Mailbox.of(factory.store(), run, scrubber::scrub);
    ChatEffects chat = new ChatEffects(record, mailbox, scrubber::scrub, clock,
        factory.store(), BabysitterMcpServer.AUTHOR);
    return new RunContext(record, spec, policy, new PolicyGuard(policy, clock), scrubber,
        mailbox, new McpEffects(chat, factory, spec, record, scrubber::scrub, clock));
  }
}
