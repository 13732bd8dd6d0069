package dev.babysitter.agent.cli;

import dev.babysitter.tools.provider.slurm.LocalSlurm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm the demo runs on: this host's own when {@code sinfo} answers, else a private
 * one-host cluster started for the demo (as root, with slurm-wlm and munge installed) and
 * stopped after it; else one line saying how to get one.
 */
final class SlurmForDemo implements AutoCloseable {
  private final LocalSlurm started;

  private SlurmForDemo(LocalSlurm started) {
    this.started = started;
  }

  static SlurmForDemo find(PrintStream out) throws UserException {
    if (answers()) {
      out.println("slurm: this host's cluster (sinfo answers)");
      return new SlurmForDemo(null);
    }
    String missing = LocalSlurm.missing();
    if (missing != null) {
      throw new UserException("no Slurm here: " + missing + "; as root, `apt-get install -y"
          + " slurm-wlm munge` and run again (a private one-host cluster is started for the"
          + " demo), or run the demo on a cluster's login node", ExitCodes.USAGE);
    }
    try {
      LocalSlurm slurm = LocalSlurm.start(Path.of("/tmp"), Duration.ofSeconds(90));
      out.println("slurm: a private one-host cluster in " + slurm.dir() + " (stopped after the"
          + " demo)");
      return new SlurmForDemo(slurm);
    } catch (IOException e) {
      throw new UserException("could not start a private Slurm: " + e.getMessage(),
          ExitCodes.FAILURE);
    }
  }

  Map<String, String> env() {
    return started == null ? Map.of() : started.env();
  }

  @Override
  public void close() {
    if (started != null) {
      started.close();
    }
  }

  private static boolean answers() {
    try {
      Process p = new ProcessBuilder("sinfo", "--noheader", "--format=%t")
          .redirectErrorStream(true).start();
      byte[] output = p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 && output.length > 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
