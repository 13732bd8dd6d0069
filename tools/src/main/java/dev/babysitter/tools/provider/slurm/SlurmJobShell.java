package dev.babysitter.tools.provider.slurm;

import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.time.Duration;

/**
 * The login node's shell for one job's probes: a command that reads {@code nvidia-smi} gets
 * the rows of every node of the job ({@link SlurmGpuProbe}) instead of the login host's.
 * Every other command runs as it is.
 */
final class SlurmJobShell implements RemoteShell {
  private final RemoteShell login;
  private final String jobId;
  private final String exports;

  SlurmJobShell(RemoteShell login, String jobId, String exports) {
    this.login = login;
    this.jobId = jobId;
    this.exports = exports;
  }

  @Override
  public ExecResult exec(String command, Duration timeout) throws IOException {
    if (!command.contains("nvidia-smi")) {
      return login.exec(command, timeout);
    }
    ExecResult r = login.exec("bash -c " + BatchScript.quote(
        SlurmGpuProbe.function(jobId, exports) + "\n" + command), timeout);
    return new ExecResult(r.exitCode(), SlurmGpuProbe.rewrite(r.stdout()), r.stderr(),
        r.timedOut());
  }

  @Override
  public void upload(byte[] content, String path, boolean executable) throws IOException {
    login.upload(content, path, executable);
  }

  @Override
  public String describe() {
    return login.describe() + " (slurm job " + jobId + ")";
  }

  @Override
  public void close() throws IOException {
    login.close();
  }
}
