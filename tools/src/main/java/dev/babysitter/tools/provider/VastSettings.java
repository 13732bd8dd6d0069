package dev.babysitter.tools.provider;

import dev.babysitter.tools.shell.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link VastProvider} rents and how it reaches it, from the run spec's provider section.
 *
 * @param gpus acceptable GPU names (any spelling with _ or spaces)
 * @param numGpus exact GPU count, null = any
 * @param offerId rent exactly this offer instead of searching
 * @param sshKey the user's private key (its public half must be on the Vast account)
 * @param stateDir the run's state directory; per-instance host key files live there
 *     unless the provider is given another store
 * @param remoteRoot where instance directories live on the instance (/workspace/babysitter)
 * @param workDir overrides the supervisor's WORK_DIR on the instance; null keeps the launcher's
 */
public record VastSettings(List<String> gpus, Integer numGpus, Double maxDph, String image,
    int diskGb, Long offerId, Path sshKey, Path stateDir, String remoteRoot, String workDir,
    Backoff sshBackoff, Duration sshTimeout) {

  public static final String DEFAULT_ROOT = "/workspace/babysitter";
  public static final String LABEL_PREFIX = "babysitter:";

  public VastSettings {
    gpus = gpus == null ? List.of() : List.copyOf(gpus);
    remoteRoot = remoteRoot == null ? DEFAULT_ROOT : remoteRoot;
  }

  /** The label that ties an instance to its run; after a lost create reply it finds it again. */
  /** What a run's spare instance (a preempted one kept aside) has after the run's label. */
  public static final String SPARE_SUFFIX = "~spare";

  public static String labelFor(String runName) {
    return LABEL_PREFIX + runName;
  }
}
