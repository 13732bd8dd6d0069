package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.BabysitLoop;
import dev.babysitter.agent.session.RunFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter babysit RUN...}: the long-running watcher + playbook loop. */
@Command(name = "babysit", mixinStandardHelpOptions = true,
    description = "Watch runs with adaptive cadence and the event stream; act through the "
        + "guard; record everything. Safe to kill and restart: counts live in the run record.")
public final class BabysitCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN", arity = "1..*", description = "run names")
  List<String> runs;

  @Option(names = "--max-wall", paramLabel = "DURATION", defaultValue = "7d",
      description = "stop babysitting after this long (default ${DEFAULT-VALUE})")
  String maxWall;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    List<RunSpec> specs = new ArrayList<>();
    for (String run : runs) {
      RunRecord record = RunLookup.record(factory, run);
      specs.add(RunLookup.spec(record));
    }
    var models = AgentOptions.models();
    var settings = models.settings();
    if (settings.isEmpty()) {
      System.out.println(dev.babysitter.agent.llm.ModelFactory.NOT_CONFIGURED);
    } else {
      factory.useAgents(new dev.babysitter.agent.llm.LlmAgents(models, settings.get(),
          AgentOptions.prompts(), Clock.systemUTC()));
      System.out.println("babysitter agent: " + settings.get() + " (woken only for alerts the "
          + "playbook cannot settle)");
    }
    boolean finished;
    try {
      finished = new BabysitLoop(factory, Clock.systemUTC(), System.out).run(specs,
          Durations.parse(maxWall));
    } catch (dev.babysitter.agent.session.BabysitterLock.HeldException e) {
      throw new UserException(e.getMessage(), ExitCodes.BUSY);
    }
    return finished ? ExitCodes.OK : ExitCodes.WATCH_TIMEOUT;
  }
}
