package dev.babysitter.tools.provider;

import dev.babysitter.tools.shell.LocalShell;
import dev.babysitter.tools.shell.RemoteShell;
import dev.babysitter.tools.supervisor.SupervisorScript;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The "instance" is a work directory under {@code instancesRoot} and a process tree: the
 * supervisor, started in its own session with {@code setsid} so that it outlives the launcher.
 */
public final class LocalProvider implements InstanceProvider {
  private final Path instancesRoot;

  public LocalProvider(Path instancesRoot) {
    this.instancesRoot = instancesRoot.toAbsolutePath().normalize();
  }

  @Override
  public synchronized Instance launch(LaunchRequest request) throws IOException {
    Optional<Instance> existing = find(request.runName());
    if (existing.isPresent()) {
      return existing.get();
    }
    Path home = homeOf(request.runName());
    Files.createDirectories(home.resolve("control"));
    for (String stale : new String[] {"DONE", "destroyed", "control/kill", "control/stop",
        "control/relaunch", "lease", "supervisor.pid", "parked", LaunchRequest.RELAUNCH_ENV}) {
      Files.deleteIfExists(home.resolve(stale));
    }
    request.supervisor().writeTo(home);
    Files.writeString(home.resolve("hardware"), hardware(request.supervisor().extraPath()));
    for (Map.Entry<String, byte[]> file : request.files().entrySet()) {
      Path target = home.resolve(file.getKey()).normalize();
      if (!target.startsWith(home)) {
        throw new IOException("refusing to write outside the instance: " + file.getKey());
      }
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    return startSupervisor(request.runName(), home);
  }

  private Instance startSupervisor(String runName, Path home) throws IOException {
    long since = System.currentTimeMillis() / 1000;
    Path script = SupervisorScript.installInto(home);
    ProcessBuilder builder = new ProcessBuilder("setsid", "sh", script.toString(), home.toString());
    builder.directory(home.toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("supervisor.out").toFile()));
    builder.redirectErrorStream(true);
    Process process = builder.start();
    // setsid exec()s the shell, so this pid is the supervisor's and its process group's.
    Files.writeString(home.resolve("instance.id"), idFor(runName, process.pid()));
    waitForPidFile(home);
    waitForOwnState(home, since, process);
    return instance(runName, home, process.pid());
  }

  /**
   * Stops the supervisor and every process group it started, keeping the instance directory
   * (checkpoints, state, the {@code parked} marker) so that {@link #unpark} can go on from it.
   */
  @Override
  public void park(Instance instance) throws IOException {
    Path home = Path.of(instance.home());
    if (Files.exists(home) && !Files.exists(home.resolve("parked"))) {
      Files.writeString(home.resolve("parked"), "parked\n");
    }
    killAll(home);
  }

  /** Starts the supervisor again in the parked directory; it waits for the DRI's decision. */
  @Override
  public synchronized boolean unpark(Instance instance) throws IOException {
    Path home = Path.of(instance.home());
    if (!Files.exists(home.resolve("parked")) || Files.exists(home.resolve("destroyed"))) {
      return false;
    }
    Optional<Instance> live = find(instance.runName());
    if (live.isEmpty()) {
      Files.deleteIfExists(home.resolve("lease")); // the old lease ran out while parked
      startSupervisor(instance.runName(), home);
    }
    return true;
  }

  @Override
  public Optional<Instance> find(String runName) throws IOException {
    Path home = homeOf(runName);
    Path pidFile = home.resolve("supervisor.pid");
    if (!Files.exists(pidFile) || Files.exists(home.resolve("destroyed"))) {
      return Optional.empty();
    }
    long pid = readPid(pidFile);
    if (pid <= 0 || !alive(pid)) {
      return Optional.empty();
    }
    return Optional.of(instance(runName, home, pid));
  }

  @Override
  public InstanceState state(Instance instance) throws IOException {
    Path home = Path.of(instance.home());
    if (Files.exists(home.resolve("destroyed"))) {
      return InstanceState.GONE;
    }
    Path pidFile = home.resolve("supervisor.pid");
    if (!Files.exists(pidFile)) {
      return Files.exists(home) ? InstanceState.LOADING : InstanceState.GONE;
    }
    return alive(readPid(pidFile)) ? InstanceState.RUNNING : InstanceState.EXITED;
  }

