package dev.babysitter.tools.provider.slurm;

import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.LocalShell;
import dev.babysitter.tools.shell.RemoteShell;
import dev.babysitter.tools.supervisor.SupervisorScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The "instance" is one Slurm batch job and the run's instance directory on the cluster's
 * shared filesystem. Launch writes the directory (as {@code LocalProvider} does) and submits a
 * job named after the run that runs {@code supervisor.sh} on its first node; it returns with
 * the job id, and the job's life never depends on the babysitter. Every Slurm command runs in
 * a shell on the login node: local when the babysitter runs there, else SSH.
 */
public final class SlurmProvider implements InstanceProvider {
  static final String ID_PREFIX = "slurm-";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final String FORMAT = "%i|%T|%r|%N";
  private static final Duration ENDING_WAIT = Duration.ofSeconds(60);

  /** Opens a shell on the login node. */
  public interface LoginShell {
    RemoteShell open() throws IOException;
  }

  private final SlurmSettings settings;
  private final LoginShell login;
  private final boolean localLogin;
  private volatile boolean accountingOff;

  /** With the login node being this host. */
  public SlurmProvider(SlurmSettings settings) {
    this(settings, LocalShell::new, true);
  }

  /**
   * @param localLogin whether the login shell runs on this host, so the instance directory is
   *     written with owner-only files directly rather than uploaded
   */
  public SlurmProvider(SlurmSettings settings, LoginShell login, boolean localLogin) {
    this.settings = settings;
    this.login = login;
    this.localLogin = localLogin;
  }

  @Override
  public synchronized Instance launch(LaunchRequest request) throws IOException {
    Optional<Instance> existing = find(request.runName());
    if (existing.isPresent()) {
      return existing.get(); // never a duplicate job
    }
    String home = homeOf(request.runName());
    writeInstance(request, home);
    return submit(request.runName(), home);
  }

  @Override
  public Optional<Instance> find(String runName) throws IOException {
    // squeue lists the live states only (pending, running, completing ...): ended jobs are not
    // the run's instance any more.
    ExecResult r = slurm("squeue --noheader --me --name=" + BatchScript.quote(runName)
        + " --format=" + BatchScript.quote(FORMAT));
    if (!r.ok()) {
      throw new IOException("squeue failed: " + r.stderr().strip());
    }
    for (String line : r.stdout().split("\n")) {
      Optional<SlurmJob> job = parse(line);
      if (job.isPresent()) {
        return Optional.of(instance(runName, homeOf(runName), job.get().id()));
      }
    }
    return Optional.empty();
  }

  /** A live job of ours and the run its label names. */
  public record LabelledJob(SlurmJob job, String runName) {}

