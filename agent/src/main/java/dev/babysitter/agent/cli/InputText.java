package dev.babysitter.agent.cli;

import dev.babysitter.tools.logs.LogTail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a log excerpt from a file (only its tail, in bounded memory) or from stdin. */
final class InputText {
  static final int MAX_LINES = 5000;
  static final long MAX_BYTES = 8L << 20;

  private InputText() {}

  /** The last {@link #MAX_BYTES} of a stream of any length: the latest progress is at the end. */
  static byte[] tail(InputStream in) throws IOException {
    byte[] window = new byte[(int) MAX_BYTES];
    long total = 0;
    byte[] chunk = new byte[1 << 16];
    int n;
    while ((n = in.read(chunk)) > 0) {
      for (int i = 0; i < n; i++) {
        window[(int) ((total + i) % MAX_BYTES)] = chunk[i];
      }
      total += n;
    }
    int size = (int) Math.min(total, MAX_BYTES);
    byte[] out = new byte[size];
    long start = total - size;
    for (int i = 0; i < size; i++) {
      out[i] = window[(int) ((start + i) % MAX_BYTES)];
    }
    return out;
  }

  static List<String> lines(String file) throws IOException {
    if (file == null || "-".equals(file)) {
      return LogTail.lines(new String(tail(System.in), StandardCharsets.UTF_8), MAX_LINES);
    }
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      throw new UserException("no such file: " + file, ExitCodes.USAGE);
    }
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new UserException("cannot read " + file + " (a directory, or no permission)",
          ExitCodes.USAGE);
    }
    if (!Files.isRegularFile(path)) {
      // A pipe or process substitution (<(…)) cannot seek to its tail: stream it instead.
      try (InputStream in = Files.newInputStream(path)) {
        return LogTail.lines(new String(tail(in), StandardCharsets.UTF_8), MAX_LINES);
      }
    }
    return LogTail.lastLines(path, MAX_LINES, MAX_BYTES);
  }
}
