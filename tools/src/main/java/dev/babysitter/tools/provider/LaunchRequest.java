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

  /** The file the supervisor reads at each attempt's start for the last relaunch's settings. */
  public static final String RELAUNCH_ENV = "relaunch.env";

  /**
   * The first attempt resumes from this checkpoint instead of the newest (a NaN lineage's
   * source from before the onset), as a relaunch's RESUME_FROM would; null changes nothing.
   */
  public LaunchRequest resumingFrom(String checkpoint) {
    if (checkpoint == null) {
      return this;
    }
    Map<String, byte[]> with = new java.util.LinkedHashMap<>(files);
    with.put(RELAUNCH_ENV, ("RESUME_FROM=" + checkpoint + "\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new LaunchRequest(runName, supervisor, with, avoidHosts);
  }

  /** The checkpoint {@link #resumingFrom} named, or null. */
  public String resumeFrom() {
    byte[] env = files.get(RELAUNCH_ENV);
    return env == null ? null
        : resumeFromOf(new String(env, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The checkpoint a relaunch request's {@code KEY=value} lines name in RESUME_FROM (the
   * {@code relaunch.env} and {@code control/relaunch} text), or null when none.
   */
  public static String resumeFromOf(String relaunchRequest) {
    if (relaunchRequest == null) {
      return null;
    }
    for (String line : relaunchRequest.split("\n")) {
      if (line.startsWith("RESUME_FROM=")) {
        return line.substring("RESUME_FROM=".length());
      }
    }
    return null;
  }
}
