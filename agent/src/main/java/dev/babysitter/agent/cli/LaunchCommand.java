package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.RunLauncher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter launch SPEC}: start a run, print its instance, return. */
@Command(name = "launch", mixinStandardHelpOptions = true,
    description = "Validate a run spec, open its logbook and issue, start it and return. "
        + "Nothing is destroyed when this command exits.")
public final class LaunchCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "SPEC", description = "the run spec (run.yaml)")
  Path specFile;

  @Option(names = "--json", description = "print the outcome as JSON")
  boolean json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec cli;

  @Option(names = "--workdir", paramLabel = "DIR",
      description = "where the command runs (default: the current directory)")
  Path workdir;

  @Override
  public Integer call() throws Exception {
    RunSpec spec = new RunSpecLoader().load(specFile);
    RunFactory factory = state.creatingFactory();
    Path dir = (workdir == null ? Path.of("") : workdir).toAbsolutePath().normalize();
    RunLauncher.Result result = new RunLauncher(factory, Clock.systemUTC()).launch(spec,
        specFile, dir);
    if (json) {
      return printJson(spec, factory, result);
    }
    System.out.println("issues: " + factory.tracker(spec).describe());
    result.validated().forEach((k, v) -> System.out.println(k.replace("`", "") + ": "
        + v));
    if (result.refusal() != null) {
      System.err.println("launch refused by rule " + result.refusal().rule() + ": "
          + result.refusal().reason());
      if (result.refusal() instanceof dev.babysitter.agent.guard.Decision.Escalate e) {
        System.err.println("waiting for the DRI (@" + spec.dri() + "): babysitter approve "
            + spec.name() + " " + e.approvalId() + (state.state == null ? "" : " --state "
            + state.state) + ", then launch again");
      }
      return ExitCodes.REFUSED;
    }
    System.out.println((result.alreadyRunning() ? "already running: " : "launched: ")
        + result.instance().id());
    System.out.println("console: " + result.instance().url());
    System.out.println("babysit it: babysitter babysit " + spec.name()
        + (state.state == null ? "" : " --state " + state.state));
    return ExitCodes.OK;
  }

  private int printJson(RunSpec spec, RunFactory factory, RunLauncher.Result result) {
    java.io.PrintWriter out = cli.commandLine().getOut();
    if (result.refusal() != null) {
      java.util.Map<String, Object> error = JsonOut.error("launch refused by rule "
          + result.refusal().rule() + ": " + result.refusal().reason(), ExitCodes.REFUSED);
      error.put("approval_id", result.refusal() instanceof dev.babysitter.agent.guard.Decision
          .Escalate e ? e.approvalId() : null);
      JsonOut.print(out, error);
      return ExitCodes.REFUSED;
    }
    JsonOut.print(out, JsonOut.object("run", spec.name(), "outcome", result.alreadyRunning()
        ? "already_running" : "launched", "instance", result.instance().id(), "console",
        result.instance().url(), "issues", factory.tracker(spec).describe(), "validated",
        result.validated().entrySet().stream().collect(java.util.stream.Collectors.toMap(
            e -> e.getKey().replace("`", ""), java.util.Map.Entry::getValue, (a, b) -> b,
            java.util.LinkedHashMap::new))));
    return ExitCodes.OK;
  }
}