  @Override
  public RemoteShell shell(Instance instance) {
    return new LocalShell();
  }

  @Override
  public void destroy(Instance instance) throws IOException {
    Path home = Path.of(instance.home());
    killAll(home);
    if (Files.exists(home)) {
      Files.writeString(home.resolve("destroyed"), "destroyed\n");
    }
  }

  private static void killAll(Path home) throws IOException {
    // The setup command and a checkpoint sync run in their own groups, like the trainer.
    for (String pidName : new String[] {"trainer.pid", "setup.pid", "sync.pid", "supervisor.pid"}) {
      Path pidFile = home.resolve(pidName);
      if (Files.exists(pidFile)) {
        killGroup(readPid(pidFile));
      }
    }
  }

  /** The output root is on this machine's disk, which outlives the process tree. */
  @Override
  public boolean checkpointsDurable(Instance instance) {
    return true;
  }

  @Override
  public String kind() {
    return "local";
  }

  public Path homeOf(String runName) {
    return instancesRoot.resolve(runName);
  }

  private Instance instance(String runName, Path home, long pid) {
    String hardware;
    try {
      hardware = Files.readString(home.resolve("hardware")).strip();
    } catch (IOException e) {
      hardware = "local host";
    }
    return new Instance(idFor(runName, pid), runName, kind(), home.toString(),
        home.toUri().toString(), 0.0, hardware);
  }

  /**
   * Says where GPU telemetry comes from: the demo's stand-in (only the demo and tests put it on
   * the run's PATH), this host's nvidia-smi, or none at all, which the watcher then treats as
   * unknown rather than idle.
   */
  static String hardware(String extraPath) {
    for (String dir : (extraPath == null ? "" : extraPath).split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvidia-smi"))) {
        return "local host (fake GPU: the demo's stand-in nvidia-smi)";
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvidia-smi"))) {
        return "local host (GPUs read with nvidia-smi)";
      }
    }
    return "local host (no GPU telemetry: nvidia-smi not found)";
  }

  private static String idFor(String runName, long pid) {
    return "local-" + runName + "-" + pid;
  }

  private static final java.util.regex.Pattern STARTED_AT =
      java.util.regex.Pattern.compile("\"started_at\":([0-9]+)");

  /**
   * Until the new supervisor has written its own state.json (up to 10 s): the directory may
   * hold the last one's ("stopped" by a destroy, "failed" at a park), which a probe in between
   * would read as the new instance's. Same machine, same clock: started_at tells them apart.
   */
  private static void waitForOwnState(Path home, long since, Process process) throws IOException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    Path state = home.resolve("state.json");
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(state)) {
        java.util.regex.Matcher m = STARTED_AT.matcher(Files.readString(state));
        if (m.find() && Long.parseLong(m.group(1)) >= since) {
          return;
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the supervisor", e);
      }
    }
  }

  private static void waitForPidFile(Path home) throws IOException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    // Exists and holds the pid: the shell creates the file before it writes to it.
    while (!Files.exists(home.resolve("supervisor.pid"))
        || Files.readString(home.resolve("supervisor.pid")).isBlank()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("supervisor did not start; see " + home.resolve("supervisor.out"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting the supervisor", e);
      }
    }
  }

  private static void killGroup(long pid) {
    if (pid <= 1) {
      return; // never signal init or "all processes"
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    handle.ifPresent(h -> h.descendants().forEach(ProcessHandle::destroy));
    // "--" matters: without it, procps kill reads "-17762" as options and may signal -1.
    try {
      new ProcessBuilder("kill", "-s", "TERM", "--", "-" + pid).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      // fall through to the direct kill below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handle.ifPresent(h -> {
      h.destroy();
      try {
        h.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
      }
    });
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static long readPid(Path pidFile) throws IOException {
    try {
      return Long.parseLong(Files.readString(pidFile).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
