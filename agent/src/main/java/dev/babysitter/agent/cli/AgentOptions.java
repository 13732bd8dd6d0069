package dev.babysitter.agent.cli;

import dev.babysitter.agent.llm.ModelFactory;
import dev.babysitter.agent.llm.Prompts;
import dev.babysitter.agent.session.Workspace;
import java.nio.file.Path;
import java.util.List;

/** Where the agents' model and prompts come from, for the subcommands that wake an agent. */
final class AgentOptions {
  private AgentOptions() {}

  static ModelFactory models() {
    return ModelFactory.fromSystem();
  }

  static Prompts prompts() {
    return new Prompts(List.of(Path.of("").toAbsolutePath(), Workspace.installRoot()));
  }
}