  /** Every live job of ours (labelled {@link BatchScript#COMMENT_PREFIX}), for reconcile. */
  public List<LabelledJob> labelledJobs() throws IOException {
    ExecResult r = slurm("squeue --noheader --me --format=" + BatchScript.quote(FORMAT + "|%k"));
    if (!r.ok()) {
      throw new IOException("squeue failed: " + r.stderr().strip());
    }
    List<LabelledJob> out = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      int bar = line.lastIndexOf('|');
      String comment = bar < 0 ? "" : line.substring(bar + 1).strip();
      if (comment.startsWith(BatchScript.COMMENT_PREFIX)) {
        String run = comment.substring(BatchScript.COMMENT_PREFIX.length());
        parse(line.substring(0, bar)).ifPresent(job -> out.add(new LabelledJob(job, run)));
      }
    }
    return out;
  }

  @Override
  public InstanceState state(Instance instance) throws IOException {
    return job(instance).instanceState();
  }

  /**
   * The job as Slurm reports it now, with its state and reason. While the controller remembers
   * the job (MinJobAge after it ended) that is {@code squeue}, with the exit code of an ended
   * job from {@code scontrol show job}; after that, {@code sacct} when the cluster keeps
   * accounting; else {@code GONE}, and the supervisor's state file is all that is left.
   */
  public SlurmJob job(Instance instance) throws IOException {
    String id = jobId(instance);
    ExecResult r = slurm("squeue --noheader --states=all --jobs=" + id + " --format="
        + BatchScript.quote(FORMAT));
    if (!r.ok() && !r.stderr().contains("Invalid job id")) {
      throw new IOException("squeue failed: " + r.stderr().strip());
    }
    for (String line : r.stdout().split("\n")) {
      Optional<SlurmJob> job = parse(line);
      if (job.isPresent() && job.get().id().equals(id)) {
        SlurmJob j = job.get();
        if (j.instanceState() != InstanceState.EXITED) {
          return j;
        }
        ExecResult show = slurm("scontrol show job --oneliner " + id);
        return new SlurmJob(j.id(), j.state(), j.reason(), j.nodes(),
            show.ok() ? scontrolExitCode(show.stdout()) : "");
      }
    }
    return accounted(id).orElse(new SlurmJob(id, SlurmJob.GONE, "", ""));
  }

  /** The job's final record from {@code sacct}, empty without accounting or a record. */
  private Optional<SlurmJob> accounted(String id) throws IOException {
    if (accountingOff) {
      return Optional.empty();
    }
    ExecResult r = slurm("sacct --jobs=" + id + " --noheader --parsable2"
        + " --format=JobID,State,ExitCode,Reason");
    if (!r.ok()) {
      // accounting_storage/none: nothing to ask, ever; slurmdbd down: ask again next time
      accountingOff = r.stderr().contains("accounting storage is disabled");
      return Optional.empty();
    }
    return fromSacct(id, r.stdout());
  }

  /**
   * The job's own line of {@code sacct --parsable2 --format=JobID,State,ExitCode,Reason} (its
   * steps, {@code 17.batch}, {@code 17.extern}, {@code 17.0}, are skipped). sacct writes a
   * cancelled job's state as {@code CANCELLED by <uid>}: the uid goes to the reason.
   */
  static Optional<SlurmJob> fromSacct(String id, String out) {
    for (String line : out.split("\n")) {
      String[] f = line.strip().split("\\|", -1);
      if (f.length < 3 || !f[0].strip().equals(id)) {
        continue;
      }
      String[] state = f[1].strip().split("\\s+", 2);
      String reason = f.length > 3 ? f[3].strip() : "";
      if ("None".equals(reason)) {
        reason = "";
      }
      if (state.length == 2 && state[1].startsWith("by ")) {
        String by = "by uid " + state[1].substring(3).strip();
        reason = reason.isEmpty() ? by : reason + ", " + by;
      }
      return Optional.of(new SlurmJob(id, state[0], reason, "", f[2].strip()));
    }
    return Optional.empty();
  }

  /** {@code ExitCode=1:0} of {@code scontrol show job --oneliner} (not DerivedExitCode). */
  static String scontrolExitCode(String out) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?:^|\\s)ExitCode=(\\d+:\\d+)").matcher(out);
    return m.find() ? m.group(1) : "";
  }

  /** {@code pending(Resources)}, {@code running}, {@code cancelled}: Slurm's state and reason. */
  @Override
  public Optional<String> schedulerState(Instance instance) throws IOException {
    SlurmJob job = job(instance);
    String reason = job.reason() == null || job.reason().isBlank() || "None".equals(job.reason())
        ? "" : "(" + job.reason().replace(' ', '_') + ")";
    return Optional.of(job.state().toLowerCase(java.util.Locale.ROOT) + reason);
  }

  /** The login node's shell, whose {@code nvidia-smi} reads every node of the job. */
  @Override
  public RemoteShell shell(Instance instance) throws IOException {
    return new SlurmJobShell(login.open(), jobId(instance), exports());
  }

  /** Idempotent: a job that already ended or is unknown is left as it is. */
  @Override
  public void destroy(Instance instance) throws IOException {
    ExecResult r = slurm("scancel " + jobId(instance));
    if (!r.ok() && job(instance).instanceState().alive()) {
      throw new IOException("scancel " + jobId(instance) + " failed: " + r.stderr().strip());
    }
  }

  /**
   * Cancels the job and waits until it has left the queue: a parked run must not hold its
   * allocation, and after {@code scancel} Slurm keeps the job (completing) for its KillWait.
   * The caller has made the newest checkpoint durable; the instance directory with its
   * checkpoints stays on the shared filesystem. {@link #unpark} cannot take the allocation
   * back, so the caller resubmits.
   *
   * @throws IOException when the job is still live a minute after the cancel
   */
  @Override
  public void park(Instance instance) throws IOException {
    destroy(instance);
    if (!awaitEnded(instance)) {
      throw new IOException("job " + jobId(instance) + " still runs " + ENDING_WAIT.toSeconds()
          + " s after scancel");
    }
  }

  /** The instance directory is on the cluster's shared filesystem, which outlives the job. */
  @Override
  public boolean checkpointsDurable(Instance instance) {
    return true;
  }

  /**
   * Waits (up to a minute) until the job has left the queue's live states and its supervisor
   * no longer runs: after a {@code scancel}, Slurm's KillWait lets the job's processes write a
   * last state for seconds. False when they still run at the deadline.
   */
  public boolean awaitEnded(Instance instance) throws IOException {
    long deadline = System.nanoTime() + ENDING_WAIT.toNanos();
    String pid = BatchScript.quote(instance.home() + "/supervisor.pid");
    while (System.nanoTime() < deadline) {
      boolean queued = job(instance).instanceState().alive();
      boolean supervisor = exec("test -f " + pid + " && kill -0 \"$(cat " + pid
          + ")\" 2>/dev/null").ok();
      if (!queued && !supervisor) {
        return true;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while job " + jobId(instance) + " ends", e);
      }
    }
    return false;
  }

  @Override
  public boolean resubmittable(Instance instance) throws IOException {
    SlurmJob job = job(instance);
    // Cancelled, its processes still ending: wait for the final state (KillWait, seconds)
    // rather than read the stopping supervisor as the run's end.
    long deadline = System.nanoTime() + ENDING_WAIT.toNanos();
    while ("COMPLETING".equals(job.state()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while job " + job.id() + " ends", e);
      }
      job = job(instance);
    }
    return job.lost();
  }

  /**
   * Submits a new job for the same directory: the ended job's state moves aside (so nobody
   * reads its "stopped" as the new job's), the relaunch request becomes the next attempt's
   * {@code relaunch.env}, and the new supervisor continues the attempt numbering.
   */
  @Override
  public synchronized Instance resubmit(Instance instance, String relaunchRequest)
      throws IOException {
    Optional<Instance> existing = find(instance.runName());
    if (existing.isPresent()) {
      return existing.get();
    }
    String home = instance.home();
    String h = BatchScript.quote(home);
    ExecResult r = exec("cd " + h + " && rm -f supervisor.pid control/relaunch control/kill"
        + " control/stop && { [ ! -f state.json ] || mv -f state.json "
        + BatchScript.PREVIOUS_STATE + "; }");
    if (!r.ok()) {
      throw new IOException("could not prepare " + home + ": " + r.stderr().strip());
    }
    write(home + "/relaunch.env", relaunchRequest.getBytes(StandardCharsets.UTF_8), false);
    return submit(instance.runName(), home);
  }

  @Override
  public String kind() {
    return "slurm";
  }

  public String homeOf(String runName) {
    return settings.instancesRoot().resolve(runName).toString();
  }

  private Instance submit(String runName, String home) throws IOException {
    ExecResult r = slurm("cd " + BatchScript.quote(home) + " && sbatch --parsable "
        + BatchScript.FILE_NAME);
    String out = r.stdout().strip();
    if (!r.ok() || !out.matches("\\d+(;.*)?")) {
      throw new IOException("sbatch failed: " + (r.stderr().strip() + " " + out).strip());
    }
    String id = out.contains(";") ? out.substring(0, out.indexOf(';')) : out;
    write(home + "/instance.id", (ID_PREFIX + id + "\n").getBytes(StandardCharsets.UTF_8), false);
    return instance(runName, home, id);
  }

  private void writeInstance(LaunchRequest request, String home) throws IOException {
    String h = BatchScript.quote(home);
    ExecResult clean = exec("mkdir -p " + h + "/control && cd " + h + " && rm -f DONE destroyed"
        + " control/kill control/stop control/relaunch lease supervisor.pid "
        + BatchScript.PREVIOUS_STATE);
    if (!clean.ok()) {
      throw new IOException("could not prepare " + home + ": " + clean.stderr().strip());
    }
    if (localLogin) {
      request.supervisor().writeTo(Path.of(home)); // owner-only from the start: it holds tokens
    } else {
      write(home + "/supervisor.env", request.supervisor().toEnvFile()
          .getBytes(StandardCharsets.UTF_8), false);
      exec("chmod 600 " + h + "/supervisor.env");
    }
    write(home + "/hardware", (hardware() + "\n").getBytes(StandardCharsets.UTF_8), false);
    Map<String, byte[]> files = new TreeMap<>(request.files());
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = Path.of(home).resolve(file.getKey()).normalize();
      if (!target.startsWith(Path.of(home))) {
        throw new IOException("refusing to write outside the instance: " + file.getKey());
      }
      write(target.toString(), file.getValue(), false);
    }
    write(home + "/" + SupervisorScript.FILE_NAME, SupervisorScript.text()
        .getBytes(StandardCharsets.UTF_8), true);
    write(home + "/" + BatchScript.FILE_NAME, BatchScript.text(request.runName(), home, settings)
        .getBytes(StandardCharsets.UTF_8), true);
  }

  private void write(String path, byte[] content, boolean executable) throws IOException {
    if (localLogin) {
      Path target = Path.of(path);
      Files.createDirectories(target.getParent());
      Files.write(target, content);
      if (executable) {
        target.toFile().setExecutable(true, false);
      }
      return;
    }
    try (RemoteShell shell = login.open()) {
      shell.upload(content, path, executable);
    }
  }

  private String hardware() {
    String gpus = settings.gpusPerNode() == null ? "no GPUs requested"
        : settings.gpusPerNode() + " GPU(s) per node";
    return "slurm: " + settings.nodes() + " node(s), " + gpus
        + (settings.partition() == null ? "" : ", partition " + settings.partition());
  }

  private Instance instance(String runName, String home, String jobId) {
    return new Instance(ID_PREFIX + jobId, runName, kind(), home, "slurm job " + jobId,
        settings.dollarsPerHour(), hardware() + ", job " + jobId);
  }

  static String jobId(Instance instance) {
    String id = instance.id();
    return id.startsWith(ID_PREFIX) ? id.substring(ID_PREFIX.length()) : id;
  }

  /** One {@code %i|%T|%r|%N} line; array and het-job suffixes are kept in the id. */
  static Optional<SlurmJob> parse(String line) {
    String[] f = line.strip().split("\\|", -1);
    if (f.length < 4 || f[0].isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new SlurmJob(f[0].strip(), f[1].strip(), f[2].strip(), f[3].strip()));
  }

  /** A Slurm client command with the settings' environment (e.g. SLURM_CONF) exported first. */
  private ExecResult slurm(String command) throws IOException {
    return exec(exports() + command);
  }

  private String exports() {
    StringBuilder full = new StringBuilder();
    new TreeMap<>(settings.env()).forEach((k, v) -> full.append("export ").append(k).append('=')
        .append(BatchScript.quote(v)).append("; "));
    return full.toString();
  }

  private ExecResult exec(String command) throws IOException {
    try (RemoteShell shell = login.open()) {
      return shell.exec(command, COMMAND_TIMEOUT);
    }
  }
}
