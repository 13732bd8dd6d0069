package dev.babysitter.agent.cli;

import dev.babysitter.agent.mcp.BabysitterMcpServer;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code babysitter mcp}: serves the Model Context Protocol over stdin/stdout. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
    description = {"Serve the Model Context Protocol over stdio for a coding agent: read tools "
        + "(runs, status, tail_log, nvidia_smi, checkpoints, logbook, guard_rules), "
        + "wait_for_event, and the babysitter agent's action tools, each through the run's "
        + "PolicyGuard. Resources: babysitter://runs/RUN/logbook and .../status.",
        "Claude Code: claude mcp add babysitter -- /path/to/babysitter mcp",
        "Codex (~/.codex/config.toml): [mcp_servers.babysitter] command = "
            + "\"/path/to/babysitter\", args = [\"mcp\"]"})
public final class McpCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Override
  public Integer call() throws Exception {
    // stdout carries the protocol alone: anything else printed would corrupt it.
    OutputStream protocol = new FileOutputStream(FileDescriptor.out);
    PrintStream err = System.err;
    System.setOut(err);
    new BabysitterMcpServer(state.factory(), Clock.systemUTC(), (tool, args, verdict, detail) ->
        err.println("babysitter mcp: " + tool + " " + args + " -> guard: " + verdict
            + ("none".equals(verdict) ? "" : " (" + detail + ")")))
        .serve(System.in, protocol, "0.1.0");
    return ExitCodes.OK;
  }
}
