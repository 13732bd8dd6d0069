package dev.babysitter.agent.run;

import dev.babysitter.tools.checkpoint.CheckpointLayout;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The run contract ({@code run.yaml}): everything that must be pinned before a launch.
 * Built by {@link RunSpecLoader}, which fills the documented defaults; nested records are never
 * null when loaded (their optional fields may be). Field meanings are in DESIGN.md.
 */
public record RunSpec(
    String name,
    String dri,
    String goal,
    String command,
    Source source,
    String outputRoot,
    long finalStep,
    Long minSteps,
    Checkpoints checkpoints,
    String initializeFrom,
    String log,
    Wandb wandb,
    Provider provider,
    Limits limits,
    Teardown teardown,
    IssueSpec issue,
    LogbookSpec logbook,
    String policy,
    Map<String, String> env,
    ProgressSpec progress,
    String setup,
    Notify notifications,
    Oom oom) {

  public static final String OUTPUT_ROOT = "{output_root}";
  public static final String NAME = "{name}";

  public RunSpec {
    // Immutable and never null, so nobody downstream has to guard against either; the order of
    // the file is kept so that what is printed before launch reads like what was written.
    env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
    notifications = notifications == null ? Notify.NONE : notifications;
  }

  /** Without chat notifications. */
  public RunSpec(String name, String dri, String goal, String command, Source source,
      String outputRoot, long finalStep, Long minSteps, Checkpoints checkpoints,
      String initializeFrom, String log, Wandb wandb, Provider provider, Limits limits,
      Teardown teardown, IssueSpec issue, LogbookSpec logbook, String policy,
      Map<String, String> env, ProgressSpec progress, String setup) {
    this(name, dri, goal, command, source, outputRoot, finalStep, minSteps, checkpoints,
        initializeFrom, log, wandb, provider, limits, teardown, issue, logbook, policy, env,
        progress, setup, Notify.NONE, null);
  }

  /** Without a setup step. */
  public RunSpec(String name, String dri, String goal, String command, Source source,
      String outputRoot, long finalStep, Long minSteps, Checkpoints checkpoints,
      String initializeFrom, String log, Wandb wandb, Provider provider, Limits limits,
      Teardown teardown, IssueSpec issue, LogbookSpec logbook, String policy,
      Map<String, String> env, ProgressSpec progress) {
    this(name, dri, goal, command, source, outputRoot, finalStep, minSteps, checkpoints,
        initializeFrom, log, wandb, provider, limits, teardown, issue, logbook, policy, env,
        progress, null);
  }

  /** Without an OOM ladder. */
  public RunSpec(String name, String dri, String goal, String command, Source source,
      String outputRoot, long finalStep, Long minSteps, Checkpoints checkpoints,
      String initializeFrom, String log, Wandb wandb, Provider provider, Limits limits,
      Teardown teardown, IssueSpec issue, LogbookSpec logbook, String policy,
      Map<String, String> env, ProgressSpec progress, String setup, Notify notifications) {
    this(name, dri, goal, command, source, outputRoot, finalStep, minSteps, checkpoints,
        initializeFrom, log, wandb, provider, limits, teardown, issue, logbook, policy, env,
        progress, setup, notifications, null);
  }

  /**
   * The knobs that are safe to turn on a CUDA OOM (the spec's {@code oom:} section): halving the
   * micro-batch and doubling gradient accumulation keeps the effective batch, and so the
   * trajectory; the eval batch changes no training at all. Null knobs are not declared.
   */
  public record Oom(Knob microBatch, Knob gradAccum, Knob evalBatch) {
    /** A command-line flag, its launched value, and the smallest value it may be halved to. */
    public record Knob(String arg, int value, int min) {}
  }

  /**
   * @param gitSha "auto" (take HEAD at launch) or a 7-40 character hex sha
   * @param ship files or directories of the work tree copied onto a remote instance with the
   *     supervisor (the trainer then runs in their copy); empty = the image or {@code setup}
   *     provides the code
   */
  public record Source(String gitSha, boolean allowDirty, List<String> ship) {
    public static final String AUTO = "auto";

    public Source {
      ship = ship == null ? List.of() : List.copyOf(ship);
    }

    public Source(String gitSha, boolean allowDirty) {
      this(gitSha, allowDirty, List.of());
    }

    public boolean isAuto() {
      return AUTO.equals(gitSha);
    }
  }

  /**
   * @param dir where checkpoints live; may contain {@code {output_root}}
   * @param pattern one checkpoint's name with exactly one {@code {n}} for the step, e.g.
   *     {@code step-{n}}, {@code checkpoint-{n}}, {@code ckpt_{n}.pt} or
   *     {@code epoch={e}-step={n}.ckpt} (see {@link CheckpointLayout})
   * @param completeMarker as written: a file whose presence makes a directory checkpoint
   *     complete; null = inferred ({@code metadata.json}, or {@code trainer_state.json} for
   *     {@code checkpoint-{n}}); single files have none
   * @param keepPermanentEvery steps between permanently kept checkpoints, null = only the last
   * @param temporaryEvery wall-clock interval of rolling temporary checkpoints, null = trainer's own
   * @param sync a shell command that copies one complete checkpoint to durable storage, with
   *     {@code {checkpoint}} (its absolute path) and optionally {@code {step}}; null = no sync
   * @param layout as written: {@code directory} or {@code file}; null = inferred from the pattern
   */
  public record Checkpoints(
      String dir, String pattern, String completeMarker, Long keepPermanentEvery,
      Duration temporaryEvery, String sync, String layout, Integer keepLast) {

    /** Without keep_last (retention keeps the default 10). */
    public Checkpoints(String dir, String pattern, String completeMarker, Long keepPermanentEvery,
        Duration temporaryEvery, String sync, String layout) {
      this(dir, pattern, completeMarker, keepPermanentEvery, temporaryEvery, sync, layout, null);
    }

    /** keep_last as written, else seed 004's "the previous 10 checkpoints". */
    public int keepLastOrDefault() {
      return keepLast == null ? 10 : keepLast;
    }

    public static final String STEP = CheckpointLayout.STEP;
    public static final String CHECKPOINT = "{checkpoint}";
    public static final String SYNC_STEP = "{step}";

    /** Without a sync command. */
    public Checkpoints(String dir, String pattern, String completeMarker, Long keepPermanentEvery,
        Duration temporaryEvery) {
      this(dir, pattern, completeMarker, keepPermanentEvery, temporaryEvery, null, null);
    }

    /** With a sync command, layout inferred. */
    public Checkpoints(String dir, String pattern, String completeMarker, Long keepPermanentEvery,
        Duration temporaryEvery, String sync) {
      this(dir, pattern, completeMarker, keepPermanentEvery, temporaryEvery, sync, null);
    }

    /** The layout these values mean, in {@code resolvedDir}; the spec must be valid. */
    public CheckpointLayout layoutIn(String resolvedDir) {
      return CheckpointLayout.of(resolvedDir, pattern, layout, completeMarker);
    }

    /** The checkpoint name for a step, e.g. "step-1500" or "ckpt_1500.pt". */
    public String nameFor(long step) {
      return pattern.replace(STEP, Long.toString(step));
    }

    /**
     * The numeric step of a checkpoint path whose last segment matches the pattern, e.g. 1500
     * for ".../checkpoints/step-1500/"; empty when it does not match. Numeric, never lexicographic.
     */
    public OptionalLong stepOf(String path) {
      if (path == null || pattern == null
          || !CheckpointLayout.problems(pattern, null, null).isEmpty()) {
        return OptionalLong.empty();
      }
      return CheckpointLayout.of("", pattern, "directory", null).stepOf(path);
    }
  }

  /**
   * @param project W&B project, or {@code entity/project}
   * @param resume allow | must | never | auto, as W&B understands it
   * @param name the intended display name, null = the one W&B shows at the first check
   * @param metrics summary keys of the losses to read back from W&B (e.g. {@code train/loss})
   */
  public record Wandb(String project, String id, String resume, String name,
      List<String> metrics) {
    public Wandb {
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    public Wandb(String project, String id, String resume) {
      this(project, id, resume, null, List.of());
    }
  }

  /**
   * @param kind local | vast | slurm
   * @param maxDph the most dollars per hour an offer may cost
   * @param diskGb null = the provider's default
   * @param offerId a specific offer to rent, null = search for one
   */
  public record Provider(
      String kind, String gpu, Integer numGpus, Double maxDph, String image, Integer diskGb,
      String sshKey, Long offerId, Slurm slurm) {

    /** Without Slurm settings. */
    public Provider(String kind, String gpu, Integer numGpus, Double maxDph, String image,
        Integer diskGb, String sshKey, Long offerId) {
      this(kind, gpu, numGpus, maxDph, image, diskGb, sshKey, offerId, null);
    }

    public boolean isLocal() {
      return "local".equals(kind);
    }
  }

  /**
   * The Slurm fields of {@code provider} (kind slurm; docs/slurm.md). All optional.
   *
   * @param nodes null = 1
   * @param time the job's --time; null = limits.auto_destroy_after
   * @param login user@host[:port] of the login node over SSH; null = the babysitter runs there
   * @param sbatchExtra further sbatch options, one per entry
   * @param gpuHourUsd $ per GPU-hour, for the status line and spend cap; null = not priced
   */
  public record Slurm(Integer nodes, Integer gpusPerNode, String partition, String account,
      Duration time, String login, List<String> sbatchExtra, Double gpuHourUsd) {
    public Slurm {
      sbatchExtra = sbatchExtra == null ? List.of() : List.copyOf(sbatchExtra);
    }

    public boolean isEmpty() {
      return nodes == null && gpusPerNode == null && partition == null && account == null
          && time == null && login == null && sbatchExtra.isEmpty() && gpuHourUsd == null;
    }
  }

  /**
   * @param autoDestroyAfter the on-instance dead-man switch's hard wall-clock limit
   * @param maxCostUsd null = no cost ceiling beyond auto_destroy_after
   * @param leaseTimeout destroy when no alive signal arrives for this long
   */
  public record Limits(Duration autoDestroyAfter, Double maxCostUsd, Duration leaseTimeout) {}

  /**
   * @param onDone destroy | keep, after a verified finish
   * @param onFailed destroy | keep (keep = left for the DRI to inspect)
   * @param onPark stop | destroy, while the DRI decides: stop keeps the disk (billed as storage);
   *     destroy releases everything when the newest checkpoint is synced, and a resume launches
   *     a new instance from it
   */
  public record Teardown(String onDone, String onFailed, String onPark) {
    public Teardown(String onDone, String onFailed) {
      this(onDone, onFailed, "stop");
    }
  }

  /** @param number null = create a new issue on launch */
  public record IssueSpec(String repo, Integer number) {}

  public record LogbookSpec(String repo, String path) {}

  /**
   * How to read progress from the log. Both null = the default parsers.
   *
   * @param regex a regex with named groups among step, total, loss, rate
   */
  public record ProgressSpec(String format, String regex) {}

  /** Replaces {@code {output_root}} and {@code {name}}; other text is left as it is. */
  public String resolve(String template) {
    if (template == null) {
      return null;
    }
    String out = template;
    if (outputRoot != null) {
      out = out.replace(OUTPUT_ROOT, outputRoot);
    }
    if (name != null) {
      out = out.replace(NAME, name);
    }
    return out;
  }

  public String resolvedCommand() {
    return resolve(command);
  }

  public String resolvedLog() {
    return resolve(log);
  }

  /** The setup command with {@code {output_root}} and {@code {name}} replaced, or null. */
  public String resolvedSetup() {
    return resolve(setup);
  }

  /** The sync template with {@code {output_root}} and {@code {name}} replaced, or null. */
  public String resolvedSync() {
    return checkpoints == null ? null : resolve(checkpoints.sync());
  }

  public String resolvedCheckpointDir() {
    return checkpoints == null ? null : resolve(checkpoints.dir());
  }

  /** The checkpoint layout with its directory resolved; the spec must be valid. */
  public CheckpointLayout checkpointLayout() {
    return checkpoints.layoutIn(resolvedCheckpointDir());
  }

  /**
   * Chat channels that get the issue's milestones too ({@code notify: {slack: {webhook_env:
   * SLACK_WEBHOOK_URL}, discord: {webhook_env: DISCORD_WEBHOOK_URL}}}). The spec names the
   * environment variable, never the URL: the URL is the credential.
   */
  public record Notify(Webhook slack, Webhook discord) {
    public static final Notify NONE = new Notify(null, null);

    /** Service name ({@code slack}, {@code discord}) to the variable holding its webhook URL. */
    public Map<String, String> webhookEnvs() {
      Map<String, String> out = new LinkedHashMap<>();
      if (slack != null && slack.webhookEnv() != null) {
        out.put("slack", slack.webhookEnv());
      }
      if (discord != null && discord.webhookEnv() != null) {
        out.put("discord", discord.webhookEnv());
      }
      return out;
    }
  }

  /** One webhook: the name of the environment variable holding its URL. */
  public record Webhook(String webhookEnv) {}
}
