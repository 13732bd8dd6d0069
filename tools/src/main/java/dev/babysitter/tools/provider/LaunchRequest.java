package dev.babysitter.tools.provider;

import dev.babysitter.tools.supervisor.SupervisorConfig;
import java.util.Map;
import java.util.Set;

/**
 * What a provider needs to start a run: its name, the supervisor's config and extra files for
 * the instance directory. Files under {@link #CODE} are the run's shipped code: a remote
 * provider runs the trainer in their copy. {@code avoidHosts} are hosts (Vast machine ids) the
 * run was moved off because they were slow or lost: a provider that rents machines never picks
 * them again for this run.
 */
public record LaunchRequest(String runName, SupervisorConfig supervisor, Map<String, byte[]> files,
    Set<String> avoidHosts) {
  public static final String CODE = "code/";

  public LaunchRequest {
    avoidHosts = avoidHosts == null ? Set.of() : Set.copyOf(avoidHosts);
  }

  public LaunchRequest(String runName, SupervisorConfig supervisor, Map<String, byte[]> files) {
    this(runName, supervisor, files, Set.of());
  }

  public LaunchRequest avoiding(java.util.Collection<String> hosts) {
    return new LaunchRequest(runName, supervisor, files, Set.copyOf(hosts));
  }
}
