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

  /** The record of a run that has (or had) an instance: watch and teardown need one. */
  static RunRecord withInstance(RunFactory factory, String run) throws IOException {
    RunRecord record = record(factory, run);
    if (record.instance == null) {
      throw new UserException("run '" + run + "' has no instance", ExitCodes.NOT_FOUND);
    }
    return record;
  }

  static RunSpec spec(RunRecord record) throws IOException, InvalidSpecException {
    if (record.specPath == null) {
      throw new UserException("run '" + record.runName + "' has no spec path in its record",
          ExitCodes.NOT_FOUND);
    }
    return new RunSpecLoader().load(Path.of(record.specPath));
  }
}
