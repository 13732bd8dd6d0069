package dev.babysitter.agent.cli;

import dev.babysitter.agent.demo.Demo;
import dev.babysitter.agent.demo.Scenario;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code babysitter demo}: the product end to end, no keys, no GPU, no network. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Launch the example trainer with injected faults and babysit it to the end "
        + "in a throwaway workspace (git repo + bare origin + local issue store).")
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--scenario", defaultValue = "default", completionCandidates = Scenarios.class,
      description = "one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  String scenario;

  /** Every scenario's label, from the enum: help and completion cannot miss one. */
  static final class Scenarios implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(Scenario.values()).map(Scenario::label).iterator();
    }
  }

  /** The help's footer: each scenario with what it shows and how it ends, from the enum. */
  static void describeScenarios(picocli.CommandLine demo) {
    java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of("",
        "Scenarios:"));
    for (Scenario s : Scenario.values()) {
      // Wrapped here with a hanging indent (picocli would wrap to column 0); % is literal.
      StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "  %-11s",
          s.label()));
      for (String word : (s.description() + " (ends " + s.expectedOutcome() + ")")
          .split(" ")) {
        if (line.length() + 1 + word.length() > 78) {
          lines.add(line.toString().replace("%", "%%"));
          line = new StringBuilder(" ".repeat(13));
        }
        line.append(' ').append(word);
      }
      lines.add(line.toString().replace("%", "%%"));
    }
    demo.getCommandSpec().usageMessage().footer(lines.toArray(String[]::new));
  }

  @Option(names = "--provider", defaultValue = "local",
      description = "local; vast-sim: the full Vast code path against an in-process API and"
          + " SSH server; slurm: a batch job on this host's Slurm, or on a private one-host"
          + " Slurm started for the demo (default: ${DEFAULT-VALUE})")
  String provider;

  @Option(names = "--workspace", paramLabel = "DIR",
      description = "where to create the workspace (default: a new temporary directory)")
  Path workspace;

  @Option(names = "--json", description = "print the final summary as one JSON object on "
      + "stdout; the progress goes to stderr")
  boolean json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec cli;

  @Override
  public Integer call() throws Exception {
    Scenario chosen;
    try {
      chosen = Scenario.fromLabel(scenario);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE);
    }
    if (!provider.equals("local") && !provider.equals("vast-sim") && !provider.equals("slurm")) {
      throw new UserException("--provider must be local, vast-sim or slurm, got " + provider,
          ExitCodes.USAGE);
    }
    Path dir = workspace != null ? workspace : Files.createTempDirectory("babysitter-demo-");
    // Under --json stdout carries the summary object alone; what the demo says goes to stderr.
    java.io.PrintStream progress = json ? System.err : System.out;
    Demo demo = new Demo(Workspace.installRoot(), dir, chosen, progress,
        Clock.systemUTC(), provider.equals("vast-sim"));
    Demo.Result r;
    if (provider.equals("slurm")) {
      try (SlurmForDemo slurm = SlurmForDemo.find(progress)) {
        r = demo.onSlurm(slurm.env()).run(Duration.ofMinutes(5));
      }
    } else {
      r = demo.run(Duration.ofMinutes(5));
    }
    RunRecord record = r.record();
    Path plotDir = dev.babysitter.agent.record.RunPlots.dirBeside(r.logbook(), r.runName());
    List<String> plots = dev.babysitter.agent.record.RunPlots.FILES.stream()
        .map(plotDir::resolve).filter(Files::isRegularFile).map(Path::toString).toList();
    int code = r.asExpected() ? ExitCodes.OK : ExitCodes.FAILURE;
    if (json) {
      JsonOut.print(cli.commandLine().getOut(), summary(chosen, r, dir, plots, code));
      return code;
    }
    System.out.println();
    System.out.printf("outcome: %s (expected %s) after %.1fs, %d relaunch(es)%n",
        record.outcome, chosen.expectedOutcome(), r.wallMillis() / 1000.0,
        record.relaunches.size());
    for (RunRecord.Detection d : record.detections) {
      System.out.println("detected " + d.kind() + (d.signature() == null ? "" : "/"
          + d.signature()) + (d.happenedAt() == null ? "" : String.format(" %.1fs after it "
          + "happened", d.latencyMillis() / 1000.0)));
    }
    record.escalations.values().forEach(e -> System.out.println("escalated " + e.id() + " ("
        + e.rule() + "): " + e.reason()));
    System.out.println("logbook: " + r.logbook() + " (pushed to " + dir.resolve("origin.git")
        + ")");
    System.out.println("issue thread: " + r.issueThread());
    System.out.println("status: " + r.statusFile());
    if (!plots.isEmpty()) {
      System.out.println("plots: " + String.join(" ", plots));
    }
    System.out.println("workspace: " + dir);
    return code;
  }

  /** What the text summary says, as one object. */
  private static java.util.Map<String, Object> summary(Scenario chosen, Demo.Result r, Path dir,
      List<String> plots, int code) {
    RunRecord record = r.record();
    return JsonOut.object("scenario", chosen.label(), "run", r.runName(),
        "outcome", record.outcome, "expected_outcome", chosen.expectedOutcome(),
        "as_expected", r.asExpected(), "phase", record.phase,
        "wall_s", r.wallMillis() / 1000.0,
        "relaunches", record.relaunches.stream().map(m -> m.signature()).toList(),
        "detections", record.detections.stream().map(d -> JsonOut.object("kind", d.kind(),
            "signature", d.signature(), "latency_s", d.happenedAt() == null ? null
                : d.latencyMillis() / 1000.0)).toList(),
        "escalations", record.escalations.values().stream().map(e -> JsonOut.object("id",
            e.id(), "rule", e.rule(), "reason", e.reason(), "status", e.status())).toList(),
        "logbook", r.logbook().toString(), "origin", dir.resolve("origin.git").toString(),
        "issue_thread", r.issueThread() == null ? null : r.issueThread().toString(),
        "status_file", r.statusFile() == null ? null : r.statusFile().toString(),
        "plots", plots, "workspace", dir.toString(),
        "vast_sim", r.sim() == null ? null : JsonOut.object("instances_created",
            r.sim().instancesCreated(), "live_at_end", r.sim().liveAtEnd()),
        "exit_code", code);
  }
}
