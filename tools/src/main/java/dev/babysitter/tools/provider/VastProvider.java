package dev.babysitter.tools.provider;

import dev.babysitter.tools.probe.EventStream;
import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.FileHostKeyStore;
import dev.babysitter.tools.shell.HostKeyStore;
import dev.babysitter.tools.shell.RemoteShell;
import dev.babysitter.tools.shell.Sleeper;
import dev.babysitter.tools.shell.SshEventStream;
import dev.babysitter.tools.shell.SshKeys;
import dev.babysitter.tools.shell.SshShell;
import dev.babysitter.tools.supervisor.SupervisorConfig;
import dev.babysitter.tools.supervisor.SupervisorScript;
import dev.babysitter.tools.vast.CreateRequest;
import dev.babysitter.tools.vast.CreateResult;
import dev.babysitter.tools.vast.Offer;
import dev.babysitter.tools.vast.OfferQuery;
import dev.babysitter.tools.vast.VastClient;
import dev.babysitter.tools.vast.VastException;
import dev.babysitter.tools.vast.VastInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs on a rented Vast.ai instance. The instance is created with an onstart that installs and
 * starts the supervisor itself, with a dead-man switch that destroys the instance through the
 * API with the container's own key: after launch nothing of ours needs to be alive. The label
 * {@code babysitter:<run>} ties the instance to its run, so a second launch adopts it.
 */
public final class VastProvider implements InstanceProvider {
  private final VastClient client;
  private final VastSettings settings;
  private final Sleeper sleeper;
  /** SSH endpoints are fixed for an instance's life, so one lookup per instance suffices. */
  private final Map<String, VastInstance.SshEndpoint> endpoints = new ConcurrentHashMap<>();
  private List<KeyPair> keys;
  /** Each instance's SSH host key: first use recorded, a change refused (see SshShell). */
  private final Function<Instance, HostKeyStore> hostKeys;

  /**
   * Whether checkpoints survive a destroy. On real Vast they do not (the disk goes with the
   * instance) until something syncs them to durable storage, so the guard asks the DRI before
   * a destroy; the vast-sim's containers keep their disks after destroy.
   */
  private final boolean outputsSurviveDestroy;

  public VastProvider(VastClient client, VastSettings settings, Sleeper sleeper) {
    this(client, settings, sleeper, false);
  }

  /** Host keys in per-instance files of the run's state directory. */
  public VastProvider(VastClient client, VastSettings settings, Sleeper sleeper,
      boolean outputsSurviveDestroy) {
    this(client, settings, sleeper, outputsSurviveDestroy, null);
  }

  /**
   * @param hostKeys where each instance's host key is kept (the agent keeps it in the run
   *     record); null for a file per instance in the run's state directory
   */
  public VastProvider(VastClient client, VastSettings settings, Sleeper sleeper,
      boolean outputsSurviveDestroy, Function<Instance, HostKeyStore> hostKeys) {
    this.hostKeys = hostKeys != null ? hostKeys
        : instance -> new FileHostKeyStore(hostKeyFile(instance));
    this.client = client;
    this.settings = settings;
    this.sleeper = sleeper;
    this.outputsSurviveDestroy = outputsSurviveDestroy;
  }

  @Override
  public boolean checkpointsDurable(Instance instance) {
    return outputsSurviveDestroy;
  }

