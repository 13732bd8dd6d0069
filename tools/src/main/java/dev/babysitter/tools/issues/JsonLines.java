package dev.babysitter.tools.issues;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Durable append-only JSON lines, plus the atomic whole-file write the stores need. */
final class JsonLines {
  private static final Logger LOG = LoggerFactory.getLogger(JsonLines.class);

  private JsonLines() {}

  /** Appends one record and forces it to disk before returning. */
  static void append(Path file, ObjectMapper json, JsonNode record) throws IOException {
    byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      ByteBuffer out = ByteBuffer.wrap(line);
      if (size > 0) {
        // A crash mid-append leaves a torn last line; start on a fresh line so ours stays whole.
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        if (last.get(0) != '\n') {
          out = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
        }
      }
      long pos = size;
      while (out.hasRemaining()) {
        pos += ch.write(out, pos);
      }
      ch.force(true);
    }
  }

  /** Every well-formed record, in file order; torn or garbled lines are skipped. */
  static List<JsonNode> read(Path file, ObjectMapper json) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(json.readTree(line));
      } catch (JsonProcessingException e) {
        LOG.warn("skipping a damaged line in {}: {}", file, e.getOriginalMessage());
      }
    }
    return out;
  }

  /** Replaces {@code file} so a reader never sees it half-written. */
  static void writeAtomically(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
