package dev.babysitter.agent.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code babysitter tmux RUN}: one tmux session per run with the babysit loop, a status watch and
 * the runner chat. tmux owns the processes, so closing the terminal does not stop babysitting.
 */
@Command(name = "tmux", mixinStandardHelpOptions = true,
    description = "Open (or attach to) tmux session babysitter-RUN: windows babysit, status, chat.")
public final class TmuxCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN")
  String run;

  @Option(names = "--exe", paramLabel = "CMD", description = "how to invoke babysitter "
      + "(default: $BABYSITTER_EXE or 'babysitter')")
  String exe;

  @Option(names = "--detach", description = "create the session but do not attach")
  boolean detach;

  @picocli.CommandLine.Mixin
  StateOptions state;

  /** The environment tmux runs in, and the install root; tests replace them. */
  java.util.Map<String, String> env = System.getenv();
  java.nio.file.Path installRoot = dev.babysitter.agent.session.Workspace.installRoot();

  @Override
  public Integer call() throws Exception {
    String self = exe != null ? exe : launcher(env, installRoot);
    String session = session(run);
    // The windows' commands get the same workspace; a mistyped one is refused here, once.
    String where = state == null || state.state == null ? null
        : state.workspace().root().toAbsolutePath().toString();
    boolean exists = tmux(List.of("tmux", "has-session", "-t", session), false) == 0;
    if (!exists) {
      for (List<String> step : create(session, self, run, where)) {
        int rc = tmux(step, true);
        if (rc != 0) {
          tmux(List.of("tmux", "kill-session", "-t", session), false); // no half-made session
          throw new UserException("tmux failed (" + rc + "): " + String.join(" ", step),
              ExitCodes.FAILURE);
        }
      }
    }
    if (!detach) {
      int rc = tmux(List.of("tmux", "attach-session", "-t", session), true);
      if (rc != 0) {
        if (!exists) {
          // Outside a terminal attach fails: leave nothing behind that the user did not see.
          tmux(List.of("tmux", "kill-session", "-t", session), false);
        }
        throw new UserException("tmux could not attach (" + rc + ")" + (exists ? ""
            : "; the new session was removed") + ". Outside a terminal use --detach, then: "
            + "tmux attach -t " + session, ExitCodes.FAILURE);
      }
    }
    System.out.println((exists ? "attached to " : "started ") + session
        + (detach ? " (attach with: tmux attach -t " + session + ")" : ""));
    return ExitCodes.OK;
  }

  /**
   * How the windows invoke babysitter: $BABYSITTER_EXE, else the launcher this process was
   * started by, by absolute path (the README's {@code ./babysitter tmux RUN} does not put it on
   * PATH), else {@code babysitter} from PATH.
   */
  static String launcher(java.util.Map<String, String> env, java.nio.file.Path installRoot) {
    String fromEnv = env.get("BABYSITTER_EXE");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    java.nio.file.Path script = installRoot.resolve("babysitter");
    if (java.nio.file.Files.isRegularFile(script) && java.nio.file.Files.isExecutable(script)) {
      return "'" + script.toString().replace("'", "'\\''") + "'";
    }
    return "babysitter";
  }

  private int tmux(List<String> command, boolean io) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(env);
    if (io) {
      pb.inheritIO();
    } else {
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    return pb.start().waitFor();
  }

  static String session(String run) {
    return "babysitter-" + run.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** The commands that build the session; pure, so tests check them without tmux. */
  static List<List<String>> create(String session, String self, String run) {
    return create(session, self, run, null);
  }

  /** {@code stateDir}: the workspace the windows use (null: their default). */
  static List<List<String>> create(String session, String self, String run, String stateDir) {
    String q = "'" + run.replace("'", "'\\''") + "'" + (stateDir == null ? ""
        : " --state '" + stateDir.replace("'", "'\\''") + "'");
    List<List<String>> steps = new ArrayList<>();
    steps.add(List.of("tmux", "new-session", "-d", "-s", session, "-n", "babysit",
        self + " babysit " + q + "; exec $SHELL"));
    steps.add(List.of("tmux", "new-window", "-t", session, "-n", "status",
        "while true; do clear; " + self + " status " + q + "; sleep 30; done"));
    steps.add(List.of("tmux", "new-window", "-t", session, "-n", "chat",
        self + " chat " + q + "; exec $SHELL"));
    return steps;
  }
}
