package dev.babysitter.agent.session;

import java.nio.file.Path;
import java.util.Map;

/**
 * How this process reaches Vast: the environment the API key and {@code VAST_URL} are read from,
 * the home directory of the key files, where instance directories live on the instance, and the
 * trainer's working directory there. The vast-sim demo swaps all of these for local stand-ins.
 *
 * @param workDir the supervisor's WORK_DIR on the instance; null keeps the launcher's (the sim,
 *     whose "instance" shares this file system)
 */
public record VastAccess(Map<String, String> env, Path home, String remoteRoot, String workDir,
    boolean outputsSurviveDestroy) {

  public VastAccess {
    env = Map.copyOf(env);
  }

  /** Real instances: their disk, checkpoints included, goes when they are destroyed. */
  public VastAccess(Map<String, String> env, Path home, String remoteRoot, String workDir) {
    this(env, home, remoteRoot, workDir, false);
  }

  /** The real thing: this process's environment, the user's home, /workspace on the instance. */
  public static VastAccess system() {
    return new VastAccess(System.getenv(), Path.of(System.getProperty("user.home")),
        "/workspace/babysitter", "/workspace");
  }
}
