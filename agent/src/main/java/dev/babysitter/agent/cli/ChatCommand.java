package dev.babysitter.agent.cli;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.llm.ChatEffects;
import dev.babysitter.agent.llm.ChatSession;
import dev.babysitter.agent.llm.FileChatMemoryStore;
import dev.babysitter.agent.llm.ModelFactory;
import dev.babysitter.agent.llm.RunPlanner;
import dev.babysitter.agent.llm.TokenMeter;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.run.Mailbox;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.tools.logs.SecretScrubber;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code babysitter chat [RUN]}: talk to the runner agent about a run, or plan a new one. */
@Command(name = "chat", mixinStandardHelpOptions = true,
    description = "A REPL with the runner agent: explains the run from its record, logbook and "
        + "mailbox (what the babysitter did since you last looked comes first), continues the "
        + "run's last conversation, drafts specs, launches (planning or ended runs), proposes "
        + "changes to live runs; everything through the guard. /hold TEXT stops "
        + "relaunch/destroy until /release.")
public final class ChatCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN", arity = "0..1", description = "run name (none: plan a run)")
  String run;

  /** The terminal and the model's configuration; tests replace them. */
  java.util.Map<String, String> env = System.getenv();
  java.nio.file.Path home = java.nio.file.Path.of(System.getProperty("user.home"));
  java.io.InputStream in = System.in;
  java.io.PrintStream out = System.out;
  dev.babysitter.agent.llm.Prompts prompts = AgentOptions.prompts();

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    Clock clock = Clock.systemUTC();
    RunRecord record;
    Policy policy;
    SecretScrubber scrubber;
    if (run != null) {
      record = RunLookup.record(factory, run);
      var spec = RunLookup.spec(record);
      policy = factory.policy(spec);
      scrubber = factory.scrubber(spec);
    } else {
      record = new RunRecord();
      record.runName = "new-run";
      policy = new dev.babysitter.agent.policy.PolicyLoader().load(
          dev.babysitter.agent.session.Workspace.installRoot().resolve("policies/default.yaml"));
      scrubber = SecretScrubber.fromEnvironment(env);
    }
    Mailbox mailbox = Mailbox.of(factory.store(), record.runName, scrubber::scrub);
    ModelFactory models = new ModelFactory(env, home);
    Optional<ModelFactory.Settings> settings = models.settings();
    ChatModel model = settings.map(s -> models.create(s, List.of(new TokenMeter(
        factory.store().dirOf(record.runName).getParent(), record.runName, "runner", null,
        clock)))).orElse(null);
    // A run's conversation is kept beside its record, so the next chat continues it. Planning
    // keeps it in memory: there is no run to attach it to yet, and an old planning talk (whose
    // spec may since have been launched) would steer a new plan; the drafted spec is the record.
    ChatMemoryStore memory = run == null ? new InMemoryChatMemoryStore()
        : new FileChatMemoryStore(factory.store().dirOf(record.runName), scrubber::scrub);
    try {
      new ChatSession(model, prompts.load("runner"), new PolicyGuard(policy, clock),
          new ChatEffects(record, mailbox, scrubber::scrub, clock, factory.store()), mailbox,
          scrubber::scrub, clock,
          new RunPlanner(factory, java.nio.file.Path.of(""), clock, run == null ? null : record),
          memory)
          .run(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out);
    } catch (dev.babysitter.agent.llm.ModelUnreachableException e) {
      out.flush();
      throw new UserException(e.getMessage(), ExitCodes.FAILURE);
    }
    return ExitCodes.OK;
  }
}
