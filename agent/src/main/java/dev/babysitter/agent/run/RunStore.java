package dev.babysitter.agent.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Run records on disk, one JSON file per run, replaced atomically so a crash never tears one. */
public final class RunStore {
  private final Path root;
  private final ObjectMapper json;

  public RunStore(Path stateDir) {
    this.root = stateDir.resolve("runs");
    this.json = new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY);
  }

  /**
   * Serialises fully in memory first (a failing serialiser leaves no file behind), writes a
   * temp file in the run's directory, fsyncs it, renames it over the record and fsyncs the
   * directory, so a crash or a full disk leaves either the old record or the new one.
   */
  public synchronized void save(RunRecord record) throws IOException {
    Path dir = dirOf(record.runName);
    Files.createDirectories(dir);
    byte[] bytes = json.writeValueAsBytes(record);
    Path tmp = dir.resolve("record.json.tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, dir.resolve("record.json"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup); // the write's own failure is the one to report
      }
      throw e;
    }
    syncDirectory(dir);
  }

  /** The rename is durable only once the directory entry is on disk (POSIX; no-op elsewhere). */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open a directory; the file itself is already synced.
    }
  }

  /**
   * The run's record, empty when it has none.
   *
   * @throws UnreadableRecordException when the file exists but is not a record; it names the
   *     file, and no other run is affected
   */
  public synchronized Optional<RunRecord> load(String runName) throws IOException {
    Path file = dirOf(runName).resolve("record.json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      RunRecord record = json.readValue(file.toFile(), RunRecord.class);
      if (record == null) {
        throw new UnreadableRecordException(runName, file, "empty file", null);
      }
      return Optional.of(record);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + " column "
          + at.getColumnNr();
      throw new UnreadableRecordException(runName, file, firstLine(e.getOriginalMessage())
          + where, e);
    } catch (UnreadableRecordException e) {
      throw e;
    } catch (IOException e) {
      throw new UnreadableRecordException(runName, file, e.getClass().getSimpleName() + ": "
          + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "no detail";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The readable records and the unreadable ones, each of the latter naming its file. */
  public record Listing(List<RunRecord> records, List<UnreadableRecordException> unreadable) {
    public Listing {
      records = List.copyOf(records);
      unreadable = List.copyOf(unreadable);
    }
  }

  /** Every run, in name order; one unreadable record does not hide the others. */
  public Listing list() throws IOException {
    List<RunRecord> out = new ArrayList<>();
    List<UnreadableRecordException> bad = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return new Listing(out, bad);
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        try {
          load(dir.getFileName().toString()).ifPresent(out::add);
        } catch (UnreadableRecordException e) {
          bad.add(e);
        }
      }
    }
    return new Listing(out, bad);
  }

  /** The readable records only; callers that act on the whole set use {@link #list()}. */
  public List<RunRecord> all() throws IOException {
    return list().records();
  }

  public Path dirOf(String runName) {
    return root.resolve(runName);
  }

  public Path root() {
    return root.getParent();
  }
}
