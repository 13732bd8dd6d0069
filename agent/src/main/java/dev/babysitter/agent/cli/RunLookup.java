package dev.babysitter.agent.cli;

import dev.babysitter.agent.run.InvalidSpecException;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.RunFactory;
import java.io.IOException;
import java.nio.file.Path;

/** Finds a run's record and its spec by name, with a clear error when either is missing. */
final class RunLookup {
  private RunLookup() {}

  static RunRecord record(RunFactory factory, String run) throws IOException {
    return factory.store().load(run).orElseThrow(() -> new UserException("no run named '" + run
        + "' in " + factory.workspace().state() + " (launch it first, or pass --state)",
        ExitCodes.NOT_FOUND));
  }

  static RunSpec spec(RunRecord record) throws IOException, InvalidSpecException {
    if (record.specPath == null) {
      throw new UserException("run '" + record.runName + "' has no spec path in its record",
          ExitCodes.NOT_FOUND);
    }
    return new RunSpecLoader().load(Path.of(record.specPath));
  }
}
