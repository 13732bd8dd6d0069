package dev.babysitter.agent.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code babysitter completion bash|zsh}: the shell completion script, from picocli. */
@Command(name = "completion", mixinStandardHelpOptions = true,
    description = {"Print the shell completion script (picocli's generator). Install it with:",
        "  bash: babysitter completion bash > ~/.babysitter-completion && echo "
            + "'. ~/.babysitter-completion' >> ~/.bashrc",
        "  zsh:  babysitter completion zsh > ~/.babysitter-completion && echo "
            + "'. ~/.babysitter-completion' >> ~/.zshrc"})
public final class CompletionCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SHELL", description = "bash or zsh")
  String shell;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new UserException("completion: SHELL must be bash or zsh, got " + shell,
          ExitCodes.USAGE);
    }
    // One script serves both: picocli's loads bashcompinit itself when run by zsh.
    spec.commandLine().getOut().print(AutoComplete.bash("babysitter",
        spec.commandLine().getParent()));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
