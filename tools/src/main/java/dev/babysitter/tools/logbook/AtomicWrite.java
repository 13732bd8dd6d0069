package dev.babysitter.tools.logbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Whole-file replace that a reader (or a crash) never sees half-written. */
final class AtomicWrite {
  private AtomicWrite() {}

  static void write(Path file, String content) {
    Path abs = file.toAbsolutePath();
    Path tmp = null;
    try {
      Files.createDirectories(abs.getParent());
      // Same directory as the target, so the move is a rename on one file system.
      tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray temp file is harmless
        }
      }
    }
  }
}
