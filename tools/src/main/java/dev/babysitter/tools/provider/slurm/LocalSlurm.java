package dev.babysitter.tools.provider.slurm;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private one-host Slurm cluster (munged, slurmctld and slurmd on this host, as root) with its
 * own configuration, state, spool, log and munge directories under one directory and its own
 * free ports, so it never touches a system Slurm. For the tests and {@code demo --provider
 * slurm}. {@link #close} cancels every job, stops every daemon it started and deletes the
 * directory.
 */
public final class LocalSlurm implements AutoCloseable {
  private static final Pattern SLURMD_C = Pattern.compile("CPUs=(\\d+).*RealMemory=(\\d+)");

  private final Path dir;
  private final Path conf;
  private final List<Process> daemons = new ArrayList<>();
  private final Thread hook;

  private LocalSlurm(Path dir) {
    this.dir = dir;
    this.conf = dir.resolve("slurm.conf");
    // A JVM that ends without close() (a test run cut short) still stops its daemons.
    this.hook = new Thread(this::stopDaemons, "local-slurm-stop");
  }

  /** Why a private cluster cannot start here, or null when the binaries are all installed. */
  public static String missing() {
    for (String bin : new String[] {"/usr/sbin/slurmctld", "/usr/sbin/slurmd",
        "/usr/sbin/munged", "/usr/bin/sbatch", "/usr/bin/squeue", "/usr/bin/scontrol"}) {
      if (!Files.isExecutable(Path.of(bin))) {
        return bin + " is not installed (apt-get install -y slurm-wlm munge)";
      }
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "a private Slurm needs root (slurmd runs jobs as their user)";
    }
    return null;
  }

  /**
   * Starts the cluster in a new directory under {@code parent} (short: munge's socket path is
   * limited to about 100 characters) and waits until its node is idle.
   */
  public static LocalSlurm start(Path parent, Duration timeout) throws IOException {
    String why = missing();
    if (why != null) {
      throw new IOException(why);
    }
    Path dir = Files.createTempDirectory(parent, "slurm");
    LocalSlurm slurm = new LocalSlurm(dir);
    Runtime.getRuntime().addShutdownHook(slurm.hook);
    try {
      slurm.boot(timeout);
      return slurm;
    } catch (IOException | RuntimeException e) {
      slurm.close();
      throw e;
    }
  }

  private void boot(Duration timeout) throws IOException {
    for (String sub : new String[] {"munge", "state", "spool", "log"}) {
      Files.createDirectories(dir.resolve(sub));
    }
    Files.setPosixFilePermissions(dir.resolve("munge"), PosixFilePermissions.fromString("rwx------"));
    byte[] key = new byte[1024];
    new SecureRandom().nextBytes(key);
    Path keyFile = dir.resolve("munge/munge.key");
    Files.write(keyFile, key);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("r--------"));
    Path socket = dir.resolve("munge/munge.sock");
    daemon("munged", "/usr/sbin/munged", "-F", "--force", "--key-file=" + keyFile,
        "--socket=" + socket, "--pid-file=" + dir.resolve("munge/munged.pid"),
        "--log-file=" + dir.resolve("log/munged.log"), "--seed-file=" + dir.resolve("munge/seed"));
    waitFor(() -> Files.exists(socket), timeout, "munged did not create its socket");
    Files.writeString(conf, config(socket), StandardCharsets.UTF_8);
    daemon("slurmctld", "/usr/sbin/slurmctld", "-D", "-i", "-f", conf.toString());
    daemon("slurmd", "/usr/sbin/slurmd", "-D", "-f", conf.toString());
    waitFor(() -> "idle".equals(run("sinfo", "--noheader", "--format=%t").strip()), timeout,
        "the node did not become idle; see " + dir.resolve("log"));
  }

  private String config(Path socket) throws IOException {
    String hostname = command("hostname", "-s").strip();
    Matcher m = SLURMD_C.matcher(command("/usr/sbin/slurmd", "-C"));
    boolean found = m.find();
    // The node's real size: a configured size above it would drain the node.
    String cpus = found ? m.group(1) : Integer.toString(Runtime.getRuntime().availableProcessors());
    String memory = found ? m.group(2) : "1000";
    return String.join("\n",
        "ClusterName=babysitter",
        "SlurmctldHost=" + hostname,
        "SlurmctldPort=" + freePort(),
        "SlurmdPort=" + freePort(),
        "SlurmUser=root",
        "SlurmdUser=root",
        "AuthType=auth/munge",
        "AuthInfo=socket=" + socket,
        "CredType=cred/munge",
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_Core",
        "SchedulerType=sched/backfill",
        "MpiDefault=none",
        "ReturnToService=2",
        "StateSaveLocation=" + dir.resolve("state"),
        "SlurmdSpoolDir=" + dir.resolve("spool"),
        "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
        "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
        "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
        "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
        "AccountingStorageType=accounting_storage/none",
        "JobCompType=jobcomp/none",
        // Finished jobs stay visible to squeue/scontrol for five minutes, as on most clusters.
        "MinJobAge=300",
        "KillWait=5",
        "InactiveLimit=0",
        "NodeName=" + hostname + " CPUs=" + cpus + " RealMemory=" + memory + " State=UNKNOWN",
        "PartitionName=debug Nodes=" + hostname + " Default=YES MaxTime=INFINITE State=UP",
        "");
  }

  /** The configuration file; Slurm's commands find it through {@code SLURM_CONF}. */
  public Path conf() {
    return conf;
  }

  /** The environment Slurm's client commands need to reach this cluster. */
  public Map<String, String> env() {
    return Map.of("SLURM_CONF", conf.toString());
  }

  public Path dir() {
    return dir;
  }

  /** Runs a Slurm client command against this cluster; its stdout, or "" when it failed. */
  public String run(String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env());
      builder.redirectErrorStream(true);
      Process p = builder.start();
      byte[] out = p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0
          ? new String(out, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Cancels every job, waits for them to leave, then stops the daemons. Idempotent. */
  @Override
  public void close() {
    if (!daemons.isEmpty() && daemons.get(daemons.size() - 1).isAlive()) {
      run("/usr/bin/scancel", "--user=root");
      try {
        waitFor(() -> run("/usr/bin/squeue", "--noheader", "--format=%i").isBlank(),
            Duration.ofSeconds(30), "jobs did not end");
      } catch (IOException e) {
        // stop the daemons anyway; slurmd's steps are killed with their job below
      }
    }
    stopDaemons();
    deleteDir(); // the munge key and the cluster's state go with it
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or has run
    }
  }

  private synchronized void stopDaemons() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    daemons.clear();
  }

  private void deleteDir() {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort: a leftover directory under /tmp holds nothing that runs
    }
  }

  private void daemon(String name, String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SLURM_CONF", conf.toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/" + name + ".out")
        .toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    synchronized (this) {
      daemons.add(builder.start());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String command(String... command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      p.waitFor(30, TimeUnit.SECONDS);
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }

  private void waitFor(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IOException(what + " within " + timeout.toSeconds() + "s");
      }
      for (Process p : daemons) {
        if (!p.isAlive()) {
          throw new IOException(p.info().command().orElse("a daemon") + " exited with status "
              + p.exitValue() + "; see " + dir.resolve("log"));
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting: " + what, e);
      }
    }
  }
}
