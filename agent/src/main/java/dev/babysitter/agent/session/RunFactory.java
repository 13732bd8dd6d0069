package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.llm.EscalatorFactory;
import dev.babysitter.agent.playbook.Playbook;
import dev.babysitter.agent.policy.InvalidPolicyException;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.policy.PolicyLoader;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.record.StatusBoard;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.tools.issues.IssueTracker;
import dev.babysitter.tools.issues.LocalIssues;
import dev.babysitter.tools.issues.Outbox;
import dev.babysitter.tools.logbook.GitJournal;
import dev.babysitter.tools.logbook.Logbook;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.logs.SecretScrubber;
import dev.babysitter.tools.probe.EventStream;
import dev.babysitter.tools.probe.LocalEventStream;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.LocalProvider;
import dev.babysitter.tools.provider.VastProvider;
import dev.babysitter.tools.provider.VastSettings;
import dev.babysitter.tools.provider.slurm.SlurmProvider;
import dev.babysitter.tools.provider.slurm.SlurmSettings;
import dev.babysitter.tools.shell.Backoff;
import dev.babysitter.tools.shell.Sleeper;
import dev.babysitter.tools.vast.VastClient;
import dev.babysitter.tools.vast.VastCredentials;
import dev.babysitter.tools.vast.VastException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Builds the parts of one run from its spec: provider, probe, assessor, playbook, guard and
 * record writers. The only place that knows which implementation serves which boundary.
 */
public final class RunFactory {
  private final Workspace workspace;
  private final Clock clock;
  private final Path cwd;
  private final RunStore store;
  private final VastAccess vast;
  private EscalatorFactory agents = EscalatorFactory.NONE;
  private Path fakeGpuBin;
  private Map<String, String> slurmEnv = Map.of();

  public RunFactory(Workspace workspace, Clock clock, Path cwd) {
    this(workspace, clock, cwd, VastAccess.system());
  }

  public RunFactory(Workspace workspace, Clock clock, Path cwd, VastAccess vast) {
    this.vast = vast;
    this.workspace = workspace;
    this.clock = clock;
    this.cwd = cwd.toAbsolutePath().normalize();
    this.store = new RunStore(workspace.state());
  }

  /**
   * Puts the example's stand-in {@code nvidia-smi} (in {@code binDir}) on the PATH of runs this
   * factory launches. For the demo and tests only: a user's run never gets invented GPU
   * readings; without a real nvidia-smi its telemetry is unknown.
   */
  public void useFakeGpu(Path binDir) {
    this.fakeGpuBin = binDir == null ? null : binDir.toAbsolutePath().normalize();
  }

  /** The demo's stand-in nvidia-smi directory, or null for a real run. */
  public Path fakeGpuBin() {
    return fakeGpuBin;
  }

  /** Wakes an LLM agent for alerts the playbook cannot settle; without this, none is woken. */
  public void useAgents(EscalatorFactory agents) {
    this.agents = agents;
  }

  public RunStore store() {
    return store;
  }

  public Workspace workspace() {
    return workspace;
  }

