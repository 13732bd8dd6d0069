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

  @Override
  public Integer call() throws Exception {
    String self = exe != null ? exe : System.getenv().getOrDefault("BABYSITTER_EXE", "babysitter");
    String session = session(run);
    boolean exists = new ProcessBuilder("tmux", "has-session", "-t", session)
        .redirectErrorStream(true).start().waitFor() == 0;
    List<List<String>> steps = exists ? new ArrayList<>() : create(session, self, run);
    if (!detach) {
      steps.add(List.of("tmux", "attach-session", "-t", session));
    }
    for (List<String> step : steps) {
      int rc = new ProcessBuilder(step).inheritIO().start().waitFor();
      if (rc != 0) {
        throw new UserException("tmux failed (" + rc + "): " + String.join(" ", step),
            ExitCodes.FAILURE);
      }
    }
    System.out.println((exists ? "attached to " : "started ") + session
        + (detach ? " (attach with: tmux attach -t " + session + ")" : ""));
    return ExitCodes.OK;
  }

  static String session(String run) {
    return "babysitter-" + run.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** The commands that build the session; pure, so tests check them without tmux. */
  static List<List<String>> create(String session, String self, String run) {
    String q = "'" + run.replace("'", "'\\''") + "'";
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
