package dev.babysitter.tools.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run's time series for its plots: one JSON line per check ({@code {"at": ..., "loss": ...}}),
 * bounded. Past {@code max} samples the file is thinned to every other sample (the newest is
 * always kept), so a month-long run keeps its whole shape at a coarser grain and the file never
 * grows past {@code max} lines. A torn last line (a crash mid-append) is skipped when read.
 */
public final class SampleFile {
  public static final int DEFAULT_MAX = 2000;

  /** One check's numbers by name; a value the check did not have is absent, not null. */
  public record Sample(Instant at, Map<String, Double> values) {
    public Sample {
      Objects.requireNonNull(at, "at");
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  private final Path file;
  private final int max;
  private final ObjectMapper json = new ObjectMapper();

  public SampleFile(Path file, int max) {
    if (max < 4) {
      throw new IllegalArgumentException("max must be at least 4, got " + max);
    }
    this.file = Objects.requireNonNull(file, "file");
    this.max = max;
  }

  public Path file() {
    return file;
  }

  public synchronized void append(Sample sample) throws IOException {
    ObjectNode rec = json.createObjectNode().put("at", sample.at().toString());
    sample.values().forEach((k, v) -> {
      if (v != null && Double.isFinite(v)) {
        rec.put(k, v);
      }
    });
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    // After a torn last line (a crash mid-append) start a fresh line, so ours stays whole.
    boolean torn = Files.exists(file) && Files.size(file) > 0 && !Files.readString(file,
        StandardCharsets.UTF_8).endsWith("\n");
    Files.writeString(file, (torn ? "\n" : "") + json.writeValueAsString(rec) + "\n",
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    List<Sample> all = read();
    if (all.size() > max) {
      List<Sample> kept = new ArrayList<>();
      for (int i = all.size() - 1; i >= 0; i -= 2) {
        kept.add(0, all.get(i));
      }
      rewrite(kept);
    }
  }

  /** Every well-formed sample, oldest first. */
  public synchronized List<Sample> read() throws IOException {
    List<Sample> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode rec;
      try {
        rec = json.readTree(line);
      } catch (IOException e) {
        continue; // a torn line from a crash mid-append
      }
      if (!rec.hasNonNull("at")) {
        continue;
      }
      Map<String, Double> values = new LinkedHashMap<>();
      rec.fields().forEachRemaining(f -> {
        if (f.getValue().isNumber()) {
          values.put(f.getKey(), f.getValue().asDouble());
        }
      });
      try {
        out.add(new Sample(Instant.parse(rec.get("at").asText()), values));
      } catch (java.time.format.DateTimeParseException e) {
        // not one of ours: skip it rather than lose the plot
      }
    }
    return out;
  }

  private void rewrite(List<Sample> samples) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Sample s : samples) {
      ObjectNode rec = json.createObjectNode().put("at", s.at().toString());
      s.values().forEach(rec::put);
      b.append(json.writeValueAsString(rec)).append('\n');
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, b.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
