package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.BabysitLoop;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.watch.StatusLine;
import dev.babysitter.tools.logs.SecretScrubber;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Option(names = "--json", description = "newline-delimited JSON on stdout: one object per "
      + "status line (when something changes, and a heartbeat), and one when babysitting ends; "
      + "other notes go to stderr")
  boolean json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec cli;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    List<RunSpec> specs = new ArrayList<>();
    for (String run : runs) {
      RunRecord record = RunLookup.record(factory, run);
      specs.add(RunLookup.spec(record));
    }
    // Under --json stdout carries only JSON objects; the loop's own notes go to stderr.
    PrintStream notes = json ? System.err : System.out;
    var models = AgentOptions.models();
    var settings = models.settings();
    if (settings.isEmpty()) {
      notes.println(dev.babysitter.agent.llm.ModelFactory.NOT_CONFIGURED);
    } else {
      factory.useAgents(new dev.babysitter.agent.llm.LlmAgents(models, settings.get(),
          AgentOptions.prompts(), Clock.systemUTC()));
      notes.println("babysitter agent: " + settings.get() + " (woken only for alerts the "
          + "playbook cannot settle)");
    }
    PrintWriter out = cli.commandLine().getOut();
    BabysitLoop loop = new BabysitLoop(factory, Clock.systemUTC(), notes);
    if (json) {
      loop.onStatus(status -> JsonOut.line(out, statusObject(factory, specs, status)));
    }
    boolean finished;
    try {
      finished = loop.run(specs, Durations.parse(maxWall));
    } catch (dev.babysitter.agent.session.BabysitterLock.HeldException e) {
      throw new UserException(e.getMessage(), ExitCodes.BUSY);
    }
    int code = finished ? ExitCodes.OK : ExitCodes.WATCH_TIMEOUT;
    if (json) {
      List<Map<String, Object>> ended = new ArrayList<>();
      for (RunSpec spec : specs) {
        RunRecord r = factory.store().load(spec.name()).orElse(null);
        ended.add(JsonOut.object("run", spec.name(), "phase", r == null ? null : r.phase,
            "outcome", r == null ? null : r.outcome));
      }
      JsonOut.line(out, JsonOut.object("event", "end", "time", Clock.systemUTC().instant(),
          "finished", finished, "runs", ended, "exit_code", code));
    }
    return code;
  }

  /**
   * One status line as data: the fields the human line shows, scrubbed like it, plus the run's
   * phase and instance id from its record (the line's state is the trainer's, the phase the
   * babysitter's), as {@code status --json} names them.
   */
  private static Map<String, Object> statusObject(RunFactory factory, List<RunSpec> specs,
      StatusLine s) {
    RunSpec spec = specs.stream().filter(x -> x.name().equals(s.run())).findFirst()
        .orElse(null);
    SecretScrubber scrubber = spec == null ? new SecretScrubber(List.of())
        : factory.scrubber(spec);
    RunRecord record;
    try {
      record = factory.store().load(s.run()).orElse(null);
    } catch (java.io.IOException | RuntimeException e) {
      record = null; // the line is still worth printing without the record's fields
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", "status");
    m.put("time", s.at());
    m.put("run", s.run());
    m.put("phase", record == null ? null : record.phase);
    m.put("state", scrubber.scrub(s.state()));
    m.put("attempt", s.attempt());
    m.put("step", s.step());
    m.put("final_step", s.finalStep());
    m.put("steps_per_second", s.stepsPerSecond());
    m.put("loss", s.loss());
    m.put("eval", s.evalLoss());
    m.put("gpu_util", s.gpuUtil());
    m.put("gpu_mem", s.gpuMemPct());
    m.put("cost_usd", s.costUsd());
    m.put("projected_cost_usd", s.projectedCostUsd());
    m.put("eta_s", s.etaSeconds());
    m.put("next_s", s.nextSeconds());
    m.put("action", s.action() == null ? null : scrubber.scrub(s.action()));
    m.put("alerts", s.alerts() == null ? List.of() : s.alerts().stream().map(scrubber::scrub)
        .toList());
    m.put("instance", record == null || record.instance == null ? null : record.instance.id());
    m.put("instance_state", s.instance()); // the provider's word, known when a probe failed
    m.put("line", scrubber.scrub(s.render()));
    return m;
  }
}
