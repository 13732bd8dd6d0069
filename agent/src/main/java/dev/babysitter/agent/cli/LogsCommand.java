package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.TrainerLog;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter logs RUN [-f] [--lines N]}: the trainer's log, like {@code sky logs}. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Print the trainer's log through the provider's shell (scrubbed); -f follows "
        + "it until the run ends or you press Ctrl-C.")
public final class LogsCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN")
  String run;

  @Option(names = {"-f", "--follow"}, description = "keep printing new lines")
  boolean follow;

  @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50",
      description = "lines from the end (default ${DEFAULT-VALUE})")
  int lines;

  @Option(names = "--json", description = "print {\"run\": …, \"lines\": […]}; with -f one "
      + "{\"line\": …} object per line (newline-delimited JSON)")
  boolean json;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "2s", hidden = true)
  String poll;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (lines < 1) {
      throw new UserException("--lines must be at least 1", ExitCodes.USAGE);
    }
    RunFactory factory = state.factory();
    RunRecord record = RunLookup.withInstance(factory, run);
    RunSpec runSpec = RunLookup.spec(record);
    PrintWriter out = spec.commandLine().getOut();
    Duration every = dev.babysitter.agent.run.Durations.parse(poll);
    try (RemoteShell shell = factory.provider(runSpec).shell(record.instance)) {
      TrainerLog log = new TrainerLog(shell, record.instance.home(),
          factory.scrubber(runSpec)::scrub, Duration.ofSeconds(60));
      try {
        // The size first: a line written in between is printed twice rather than lost.
        long offset = follow ? log.size() : 0;
        java.util.List<String> tail = log.tail(lines);
        if (json && !follow) {
          JsonOut.print(out, JsonOut.object("run", run, "lines", tail));
          return ExitCodes.OK;
        }
        tail.forEach(line -> print(out, line));
        out.flush();
        if (!follow) {
          return ExitCodes.OK;
        }
        while (true) {
          Thread.sleep(every.toMillis());
          TrainerLog.Chunk chunk = log.since(offset);
          chunk.lines().forEach(line -> print(out, line));
          out.flush();
          offset = chunk.offset();
          RunRecord now = factory.store().load(run).orElse(record);
          if (now.finished() && chunk.lines().isEmpty()) {
            return ExitCodes.OK;
          }
        }
      } catch (java.io.IOException e) {
        throw new UserException("cannot read the log of run '" + run + "': " + e.getMessage(),
            ExitCodes.FAILURE);
      }
    }
  }

  /** A followed line: as it is, or under --json one {"line": …} object of its own. */
  private void print(PrintWriter out, String line) {
    if (json) {
      JsonOut.line(out, JsonOut.object("line", line));
    } else {
      out.println(line);
    }
  }
}
