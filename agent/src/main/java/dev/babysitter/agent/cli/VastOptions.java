package dev.babysitter.agent.cli;

import dev.babysitter.tools.vast.VastClient;
import dev.babysitter.tools.vast.VastCredentials;
import dev.babysitter.tools.vast.VastException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The Vast API key and URL for the subcommands that talk to Vast directly. */
public final class VastOptions {
  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "Vast API key file (default: $VAST_API_KEY, ~/.config/vastai/vast_api_key,"
          + " ~/.vast_api_key); the URL comes from $VAST_URL")
  Path apiKeyFile;

  /** Replaced by tests; the key and VAST_URL are read from here. */
  Map<String, String> env = System.getenv();

  VastClient client() {
    try {
      VastCredentials credentials = VastCredentials.resolve(Optional.ofNullable(apiKeyFile), env,
          Path.of(System.getProperty("user.home")));
      return VastClient.fromEnvironment(env, credentials);
    } catch (VastException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE);
    }
  }
}
