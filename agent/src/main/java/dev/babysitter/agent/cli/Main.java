package dev.babysitter.agent.cli;

import dev.babysitter.agent.policy.InvalidPolicyException;
import dev.babysitter.agent.run.InvalidSpecException;
import dev.babysitter.agent.session.UnsupportedProviderException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code babysitter} command: one picocli class per subcommand. */
@Command(name = "babysitter", mixinStandardHelpOptions = true, version = "babysitter 0.1.0",
    description = "Launches GPU training runs, watches them cheaply, fixes what it safely can "
        + "and escalates the rest to the run's DRI.",
    subcommands = {DemoCommand.class, LaunchCommand.class, BabysitCommand.class,
        StatusCommand.class, WatchCommand.class, ClassifyCommand.class, ParseCommand.class,
        TeardownCommand.class, GuardCommand.class, ApproveCommand.class, DenyCommand.class,
        ChatCommand.class, TmuxCommand.class, OffersCommand.class, ReconcileCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class, McpCommand.class, RunsCommand.class,
        LogsCommand.class, CompletionCommand.class, StopCommand.class, ResumeCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK + ":ok (watch: the run is done)",
        ExitCodes.FAILURE + ":failure (internal error, unreachable model, failed check)",
        ExitCodes.USAGE + ":bad input: a malformed spec or policy, a missing file, a wrong "
            + "option or --state",
        ExitCodes.REFUSED + ":the guard refused or escalated: nothing was done",
        ExitCodes.NOT_FOUND + ":no such run, instance or escalation",
        ExitCodes.BUSY + ":another babysitter already watches the run",
        ExitCodes.WATCH_ALERT + ":watch: the run alerts",
        ExitCodes.WATCH_CRASH + ":watch: the run crashed",
        ExitCodes.WATCH_TIMEOUT + ":watch: the wait timed out"})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    DemoCommand.describeScenarios(cli.getSubcommands().get("demo"));
    return handled(cli);
  }

  /**
   * One message and one exit code per failure (see {@link ExitCodes}), for any command; under
   * {@code --json} the message is a JSON object on stdout instead.
   */
  static CommandLine handled(CommandLine cli) {
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      int code = exitCode(e);
      if (JsonOut.requested(parseResult)) {
        // One line: it also ends the newline-delimited streams of babysit and logs -f.
        JsonOut.line(commandLine.getOut(), JsonOut.error(message(e).replaceFirst(
            "^babysitter: ", ""), code));
      } else {
        commandLine.getErr().println(message(e));
      }
      if (code == ExitCodes.FAILURE && System.getenv("BABYSITTER_DEBUG") != null) {
        e.printStackTrace(commandLine.getErr());
      }
      return code;
    });
    CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((e, args) -> {
      if (!JsonOut.requested(e.getCommandLine(), args)) {
        return usage.handleParseException(e, args);
      }
      JsonOut.line(e.getCommandLine().getOut(), JsonOut.error(e.getMessage(), ExitCodes.USAGE));
      return ExitCodes.USAGE;
    });
    return cli;
  }

  private static int exitCode(Exception e) {
    if (e instanceof UserException user) {
      return user.exitCode();
    }
    if (e instanceof InvalidSpecException || e instanceof InvalidPolicyException
        || e instanceof UnsupportedProviderException || e instanceof java.nio.file
        .NoSuchFileException || e instanceof dev.babysitter.agent.session.SetupProblemException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.FAILURE;
  }

  private static String message(Exception e) {
    if (e instanceof UserException || e instanceof InvalidSpecException
        || e instanceof dev.babysitter.agent.run.UnreadableRecordException
        || e instanceof InvalidPolicyException || e instanceof UnsupportedProviderException
        || e instanceof dev.babysitter.agent.session.SetupProblemException) {
      return "babysitter: " + e.getMessage();
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "babysitter: file not found: " + e.getMessage();
    }
    return "babysitter: internal error: " + e + " (set BABYSITTER_DEBUG=1 for the stack trace)";
  }
}
