package dev.babysitter.tools.checkpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints of one run, ordered by parsed numeric step then modification time (never
 * lexicographic: {@code step-10} comes after {@code step-9}). Pure: built from a listing taken
 * by the probe, so it works the same for local and remote instances.
 */
public final class CheckpointCatalog {
  private static final Comparator<Checkpoint> ORDER =
      Comparator.comparingLong(Checkpoint::step).thenComparing(Checkpoint::modified);

  private final List<Checkpoint> checkpoints;

  private CheckpointCatalog(List<Checkpoint> checkpoints) {
    this.checkpoints = checkpoints;
  }

  /** A listing entry: directory name, whether its complete marker exists, mtime. */
  public record Entry(String name, boolean markerPresent, Instant modified) {}

  /**
   * Builds the catalog from directory names matching {@code pattern} (e.g. {@code step-{n}});
   * names that do not match are not checkpoints and are ignored.
   */
  public static CheckpointCatalog of(String dir, String pattern, Collection<Entry> entries) {
    Pattern compiled = compile(pattern);
    List<Checkpoint> found = new ArrayList<>();
    for (Entry entry : entries) {
      OptionalLong step = parseStep(compiled, entry.name());
      if (step.isPresent()) {
        String path = dir.endsWith("/") ? dir + entry.name() : dir + "/" + entry.name();
        found.add(new Checkpoint(entry.name(), path, step.getAsLong(), entry.markerPresent(),
            entry.modified()));
      }
    }
    found.sort(ORDER);
    return new CheckpointCatalog(List.copyOf(found));
  }

  /** The numeric step in a checkpoint name or path, per {@code pattern}. */
  public static OptionalLong stepOf(String pattern, String nameOrPath) {
    String name = nameOrPath.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    return parseStep(compile(pattern), name);
  }

  public List<Checkpoint> all() {
    return checkpoints;
  }

  /** The newest complete checkpoint whose path is not in a rejected lineage. */
  public Optional<Checkpoint> newestComplete(Set<String> rejectedPaths) {
    for (int i = checkpoints.size() - 1; i >= 0; i--) {
      Checkpoint candidate = checkpoints.get(i);
      if (candidate.complete() && !rejectedPaths.contains(candidate.path())) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public Optional<Checkpoint> byPath(String path) {
    return checkpoints.stream().filter(c -> c.path().equals(path)).findFirst();
  }

  public Optional<Checkpoint> atStep(long step) {
    return checkpoints.stream().filter(c -> c.step() == step).reduce((a, b) -> b);
  }

  private static Pattern compile(String pattern) {
    int at = pattern.indexOf("{n}");
    if (at < 0) {
      throw new IllegalArgumentException("checkpoint pattern needs {n}: " + pattern);
    }
    return Pattern.compile(Pattern.quote(pattern.substring(0, at)) + "(\\d{1,18})"
        + Pattern.quote(pattern.substring(at + 3)));
  }

  private static OptionalLong parseStep(Pattern compiled, String name) {
    Matcher m = compiled.matcher(name);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
