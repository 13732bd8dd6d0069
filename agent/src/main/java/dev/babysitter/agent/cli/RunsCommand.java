package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.runs.RunRow;
import dev.babysitter.agent.runs.RunTable;
import dev.babysitter.agent.session.RunFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code babysitter runs [--json]}: one table of every run, like {@code sky status}. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "One table of every run: phase, step/final, rate, cost so far, ETA, next "
        + "check, instance (from the records: no probe, no tokens).")
public final class RunsCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Option(names = "--json", description = "print a JSON array instead of the table")
  boolean json;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    Instant now = Instant.now();
    List<RunRow> rows = new ArrayList<>();
    for (RunRecord r : factory.store().all()) {
      rows.add(RunTable.row(r, now));
    }
    java.io.PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
    } else if (rows.isEmpty()) {
      out.println("no runs in " + factory.workspace().state());
    } else {
      RunTable.render(rows, now).forEach(out::println);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
