package dev.babysitter.agent.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** One subcommand run in-process the way Main runs it, against a state dir, output captured. */
final class InProcessCli {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  private final Path state;

  InProcessCli(Path state) {
    this.state = state;
  }

  /** Exit code, stdout, stderr of one command line. */
  record Ran(int rc, String out, String err) {}

  /** A whole command line through Main's own command tree, output captured. */
  static Ran main(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int rc = cli.execute(args);
    return new Ran(rc, out.toString(), err.toString());
  }

  int run(Object command, String... args) {
    picocli.CommandLine c = Main.handled(new picocli.CommandLine(command));
    c.setOut(new PrintWriter(out, true));
    c.setErr(new PrintWriter(err, true));
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--state";
    all[args.length + 1] = state.toString();
    return c.execute(all);
  }
}
