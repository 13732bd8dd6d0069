package dev.babysitter.tools.provider;

import dev.babysitter.tools.supervisor.SupervisorConfig;
import java.util.Map;

/** What a provider needs to start a run: its name, the supervisor's config and extra files. */
public record LaunchRequest(String runName, SupervisorConfig supervisor, Map<String, byte[]> files) {}
