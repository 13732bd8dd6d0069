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

  static List<String> lines(String file) throws IOException {
    if (file == null || "-".equals(file)) {
      InputStream in = System.in;
      byte[] bytes = in.readNBytes((int) MAX_BYTES);
      return LogTail.lines(new String(bytes, StandardCharsets.UTF_8), MAX_LINES);
    }
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      throw new UserException("no such file: " + file, ExitCodes.USAGE);
    }
    if (!Files.isReadable(path) || Files.isDirectory(path)) {
      throw new UserException("cannot read " + file + " (a directory, or no permission)",
          ExitCodes.USAGE);
    }
    return LogTail.lastLines(path, MAX_LINES, MAX_BYTES);
  }
}
