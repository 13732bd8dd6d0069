package dev.babysitter.agent.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code state/runs/<run>/approvals.jsonl}: the DRI's approvals and denials from the command
 * line, append-only. The CLI only appends here and never rewrites the run record, so a
 * babysitter saving the record at the same time cannot lose the approval; the controller reads
 * the new lines at its next check.
 */
public final class ApprovalFile {
  /** {@code verb}: approve | deny. */
  public record Entry(String verb, String id, String by, String via, Instant at, String note) {}

  private final Path file;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ApprovalFile(Path file) {
    this.file = file;
  }

  public static ApprovalFile of(RunStore store, String runName) {
    return new ApprovalFile(store.dirOf(runName).resolve("approvals.jsonl"));
  }

  public Path file() {
    return file;
  }

  /** Appends one line under a file lock and forces it to disk before returning. */
  public synchronized void append(Entry entry) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
         FileLock lock = ch.lock()) {
      ch.write(ByteBuffer.wrap(line));
      ch.force(true);
    }
  }

  /** Every complete line, in order; a torn last line (a writer mid-append) is left for later. */
  public synchronized List<Entry> read() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return out;
    }
    for (String line : text.substring(0, end).split("\n")) {
      if (!line.isBlank()) {
        out.add(json.readValue(line, Entry.class));
      }
    }
    return out;
  }
}