  @Override
  public synchronized Instance launch(LaunchRequest request) throws IOException {
    String label = VastSettings.labelFor(request.runName());
    Optional<VastInstance> existing = labelled(request.runName());
    if (existing.isPresent()) {
      VastInstance vi = existing.get();
      if (!vi.state().alive()) {
        throw new VastException(VastException.Kind.REJECTED, 0, "instance " + vi.id()
            + " labelled " + label + " exists but is " + vi.actualStatus() + "; tear it down"
            + " (babysitter reconcile --apply) before launching again");
      }
      return instance(request.runName(), vi, null);
    }
    String home = homeOf(request.runName());
    Map<String, byte[]> files = new LinkedHashMap<>();
    boolean shipsCode = request.files().keySet().stream().anyMatch(n -> n.startsWith(LaunchRequest.CODE));
    files.put("supervisor.env", forInstance(request.supervisor(), home, shipsCode)
        .toEnvFile().getBytes(StandardCharsets.UTF_8));
    files.put(SupervisorScript.FILE_NAME, SupervisorScript.text().getBytes(StandardCharsets.UTF_8));
    files.putAll(request.files());
    VastOnstart onstart = VastOnstart.build(home, files, client.baseUrl());
    CreateRequest create = new CreateRequest(settings.image(), settings.diskGb(), label,
        onstart.onstart(), onstart.env());
    List<Offer> offers = avoiding(offers(), request.avoidHosts());
    CreateResult created = client.createFirstAvailable(offers, create);
    Offer rented = offers.stream().filter(o -> o.id() == created.offerId()).findFirst()
        .orElse(null);
    return new Instance(String.valueOf(created.instanceId()), request.runName(), kind(), home,
        consoleUrl(created.instanceId()), rented == null ? 0.0 : rented.dollarsPerHour(),
        rented == null ? "vast" : rented.hardware());
  }

  /** The offers to try, cheapest first: the pinned one, or a search by the spec's filters. */
  List<Offer> offers() throws IOException {
    if (settings.offerId() != null) {
      return List.of(new Offer(settings.offerId(), null, null, null, null, settings.numGpus(),
          null, null, null, null, settings.maxDph(), null, null, null, null, null, null, null,
          null, null, null));
    }
    OfferQuery query = new OfferQuery(settings.gpus(), settings.numGpus(), null,
        settings.maxDph(), null, (double) settings.diskGb(), 64);
    List<Offer> offers = client.searchOffers(query).stream()
        // The API's num_gpus filter is "at least"; a spec's count is exact.
        .filter(o -> settings.numGpus() == null || settings.numGpus().equals(o.numGpus()))
        .filter(o -> settings.maxDph() == null || o.dollarsPerHour() <= settings.maxDph())
        .toList();
    if (offers.isEmpty()) {
      throw new VastException(VastException.Kind.REJECTED, 0, "no Vast offer matches gpu "
          + settings.gpus() + ", num_gpus " + settings.numGpus() + ", max_dph "
          + settings.maxDph() + ", disk " + settings.diskGb() + " GB; widen the provider"
          + " section or try later (babysitter offers shows what is available)");
    }
    return offers;
  }

  /** The offers not on a machine the run was moved off; none left is an error that says so. */
  static List<Offer> avoiding(List<Offer> offers, java.util.Set<String> machines)
      throws VastException {
    if (machines.isEmpty()) {
      return offers;
    }
    List<Offer> left = offers.stream().filter(o -> o.machineId() == null
        || !machines.contains(String.valueOf(o.machineId()))).toList();
    if (left.isEmpty()) {
      throw new VastException(VastException.Kind.REJECTED, 0, "every matching Vast offer ("
          + offers.size() + ") is on a machine this run was moved off (machine ids "
          + new java.util.TreeSet<>(machines) + "); widen the provider section or try later");
    }
    return left;
  }

  @Override
  public Optional<Instance> find(String runName) throws IOException {
    return labelled(runName).filter(vi -> vi.state().alive())
        .map(vi -> instance(runName, vi, null));
  }

  @Override
  public InstanceState state(Instance instance) throws IOException {
    Optional<VastInstance> vi = client.showInstance(idOf(instance));
    if (vi.isEmpty()) {
      return InstanceState.GONE;
    }
    // An image pull or OCI error while not running means it will never come up.
    return vi.get().startupError().isPresent() ? InstanceState.EXITED : vi.get().state();
  }

  /**
   * SSH to the instance. While it has no SSH endpoint yet (loading) the shell fails on use with
   * an IOException, which the probe reports as "monitor stale", never as "run unhealthy".
   */
  @Override
  public RemoteShell shell(Instance instance) throws IOException {
    Optional<VastInstance.SshEndpoint> endpoint = endpoint(instance);
    if (endpoint.isEmpty()) {
      return new NotYetShell("instance " + instance.id() + " has no SSH endpoint yet (not"
          + " running)");
    }
    VastInstance.SshEndpoint e = endpoint.get();
    return new SshShell(new SshShell.Target(e.user(), e.host(), e.port()), keys(),
        hostKeys.apply(instance), settings.sshBackoff(), sleeper, settings.sshTimeout());
  }

