package dev.babysitter.agent.cli;

import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** Where the babysitter keeps its state; shared by the subcommands that need it. */
public final class StateOptions {
  @Option(names = "--state", paramLabel = "DIR",
      description = "state directory (default: $BABYSITTER_STATE or ~/.babysitter)")
  Path state;

  Workspace workspace() {
    return Workspace.fromEnvironment(state);
  }

  RunFactory factory() {
    return new RunFactory(workspace(), Clock.systemUTC(), Path.of(""));
  }
}
