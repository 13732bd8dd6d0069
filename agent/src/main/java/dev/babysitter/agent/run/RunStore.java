package dev.babysitter.agent.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  public synchronized void save(RunRecord record) throws IOException {
    Path dir = dirOf(record.runName);
    Files.createDirectories(dir);
    Path tmp = dir.resolve("record.json.tmp");
    json.writeValue(tmp.toFile(), record);
    Files.move(tmp, dir.resolve("record.json"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  public synchronized Optional<RunRecord> load(String runName) throws IOException {
    Path file = dirOf(runName).resolve("record.json");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(json.readValue(file.toFile(), RunRecord.class));
  }

  public List<RunRecord> all() throws IOException {
    List<RunRecord> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        load(dir.getFileName().toString()).ifPresent(out::add);
      }
    }
    return out;
  }

  public Path dirOf(String runName) {
    return root.resolve(runName);
  }

  public Path root() {
    return root.getParent();
  }
}