  /** The instance's events.jsonl over SSH; it waits for the SSH endpoint, then keeps tailing. */
  public EventStream events(Instance instance) {
    return new DeferredEvents(instance);
  }

  @Override
  public void destroy(Instance instance) throws IOException {
    client.destroy(idOf(instance));
    endpoints.remove(instance.id());
  }

  /** Vast's stop: the GPUs go back to the market, the disk (and its checkpoints) stays. */
  @Override
  public void park(Instance instance) throws IOException {
    client.setState(idOf(instance), "stopped");
  }

  /** Asks Vast to start the stopped instance; whether it gets its GPUs back shows in state(). */
  @Override
  public boolean unpark(Instance instance) throws IOException {
    try {
      client.setState(idOf(instance), "running");
      return true;
    } catch (VastException e) {
      if (e.kind() == VastException.Kind.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Relabels a preempted instance as the run's spare. An outbid interruptible instance is
   * resumed by Vast when its bid wins again (vast-api.md, state {@code stopped} with {@code
   * intended_status} running), at no bound; kept aside, whichever of it and the new instance
   * runs first goes on. A spare no longer answers to the run's label, so the new launch is not
   * refused as a duplicate, and {@code reconcile} still knows it by the suffix.
   */
  @Override
  public boolean setAside(Instance instance) throws IOException {
    client.label(idOf(instance), spareLabel(instance.runName()));
    return true;
  }

  @Override
  public void takeBack(Instance instance) throws IOException {
    client.label(idOf(instance), VastSettings.labelFor(instance.runName()));
  }

  /** The label of a run's spare: the run's own with {@link VastSettings#SPARE_SUFFIX}. */
  static String spareLabel(String runName) {
    return VastSettings.labelFor(runName) + VastSettings.SPARE_SUFFIX;
  }

  /**
   * Storage only. Vast bills a stopped instance's disk at the host's storage rate, which the
   * instance record does not carry; this uses a typical rate (about $0.15 per GB-month).
   */
  @Override
  public double parkedDollarsPerHour(Instance instance) {
    return settings.diskGb() * TYPICAL_STORAGE_USD_PER_GB_MONTH / (24 * 30.4);
  }

  static final double TYPICAL_STORAGE_USD_PER_GB_MONTH = 0.15;

  @Override
  public String kind() {
    return "vast";
  }

  @Override
  public Optional<String> hostOf(Instance instance) throws IOException {
    return client.showInstance(idOf(instance)).map(VastInstance::machineId)
        .map(String::valueOf);
  }

  /** A new offer is another machine. */
  @Override
  public boolean movesHosts() {
    return true;
  }

  public String homeOf(String runName) {
    return settings.remoteRoot() + "/" + runName;
  }

  /** Where this instance's host key is recorded when no other store is given. */
  public Path hostKeyFile(Instance instance) {
    return settings.stateDir().resolve("hostkey.vast-" + instance.id());
  }

  public static String consoleUrl(long id) {
    return "https://cloud.vast.ai/instances/?id=" + id;
  }

  private Optional<VastInstance> labelled(String runName) throws IOException {
    String label = VastSettings.labelFor(runName);
    List<VastInstance> found = client.findByLabel(label);
    List<VastInstance> alive = found.stream().filter(vi -> vi.state().alive()).toList();
    if (alive.size() > 1 || (alive.isEmpty() && found.size() > 1)) {
      throw new VastException(VastException.Kind.UNCERTAIN, 0, found.size()
          + " instances are labelled " + label + " ("
          + found.stream().map(vi -> vi.id() + ":" + vi.actualStatus()).toList()
          + "); refusing to pick one, run babysitter reconcile");
    }
    return alive.isEmpty() ? found.stream().findFirst() : Optional.of(alive.get(0));
  }

  private Instance instance(String runName, VastInstance vi, String hardware) {
    String hw = hardware != null ? hardware : (vi.numGpus() == null ? "?" : vi.numGpus()) + "x "
        + vi.gpuName();
    return new Instance(String.valueOf(vi.id()), runName, kind(), homeOf(runName),
        consoleUrl(vi.id()), vi.dphTotal() == null ? 0.0 : vi.dphTotal(), hw);
  }

  private Optional<VastInstance.SshEndpoint> endpoint(Instance instance) throws IOException {
    VastInstance.SshEndpoint known = endpoints.get(instance.id());
    if (known != null) {
      return Optional.of(known);
    }
    Optional<VastInstance.SshEndpoint> found = client.showInstance(idOf(instance))
        .filter(vi -> "running".equals(vi.actualStatus()))
        .flatMap(VastInstance::sshEndpoint);
    found.ifPresent(e -> endpoints.put(instance.id(), e));
    return found;
  }

  private synchronized List<KeyPair> keys() throws IOException {
    if (keys == null) {
      keys = SshKeys.load(settings.sshKey());
    }
    return keys;
  }

  private SupervisorConfig forInstance(SupervisorConfig c, String home, boolean shipsCode) {
    String workDir = shipsCode ? home + "/" + LaunchRequest.CODE.replace("/", "")
        : settings.workDir() == null ? c.workDir() : settings.workDir();
    return new SupervisorConfig(c.runName(), c.trainCmd(), workDir, c.outputRoot(),
        c.checkpointDir(), c.checkpointPrefix(), c.completeMarker(), c.finalStep(), c.logFile(),
        c.maxAutoFixes(), c.autoDestroyAfterS(), c.leaseTimeoutS(), c.staleAfterS(),
        c.heartbeatS(), VastOnstart.destroyCommand(), c.extraPath(), c.extra());
  }

  private static long idOf(Instance instance) throws VastException {
    try {
      return Long.parseLong(instance.id());
    } catch (NumberFormatException e) {
      throw new VastException(VastException.Kind.REJECTED, 0, "not a Vast instance id: "
          + instance.id());
    }
  }

  /** A shell for an instance that cannot be reached yet; every use fails as unreachable. */
  private record NotYetShell(String why) implements RemoteShell {
    @Override
    public ExecResult exec(String command, Duration timeout) throws IOException {
      throw new IOException(why);
    }

    @Override
    public void upload(byte[] content, String path, boolean executable) throws IOException {
      throw new IOException(why);
    }

    @Override
    public String describe() {
      return why;
    }
  }

  /** Polls for the SSH endpoint, then runs an {@link SshEventStream} on its own shell. */
  private final class DeferredEvents implements EventStream {
    private final Instance instance;
    private volatile boolean open = true;
    private volatile SshShell shell;
    private volatile SshEventStream stream;
    private Thread waiter;

    DeferredEvents(Instance instance) {
      this.instance = instance;
    }

    @Override
    public synchronized void start(Runnable onNewEvents) {
      if (waiter != null) {
        return;
      }
      waiter = new Thread(() -> {
        try {
          while (open) {
            Optional<VastInstance.SshEndpoint> e = Optional.empty();
            try {
              e = endpoint(instance);
            } catch (IOException ignored) {
              // The API hiccuped; polling covers the gap, try again shortly.
            }
            if (e.isPresent()) {
              connect(e.get(), onNewEvents);
              return;
            }
            sleeper.sleep(Duration.ofSeconds(2));
          }
        } catch (InterruptedException | IOException ignored) {
          // Closed, or no key: the watcher's polling still sees everything, only later.
        }
      }, "vast-events-" + instance.id());
      waiter.setDaemon(true);
      waiter.start();
    }

    private synchronized void connect(VastInstance.SshEndpoint e, Runnable onNewEvents)
        throws IOException {
      if (!open) {
        return;
      }
      shell = new SshShell(new SshShell.Target(e.user(), e.host(), e.port()), keys(),
          hostKeys.apply(instance), settings.sshBackoff(), sleeper, settings.sshTimeout());
      stream = new SshEventStream(shell, instance.home() + "/events.jsonl",
          settings.sshBackoff(), sleeper);
      stream.start(onNewEvents);
      onNewEvents.run(); // events written before the tail opened would otherwise wait a poll
    }

    @Override
    public synchronized void close() {
      open = false;
      if (waiter != null) {
        waiter.interrupt();
      }
      if (stream != null) {
        stream.close();
      }
      if (shell != null) {
        shell.close();
      }
    }
  }
}
