package dev.babysitter.tools.logbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and removes the lock files that a git process killed mid-operation (kill -9, OOM, power
 * loss) leaves behind: {@code index.lock}, {@code HEAD.lock}, {@code config.lock},
 * {@code packed-refs.lock} and {@code refs/**}{@code /*.lock}. Git never removes them itself, so
 * every later write to the same file fails until someone does.
 *
 * <p>Git's lock files carry no process id, so a live writer's lock cannot be told from a dead
 * one's by looking at it. A lock counts as stale when it is older than {@code staleAfter} (a
 * writer holds a lock for milliseconds, never a minute); a younger one is always left alone, and
 * the caller pauses and retries instead: a lock that is still there after the pause and has
 * grown old enough by then is stale.
 */
final class StaleLocks {
  private static final Logger LOG = LoggerFactory.getLogger(StaleLocks.class);
  static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(60);

  /** A lock file that was left alone because it may belong to a live writer. */
  record Held(Path file, Duration age) {
    @Override
    public String toString() {
      return file + " (" + age.toMillis() / 1000 + " s old)";
    }
  }

  /** What one sweep did: the stale locks it removed and the fresh ones it left. */
  record Sweep(List<Path> removed, List<Held> held) {
    static final Sweep NONE = new Sweep(List.of(), List.of());

    Sweep plus(Sweep other) {
      List<Path> r = new ArrayList<>(removed);
      r.addAll(other.removed);
      List<Held> h = new ArrayList<>(held);
      h.addAll(other.held);
      return new Sweep(List.copyOf(r), List.copyOf(h));
    }
  }

  private final Duration staleAfter;

  StaleLocks(Duration staleAfter) {
    if (staleAfter == null || staleAfter.isNegative()) {
      throw new IllegalArgumentException("staleAfter must be >= 0: " + staleAfter);
    }
    this.staleAfter = staleAfter;
  }

  Duration staleAfter() {
    return staleAfter;
  }

  /**
   * Removes the stale lock files of one repository directory ({@code .git} of a clone, or a bare
   * repository) and reports the fresh ones. {@code what} names the repository in the log.
   */
  Sweep sweep(Path gitDir, String what) {
    if (gitDir == null || !Files.isDirectory(gitDir)) {
      return Sweep.NONE;
    }
    List<Path> removed = new ArrayList<>();
    List<Held> held = new ArrayList<>();
    for (Path lock : candidates(gitDir)) {
      try {
        BasicFileAttributes before = Files.readAttributes(lock, BasicFileAttributes.class);
        Duration age = Duration.between(before.lastModifiedTime().toInstant(), Instant.now());
        if (age.compareTo(staleAfter) < 0) {
          held.add(new Held(lock, age));
          continue;
        }
        if (removeIfUnchanged(lock, before)) {
          removed.add(lock);
          LOG.warn("removed stale git lock {} in {} ({} s old, stale after {} s): left by a git"
              + " operation that was killed", gitDir.relativize(lock), what,
              age.toSeconds(), staleAfter.toSeconds());
        } else {
          held.add(new Held(lock, Duration.ZERO));
        }
      } catch (NoSuchFileException e) {
        // released while we looked: nothing to do
      } catch (IOException e) {
        LOG.warn("could not remove stale git lock {} in {}: {}", lock, what, e.getMessage());
        held.add(new Held(lock, Duration.ZERO));
      }
    }
    return new Sweep(List.copyOf(removed), List.copyOf(held));
  }

  /**
   * Moves the lock aside under a name git ignores, checks it is the very file judged stale (not
   * one a live writer created after a concurrent sweeper removed the old one), then deletes it;
   * a different file is moved back.
   */
  private static boolean removeIfUnchanged(Path lock, BasicFileAttributes before)
      throws IOException {
    String name = lock.getFileName().toString();
    String stem = name.substring(0, name.length() - ".lock".length());
    Path aside = lock.resolveSibling(stem + ".stale-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".lock");
    Files.move(lock, aside, StandardCopyOption.ATOMIC_MOVE);
    BasicFileAttributes after = Files.readAttributes(aside, BasicFileAttributes.class);
    boolean same = Objects.equals(before.fileKey(), after.fileKey())
        && before.lastModifiedTime().equals(after.lastModifiedTime())
        && before.size() == after.size();
    if (same) {
      Files.delete(aside);
      return true;
    }
    try {
      Files.move(aside, lock, StandardCopyOption.ATOMIC_MOVE); // never over a newer lock
    } catch (IOException e) {
      Files.deleteIfExists(aside); // its owner's rename will fail and it will retry
    }
    return false;
  }

  /** The lock files git may leave in {@code gitDir}, in no particular order. */
  static List<Path> candidates(Path gitDir) {
    List<Path> out = new ArrayList<>();
    for (String top : List.of("index.lock", "HEAD.lock", "config.lock", "packed-refs.lock")) {
      Path p = gitDir.resolve(top);
      if (Files.isRegularFile(p)) {
        out.add(p);
      }
    }
    Path refs = gitDir.resolve("refs");
    if (Files.isDirectory(refs)) {
      try (Stream<Path> walk = Files.walk(refs)) {
        walk.filter(p -> p.getFileName().toString().endsWith(".lock"))
            .filter(Files::isRegularFile).forEach(out::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        LOG.debug("could not list {}: {}", refs, e.getMessage());
      }
    }
    return out;
  }

  /** Whether {@code e} (or a cause) is git failing to take a lock. */
  static boolean isLockError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jgit.errors.LockFailedException) {
        return true;
      }
      if (t instanceof org.eclipse.jgit.api.errors.ConcurrentRefUpdateException c
          && c.getResult() == org.eclipse.jgit.lib.RefUpdate.Result.LOCK_FAILURE) {
        return true;
      }
      if (mentionsLock(t.getMessage())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** "failed to lock", "Could not lock HEAD", "index.lock", "LOCK_FAILURE" (not "block"). */
  static boolean mentionsLock(String message) {
    return message != null && message.matches("(?is).*\\block.*");
  }
}
