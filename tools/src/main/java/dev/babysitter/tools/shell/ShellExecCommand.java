package dev.babysitter.tools.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An in-process SSH server's exec channel that runs {@code sh -c <command>} for real, as sshd
 * would, so probes, control requests and {@code tail -F} behave as on a real machine. (MINA's
 * ProcessShellCommandFactory splits on whitespace and runs no shell, so pipes would break.)
 * Used by the vast-sim demo and the SSH tests.
 */
public final class ShellExecCommand implements Command {
  private final String command;
  private final Path workDir;
  private InputStream in;
  private OutputStream out;
  private OutputStream err;
  private ExitCallback exit;
  private volatile Process process;

  public ShellExecCommand(String command, Path workDir) {
    this.command = command;
    this.workDir = workDir;
  }

  @Override
  public void setInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void setErrorStream(OutputStream err) {
    this.err = err;
  }

  @Override
  public void setExitCallback(ExitCallback exit) {
    this.exit = exit;
  }

  @Override
  public void start(ChannelSession channel, Environment env) throws IOException {
    process = new ProcessBuilder("sh", "-c", command).directory(workDir.toFile()).start();
    Thread stdout = pump(process.getInputStream(), out, false);
    Thread stderr = pump(process.getErrorStream(), err, false);
    pump(in, process.getOutputStream(), true);
    Thread waiter = new Thread(() -> {
      try {
        int code = process.waitFor();
        stdout.join();
        stderr.join();
        exit.onExit(code);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sim-ssh-exec");
    waiter.setDaemon(true);
    waiter.start();
  }

  /** Copies and flushes every chunk at once, so that tail -F lines arrive without delay. */
  private static Thread pump(InputStream from, OutputStream to, boolean closeTarget) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = from.read(buf)) >= 0; ) {
          to.write(buf, 0, n);
          to.flush();
        }
      } catch (IOException ignored) {
        // The channel or the process went away; the waiter reports the exit.
      } finally {
        if (closeTarget) {
          try {
            to.close();
          } catch (IOException ignored) {
            // Nothing left to release.
          }
        }
      }
    }, "sim-ssh-pump");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void destroy(ChannelSession channel) {
    Process p = process;
    if (p != null) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
