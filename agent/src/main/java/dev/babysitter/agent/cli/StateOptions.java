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

  /**
   * The workspace; an explicit {@code --state} must be one that exists (a mistyped path is an
   * error, not an empty list of runs), and is the workspace itself, not its inner state/.
   */
  Workspace workspace() {
    if (state != null) {
      if (!java.nio.file.Files.isDirectory(state)) {
        throw new UserException("--state " + state + ": no such directory (it names the "
            + "babysitter's workspace, ~/.babysitter by default; `launch --state DIR` creates "
            + "one)", ExitCodes.USAGE);
      }
      Path abs = state.toAbsolutePath().normalize();
      if (abs.getFileName() != null && abs.getFileName().toString().equals("state")
          && java.nio.file.Files.isDirectory(abs.resolve("runs"))
          && !java.nio.file.Files.isDirectory(abs.resolve("state"))) {
        throw new UserException("--state " + state + " is the inner state/ directory of a "
            + "workspace; pass the workspace itself: --state " + abs.getParent(),
            ExitCodes.USAGE);
      }
    }
    return Workspace.fromEnvironment(state);
  }

  RunFactory factory() {
    // The user's config file names chat channels for every run (notify:), as a spec does.
    return new RunFactory(workspace(), Clock.systemUTC(), Path.of(""))
        .withUserConfig(AgentOptions.models().configFile());
  }

  /** For {@code launch}: a new {@code --state} directory is created, not refused. */
  RunFactory creatingFactory() throws java.io.IOException {
    if (state != null) {
      java.nio.file.Files.createDirectories(state);
    }
    return factory();
  }
}
