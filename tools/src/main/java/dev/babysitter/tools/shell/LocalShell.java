package dev.babysitter.tools.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands on this host with {@code sh -c}, in real processes. */
public final class LocalShell implements RemoteShell {
  private final Map<String, String> environment;

  public LocalShell() {
    this(Map.of());
  }

  public LocalShell(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public ExecResult exec(String command, Duration timeout) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", command);
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = builder.start();
    CompletableFuture<byte[]> out = drain(process.getInputStream());
    CompletableFuture<byte[]> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new ExecResult(-1, text(out), text(err), true);
      }
      return new ExecResult(process.exitValue(), text(out), text(err), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running a local command", e);
    }
  }

  @Override
  public void upload(byte[] content, String path, boolean executable) throws IOException {
    Path target = Path.of(path);
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, content);
    if (executable) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String describe() {
    return "local shell";
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (stream) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        stream.transferTo(buffer);
        return buffer.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static String text(CompletableFuture<byte[]> bytes) {
    try {
      return new String(bytes.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "";
    }
  }
}
