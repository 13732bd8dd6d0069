package dev.babysitter.agent.cli;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.policy.PolicyExplainer;
import dev.babysitter.agent.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code babysitter guard explain --policy FILE}: the rules in force, in plain words. */
@Command(name = "guard", mixinStandardHelpOptions = true,
    description = "Inspect the policy guard.",
    subcommands = {GuardCommand.Explain.class})
public final class GuardCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = "Print the rules of a policy file in plain words, in the order the guard "
          + "applies them.")
  static final class Explain implements Callable<Integer> {
    @Option(names = "--policy", paramLabel = "FILE", defaultValue = "policies/default.yaml",
        description = "the policy file (default: ${DEFAULT-VALUE})")
    Path policy;

    @Option(names = "--json", description = "print the rules as JSON: each rule's name, its "
        + "explanation and the policy's limits it applies")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Policy p = new PolicyLoader().load(policy);
      if (json) {
        JsonOut.print(spec.commandLine().getOut(), PolicyJson.of(p, policy.toString()));
        return ExitCodes.OK;
      }
      PolicyExplainer.explain(p).forEach(spec.commandLine().getOut()::println);
      return ExitCodes.OK;
    }
  }
}
