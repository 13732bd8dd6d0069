package dev.babysitter.tools.provider;

import dev.babysitter.tools.supervisor.SupervisorConfig;
import java.util.Map;

/**
 * What a provider needs to start a run: its name, the supervisor's config and extra files for
 * the instance directory. Files under {@link #CODE} are the run's shipped code: a remote
 * provider runs the trainer in their copy.
 */
public record LaunchRequest(String runName, SupervisorConfig supervisor, Map<String, byte[]> files) {
  public static final String CODE = "code/";
}