  public Policy policy(RunSpec spec) throws InvalidPolicyException {
    Path given = Path.of(spec.policy());
    List<Path> candidates = given.isAbsolute() ? List.of(given) : List.of(cwd.resolve(given),
        logbookRepo(spec).resolve(given), Workspace.installRoot().resolve(given));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return new PolicyLoader().load(candidate);
      }
    }
    throw new InvalidPolicyException("policy file not found: " + spec.policy() + " (looked in "
        + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")");
  }

  public InstanceProvider provider(RunSpec spec) throws UnsupportedProviderException {
    return provider(spec, null);
  }

  /**
   * @param owned the record this process saves (the babysitter's), or null: SSH host keys are
   *     recorded in it; without one they are only checked against the saved record
   */
  public InstanceProvider provider(RunSpec spec, RunRecord owned)
      throws UnsupportedProviderException {
    if (spec.provider().isLocal()) {
      return new LocalProvider(workspace.instances());
    }
    if ("vast".equals(spec.provider().kind())) {
      return vastProvider(spec, owned);
    }
    if ("slurm".equals(spec.provider().kind())) {
      return slurmProvider(spec);
    }
    throw new UnsupportedProviderException("provider kind '" + spec.provider().kind()
        + "' is not available in this build; use provider: {kind: local}");
  }

  /** A missing API key is a usage error that names every place that was looked at. */
  VastProvider vastProvider(RunSpec spec, RunRecord owned) throws UnsupportedProviderException {
    VastCredentials credentials;
    try {
      credentials = VastCredentials.resolve(Optional.empty(), vast.env(), vast.home());
    } catch (VastException e) {
      throw new UnsupportedProviderException("provider kind 'vast' needs a Vast API key: "
          + e.getMessage());
    }
    RunSpec.Provider p = spec.provider();
    List<String> gpus = p.gpu() == null ? List.of()
        : Arrays.stream(p.gpu().split(",")).map(String::strip).toList();
    String key = p.sshKey() == null ? "" : p.sshKey().startsWith("~/")
        ? vast.home().resolve(p.sshKey().substring(2)).toString() : p.sshKey();
    VastSettings settings = new VastSettings(gpus, p.numGpus(), p.maxDph(), p.image(),
        p.diskGb() == null ? 40 : p.diskGb(), p.offerId(), cwd.resolve(key),
        store.dirOf(spec.name()), vast.remoteRoot(), vast.workDir(),
        new Backoff(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(15)),
        Duration.ofSeconds(20));
    return new VastProvider(VastClient.fromEnvironment(vast.env(), credentials), settings,
        Sleeper.REAL, vast.outputsSurviveDestroy(), instance -> owned != null
            ? RecordHostKeys.live(owned, store, instance, clock)
            : RecordHostKeys.saved(store, instance, clock));
  }

  /**
   * Points the Slurm commands of runs this factory builds at a cluster (e.g. {@code SLURM_CONF}
   * of a private one); without this they reach whatever cluster this host's Slurm is set up for.
   */
  public void useSlurm(Map<String, String> env) {
    this.slurmEnv = Map.copyOf(env);
  }

  /** A Slurm job per run, its instance directory under the workspace (on the shared FS). */
  SlurmProvider slurmProvider(RunSpec spec) throws UnsupportedProviderException {
    RunSpec.Slurm s = spec.provider().slurm() == null ? new RunSpec.Slurm(null, null, null, null,
        null, null, null, null) : spec.provider().slurm();
    SlurmSettings settings = new SlurmSettings(s.nodes() == null ? 1 : s.nodes(),
        s.gpusPerNode(), s.partition(), s.account(), s.time() != null ? s.time()
            : spec.limits().autoDestroyAfter(), s.sbatchExtra(), s.gpuHourUsd(),
        workspace.instances(), slurmEnv);
    if (s.login() == null) {
      return new SlurmProvider(settings);
    }
    String key = spec.provider().sshKey();
    Path keyFile = cwd.resolve(key.startsWith("~/") ? vast.home().resolve(key.substring(2))
        .toString() : key);
    java.util.List<java.security.KeyPair> keys;
    try {
      keys = dev.babysitter.tools.shell.SshKeys.load(keyFile);
    } catch (IOException e) {
      throw new UnsupportedProviderException("provider.ssh_key: " + e.getMessage());
    }
    String login = s.login();
    int colon = login.lastIndexOf(':');
    int at = login.indexOf('@');
    dev.babysitter.tools.shell.SshShell.Target target = new dev.babysitter.tools.shell.SshShell
        .Target(login.substring(0, at), colon > at ? login.substring(at + 1, colon)
            : login.substring(at + 1), colon > at ? Integer.parseInt(login.substring(colon + 1))
            : 22);
    Path hostKey = store.dirOf(spec.name()).resolve("login_host_key");
    return new SlurmProvider(settings, () -> new dev.babysitter.tools.shell.SshShell(target, keys,
        hostKey, new Backoff(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10)),
        Sleeper.REAL, Duration.ofSeconds(20)), false);
  }

  public SecretScrubber scrubber(RunSpec spec) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(spec.env());
    // A webhook URL is a credential though its variable's name (*_URL) does not say so.
    for (String var : spec.notifications().webhookEnvs().values()) {
      if (env.get(var) != null) {
        env.put("NOTIFY_WEBHOOK_SECRET_" + var, env.get(var));
      }
    }
    // A W&B key from ~/.netrc is a secret too, though no environment variable holds it.
    dev.babysitter.tools.wandb.WandbCredentials.netrcPassword(vast.home().resolve(".netrc"))
        .ifPresent(k -> env.put("BABYSITTER_WANDB_NETRC_KEY", k));
    return SecretScrubber.fromEnvironment(env);
  }

  public Path logbookRepo(RunSpec spec) {
    return cwd.resolve(spec.logbook().repo()).normalize();
  }

  public Path logbookFile(RunSpec spec) {
    return logbookRepo(spec).resolve(spec.logbook().path()).normalize();
  }

  public IssueTracker tracker(RunSpec spec) {
    return tracker(spec, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * GitHub issues when the spec names {@code issue.repo} and a token resolves (GITHUB_TOKEN,
   * GH_TOKEN or gh's config; BABYSITTER_GITHUB_API overrides the endpoint), else the local
   * store. {@link IssueTracker#describe()} says which, for the launch output.
   */
  public IssueTracker tracker(RunSpec spec, Map<String, String> env, Path home) {
    if (spec.issue().repo() != null) {
      java.util.Optional<dev.babysitter.tools.issues.GitHubToken> token =
          dev.babysitter.tools.issues.GitHubToken.find(env, home,
              dev.babysitter.tools.issues.GitHubToken.DEFAULT_HOST);
      if (token.isPresent()) {
        try {
          return new dev.babysitter.tools.issues.GitHubIssues(env.getOrDefault(
              "BABYSITTER_GITHUB_API", dev.babysitter.tools.issues.GitHubIssues.DEFAULT_ENDPOINT),
              spec.issue().repo(), token.get(), null);
        } catch (dev.babysitter.tools.issues.IssueTrackerException e) {
          // a client that cannot even be set up: the local store keeps the thread instead
        }
      }
    }
    String repo = spec.issue().repo() == null ? "local/" + spec.name() : spec.issue().repo();
    return new LocalIssues(workspace.issues(), repo, "babysitter-bot", clock);
  }

  public Recorder recorder(RunSpec spec, UnaryOperator<String> scrub) throws IOException {
    Path repo = logbookRepo(spec);
    GitJournal journal;
    try {
      journal = Files.isDirectory(repo.resolve(".git"))
          ? GitJournal.open(repo, "origin", currentBranch(repo), "babysitter-bot",
              "babysitter-bot@users.noreply.invalid")
          : null;
    } catch (IllegalArgumentException e) {
      // A user's repository without the remote the logbook is pushed to: say so in one line.
      throw new SetupProblemException("logbook.repo: " + e.getMessage() + "; the logbook is "
          + "pushed there at every update: add one (git remote add origin URL) or point "
          + "logbook.repo at a clone that has it");
    }
    IssueTracker tracker = tracker(spec);
    Path outboxFile = store.dirOf(spec.name()).resolve("outbox.jsonl");
    Files.createDirectories(outboxFile.getParent());
    Outbox outbox = new Outbox(outboxFile, tracker, clock);
    Path file = logbookFile(spec);
    Recorder recorder = new Recorder(spec.name(), new Logbook(file, scrub), file, journal,
        tracker, outbox, scrub);
    recorder.relativeTo(spec.outputRoot());
    recorder.notifyTo(notifications(spec));
    return recorder;
  }

  /** The run's plots: samples in its state directory, SVGs in a folder beside its logbook. */
  public dev.babysitter.agent.record.RunPlots plots(RunSpec spec) {
    return new dev.babysitter.agent.record.RunPlots(spec.name(),
        new dev.babysitter.tools.plot.SampleFile(store.dirOf(spec.name()).resolve("samples.jsonl"),
            dev.babysitter.tools.plot.SampleFile.DEFAULT_MAX),
        dev.babysitter.agent.record.RunPlots.dirBeside(logbookFile(spec), spec.name()),
        logbookRepo(spec), new dev.babysitter.tools.plot.JFreeChartRenderer());
  }

  /**
   * The spec's chat channels and the user config's (the spec wins per service), their webhook
   * URLs from the babysitter's own environment.
   */
  public dev.babysitter.tools.notify.Notifications notifications(RunSpec spec)
      throws IOException {
    return dev.babysitter.tools.notify.Notifications.fromEnvironment(NotifyConfig.merged(
        spec.notifications().webhookEnvs(), userConfig), System.getenv(),
        store.dirOf(spec.name()), clock);
  }

  /** The user's config file ({@code notify:}); null (tests, the demo): none. */
  private Path userConfig;

  /** Reads {@code notify:} from the user's config file too (the command line sets it). */
  public RunFactory withUserConfig(Path configFile) {
    this.userConfig = configFile;
    return this;
  }

  public RunController controller(RunSpec spec, RunRecord record, Consumer<RunRecord> onStatus)
      throws IOException, InvalidPolicyException, UnsupportedProviderException {
    return controller(spec, record, onStatus, provider(spec, record));
  }

  /** With a given provider: tests pass a fake one. */
  RunController controller(RunSpec spec, RunRecord record, Consumer<RunRecord> onStatus,
      InstanceProvider provider) throws IOException, InvalidPolicyException {
    Policy policy = policy(spec);
    SecretScrubber scrubber = scrubber(spec);
    UnaryOperator<String> scrub = scrubber::scrub;
    Recorder recorder = recorder(spec, scrub);
    HealthAssessor assessor = new HealthAssessor(policy.alerts(), parser(spec),
        new FailureClassifier());
    RunJournal journal = new RunJournal(recorder, scrub, clock, spec.dri(), r -> {
      recorder.flush();
      onStatus.accept(r);
    });
    journal.plotTo(plots(spec));
    PolicyGuard guard = new PolicyGuard(policy, clock);
    RunController controller = new RunController(spec, record, store, provider,
        new Prober(clock, Duration.ofSeconds(60)), assessor, new Playbook(policy),
        guard, journal, clock);
    controller.escalateTo(agents.create(spec, record, guard, store, scrub));
    controller.launchAnewWith((avoid, from) -> provider.launch(new RunLauncher(this, clock)
        .freshRequest(spec, policy, cwd).avoiding(avoid).resumingFrom(from)));
    controller.heroWatch(heroWatch(spec, policy));
    return controller;
  }

  /** The hero-run protocol's checks; W&B is asked only with wandb.id, project and a key. */
  public dev.babysitter.agent.hero.HeroWatch heroWatch(RunSpec spec, Policy policy) {
    java.util.Optional<dev.babysitter.tools.wandb.WandbCredentials> key =
        dev.babysitter.tools.wandb.WandbCredentials.resolve(vast.env(), vast.home());
    dev.babysitter.tools.wandb.WandbClient client = key.map(k ->
        (dev.babysitter.tools.wandb.WandbClient) dev.babysitter.tools.wandb.WandbGraphql.of(
            vast.env(), k)).orElse(null);
    return new dev.babysitter.agent.hero.HeroWatch(spec, policy, parser(spec),
        new dev.babysitter.agent.hero.WandbWatch(client,
            dev.babysitter.agent.hero.WandbWatch.Target.of(spec).orElse(null),
            policy.cadence().cruise()));
  }

  /** Whether W&B is watched for this run, and why not: said once at launch. */
  public String wandbLaunchNote(RunSpec spec) {
    java.util.Optional<dev.babysitter.tools.wandb.WandbCredentials> key =
        dev.babysitter.tools.wandb.WandbCredentials.resolve(vast.env(), vast.home());
    return dev.babysitter.agent.hero.WandbWatch.launchNote(spec, key.isPresent(),
        key.map(dev.babysitter.tools.wandb.WandbCredentials::source).orElse(null));
  }

  /** The spec's custom regex and forced format take precedence over auto-detection. */
  public ProgressParser parser(RunSpec spec) {
    return new ProgressParser(spec.progress().format(), spec.progress().regex());
  }

  public EventStream events(RunSpec spec, RunRecord record) {
    if (record.instance != null && "local".equals(record.instance.provider())) {
      return new LocalEventStream(Path.of(record.instance.home(), "events.jsonl"),
          Duration.ofMillis(200));
    }
    if (record.instance != null && "slurm".equals(record.instance.provider())
        && (spec.provider().slurm() == null || spec.provider().slurm().login() == null)) {
      // The babysitter runs on the login node: the shared filesystem is local to it.
      return new LocalEventStream(Path.of(record.instance.home(), "events.jsonl"),
          Duration.ofMillis(200));
    }
    if (record.instance != null && "vast".equals(record.instance.provider())) {
      try {
        return vastProvider(spec, record).events(record.instance);
      } catch (UnsupportedProviderException e) {
        return null; // no key: polling alone, and the check itself reports the key problem
      }
    }
    return null;
  }

  public StatusBoard statusBoard(RunSpec spec, UnaryOperator<String> scrub) {
    return new StatusBoard(logbookRepo(spec).resolve("STATUS.md"), scrub);
  }

  static String currentBranch(Path repo) throws IOException {
    try (org.eclipse.jgit.lib.Repository r = new org.eclipse.jgit.storage.file
        .FileRepositoryBuilder().setWorkTree(repo.toFile()).setGitDir(repo.resolve(".git")
        .toFile()).build()) {
      String branch = r.getBranch();
      return branch == null ? "main" : branch;
    }
  }
}
