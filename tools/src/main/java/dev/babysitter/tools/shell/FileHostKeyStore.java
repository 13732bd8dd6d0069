package dev.babysitter.tools.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** A {@link HostKeyStore} in a one-line file: for callers that have no run record to use. */
public final class FileHostKeyStore implements HostKeyStore {
  private final Path file;

  public FileHostKeyStore(Path file) {
    this.file = file;
  }

  @Override
  public synchronized Optional<String> recorded() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  @Override
  public synchronized void record(String fingerprint) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.writeString(tmp, fingerprint + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String describe() {
    return "the host key in " + file;
  }

  @Override
  public String howToForget() {
    return "delete " + file;
  }
}
