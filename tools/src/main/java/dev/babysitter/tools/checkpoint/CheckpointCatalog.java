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

  /**
   * A listing entry: its name, whether it is complete as the probe saw it (a directory's marker
   * exists; a regular file is complete by being there), mtime, and whether it is a directory.
   */
  public record Entry(String name, boolean markerPresent, Instant modified, boolean directory) {
    /** A directory entry, as listings from before single-file checkpoints had them. */
    public Entry(String name, boolean markerPresent, Instant modified) {
      this(name, markerPresent, modified, true);
    }
  }

  /**
   * Builds the catalog from directory names matching {@code pattern} (e.g. {@code step-{n}});
   * names that do not match are not checkpoints and are ignored.
   */
  public static CheckpointCatalog of(String dir, String pattern, Collection<Entry> entries) {
    return of(CheckpointLayout.of(dir, pattern, "directory", null), entries);
  }

  /**
   * Builds the catalog from the entries that are checkpoints of {@code layout}: the right kind
   * (a directory named like a single-file checkpoint is not one, nor the reverse) and a name
   * that matches; a temporary name such as {@code ckpt_200.pt.tmp} does not.
   */
  public static CheckpointCatalog of(CheckpointLayout layout, Collection<Entry> entries) {
    Pattern compiled = layout.javaRegex();
    String dir = layout.dir();
    List<Checkpoint> found = new ArrayList<>();
    for (Entry entry : entries) {
      OptionalLong step = layout.accepts(entry.directory()) ? parseStep(compiled, entry.name())
          : OptionalLong.empty();
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
    return CheckpointLayout.of("", pattern, "directory", null).stepOf(nameOrPath);
  }

  /** No checkpoints: for decisions taken without a listing (launch, the command line). */
  public static CheckpointCatalog empty() {
    return new CheckpointCatalog(List.of());
  }

  public List<Checkpoint> all() {
    return checkpoints;
  }

  /** The newest complete checkpoint whose path is not in a rejected lineage. */
  public Optional<Checkpoint> newestComplete(Set<String> rejectedPaths) {
    return newestCompleteBefore(Long.MAX_VALUE, rejectedPaths);
  }

  /**
   * The newest complete checkpoint strictly before {@code step}, rejected ones aside: the
   * recovery source when everything from {@code step} on is suspect (a NaN's onset).
   */
  public Optional<Checkpoint> newestCompleteBefore(long step, Set<String> rejectedPaths) {
    for (int i = checkpoints.size() - 1; i >= 0; i--) {
      Checkpoint candidate = checkpoints.get(i);
      if (candidate.step() < step && candidate.complete()
          && !rejectedPaths.contains(candidate.path())) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * The step at which the next save is due after {@code step}, on the interval between the two
   * newest complete checkpoints; empty with fewer than two (or two at one step).
   */
  public OptionalLong nextSaveAfter(long step) {
    Checkpoint last = null;
    for (int i = checkpoints.size() - 1; i >= 0; i--) {
      Checkpoint c = checkpoints.get(i);
      if (!c.complete()) {
        continue;
      }
      if (last == null) {
        last = c;
        continue;
      }
      long every = last.step() - c.step();
      if (every <= 0) {
        return OptionalLong.empty();
      }
      long next = last.step() + every;
      return OptionalLong.of(step < next ? next : next + ((step - next) / every + 1) * every);
    }
    return OptionalLong.empty();
  }

  public Optional<Checkpoint> byPath(String path) {
    return checkpoints.stream().filter(c -> c.path().equals(path)).findFirst();
  }

  public Optional<Checkpoint> atStep(long step) {
    return checkpoints.stream().filter(c -> c.step() == step).reduce((a, b) -> b);
  }

  private static OptionalLong parseStep(Pattern compiled, String name) {
    Matcher m = compiled.matcher(name);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
