package dev.babysitter.tools.logbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The run's logbook: a markdown file in the shape of the seed's template (Run Contract, Launched
 * Instances, Event Log, Final Seal). Append-only: every operation inserts lines into a section and
 * never rewrites an existing line, so the git history of the file only ever grows.
 *
 * <p>Section boundaries are the template's own {@code ## } lines. Nothing we write can forge one:
 * headings become {@code ### } lines, fields become {@code - } lines and multi-line values are
 * indented under their bullet.
 */
public final class Logbook {
  static final String CONTRACT = "## Run Contract";
  static final String INSTANCES = "## Launched Instances";
  static final String EVENTS = "## Event Log";
  static final String SEAL = "## Final Seal";

  private final Path file;
  private final UnaryOperator<String> scrubber;

  public Logbook(Path file, UnaryOperator<String> scrubber) {
    this.file = Objects.requireNonNull(file, "file");
    this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
  }

  public Path file() {
    return file;
  }

  public synchronized boolean exists() {
    return Files.exists(file);
  }

  public synchronized void create(String title, Map<String, String> runContract) {
    if (Files.exists(file)) {
      throw new IllegalStateException("logbook already exists: " + file);
    }
    List<String> lines = new ArrayList<>();
    lines.add("# " + oneLine(title) + ": Run Logbook");
    lines.add("");
    lines.add(CONTRACT);
    lines.add("");
    lines.addAll(fieldLines(runContract));
    if (!runContract.isEmpty()) {
      lines.add("");
    }
    lines.add(INSTANCES);
    lines.add("");
    lines.add(EVENTS);
    lines.add("");
    lines.add(SEAL);
    lines.add("");
    write(lines);
  }

  /** Appends an instance block at the end of the Launched Instances section. */
  public synchronized void addInstance(String heading, Map<String, String> fields) {
    insertBefore(EVENTS, block(heading, fields));
  }

  /** Appends an event block at the end of the Event Log section. */
  public synchronized void appendEvent(String heading, Map<String, String> fields) {
    insertBefore(SEAL, block(heading, fields));
  }

  /** Fills the Final Seal section; a logbook is sealed once. */
  public synchronized void seal(Map<String, String> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a seal needs at least one field");
    }
    List<String> lines = read();
    if (sealed(lines)) {
      throw new IllegalStateException("logbook already sealed: " + file);
    }
    lines.addAll(fieldLines(fields));
    write(lines);
  }

  public synchronized boolean sealed() {
    return Files.exists(file) && sealed(read());
  }

  public synchronized String text() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code ### } headings of the Event Log, in order. */
  public synchronized List<String> eventHeadings() {
    List<String> lines = read();
    int from = indexOf(lines, EVENTS, 0);
    int to = indexOf(lines, SEAL, from);
    List<String> out = new ArrayList<>();
    for (String line : lines.subList(from + 1, to)) {
      if (line.startsWith("### ")) {
        out.add(line.substring(4));
      }
    }
    return out;
  }

  private boolean sealed(List<String> lines) {
    int seal = indexOf(lines, SEAL, 0);
    return lines.subList(seal + 1, lines.size()).stream().anyMatch(l -> !l.isBlank());
  }

  private void insertBefore(String sectionAfter, List<String> block) {
    List<String> lines = read();
    int at = indexOf(lines, sectionAfter, indexOf(lines, INSTANCES, 0));
    // The seal is the last word on the run: nothing is added after it.
    if (sealed(lines)) {
      throw new IllegalStateException("logbook is sealed: " + file);
    }
    lines.addAll(at, block);
    write(lines);
  }

  private List<String> block(String heading, Map<String, String> fields) {
    List<String> out = new ArrayList<>();
    out.add("### " + oneLine(heading));
    out.addAll(fieldLines(fields));
    out.add("");
    return out;
  }

  private List<String> fieldLines(Map<String, String> fields) {
    List<String> out = new ArrayList<>();
    fields.forEach((k, v) -> out.addAll(
        MarkdownValues.bullet(oneLine(k), scrubber.apply(v == null ? "" : v))));
    return out;
  }

  /** Headings, titles and keys must stay on one line or they could break the structure. */
  private String oneLine(String s) {
    String scrubbed = scrubber.apply(Objects.requireNonNull(s));
    return scrubbed.replaceAll("[\\r\\n]+", " ").strip();
  }

  private static int indexOf(List<String> lines, String section, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).equals(section)) {
        return i;
      }
    }
    throw new IllegalStateException("not a logbook (missing '" + section + "')");
  }

  private List<String> read() {
    try {
      return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(List<String> lines) {
    AtomicWrite.write(file, String.join("\n", lines) + "\n");
  }
}
