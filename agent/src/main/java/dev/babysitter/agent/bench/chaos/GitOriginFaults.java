package dev.babysitter.agent.bench.chaos;

import dev.babysitter.tools.logbook.CommitResult;
import dev.babysitter.tools.logbook.GitJournal;
import dev.babysitter.tools.logbook.Logbook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The logbook's origin misbehaves for an hour of simulated time (one babysitter check a minute):
 * unreachable (the bare repository moved away), rejecting every push (a {@code pre-receive} hook
 * that exits 1, run by real git's receive-pack) and diverged (a second clone, another writer,
 * pushes its own file with the git command line). Every minute the babysitter appends an Event
 * Log entry and commits and pushes it ({@link GitJournal#commitAndPush}), then retries what
 * waits ({@link GitJournal#pushPending}), as the recorder does. Once the origin heals, a few more
 * checks; then the origin's logbook is read: entries lost, duplicated or out of order, ours and
 * the other writer's (goal 0).
 */
public final class GitOriginFaults implements ChaosExperiment {
  private static final int MINUTES = 60;
  /** Checks after the faults end, for the commits kept locally to reach the origin. */
  private static final int HEALED_CHECKS = 3;

  @Override
  public String name() {
    return "git";
  }

  @Override
  public String violation() {
    return "entries lost or reordered";
  }

  @Override
  public ChaosResult run(ChaosSettings settings) throws Exception {
    int hours = settings.size(5, 1);
    int minutes = settings.size(MINUTES, 20);
    Random rnd = new Random(settings.seed());
    Totals t = new Totals();
    List<String> examples = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      hour(settings.workDir().resolve("git-" + h), minutes, rnd, t, examples);
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("entries_written", Long.toString(t.written));
    f.put("lost", Long.toString(t.lost));
    f.put("duplicated", Long.toString(t.duplicated));
    f.put("reordered", Long.toString(t.reordered));
    f.put("other_writer_lost", Long.toString(t.otherLost));
    f.put("unreachable_min", Long.toString(t.unreachableMinutes));
    f.put("rejecting_min", Long.toString(t.rejectingMinutes));
    f.put("diverging_pushes", Long.toString(t.otherPushes));
    f.put("push_problems_reported", Long.toString(t.pushProblems));
    f.put("rejected_pushes", Long.toString(t.rejectedPushes));
    f.put("commit_failures", Long.toString(t.commitFailures));
    f.put("max_unpushed", Long.toString(t.maxUnpushed));
    return new ChaosResult(name(), hours, t.lost + t.duplicated + t.reordered + t.otherLost,
        violation(), f, examples, Duration.ZERO);
  }

  private static final class Totals {
    long written;
    long lost;
    long duplicated;
    long reordered;
    long otherLost;
    long unreachableMinutes;
    long rejectingMinutes;
    long otherPushes;
    long pushProblems;
    long rejectedPushes;
    long commitFailures;
    long maxUnpushed;
  }

  /** A fault window, in simulated minutes [from, to). */
  private record Window(String kind, int from, int to) {
    boolean covers(int minute) {
      return minute >= from && minute < to;
    }
  }

  private static void hour(Path dir, int minutes, Random rnd, Totals t, List<String> examples)
      throws Exception {
    Files.createDirectories(dir);
    Path bare = dir.resolve("origin.git");
    Path away = dir.resolve("origin.git.away");
    Path repo = dir.resolve("repo");
    GitJournal.initBareWithClone(bare, repo, "main");
    // Real git serves the origin, so its hooks run (JGit's in-process receive-pack runs none).
    gitOk(repo, "config", "remote.origin.receivepack", receivePack());
    Path other = dir.resolve("other");
    gitOk(dir, "clone", "-q", bare.toString(), other.toString());
    gitOk(other, "config", "user.name", "someone-else");
    gitOk(other, "config", "user.email", "else@users.noreply.invalid");
    Path hook = bare.resolve("hooks/pre-receive");
    Files.createDirectories(hook.getParent()); // JGit's init makes none

    List<Window> windows = windows(minutes, rnd);
    Path logbookFile = repo.resolve("logbooks/chaos.md");
    Files.createDirectories(logbookFile.getParent());
    Logbook logbook = new Logbook(logbookFile, UnaryOperator.identity());
    List<String> written = new ArrayList<>();
    List<String> otherWritten = new ArrayList<>();
    boolean otherUnpushed = false;
    try (GitJournal journal = GitJournal.open(repo, "origin", "main", "babysitter-chaos",
        "chaos@users.noreply.invalid")) {
      logbook.create("chaos", Map.of("Run", "chaos"));
      journal.commitAndPush("chaos: start run logbook", logbookFile);
      for (int m = 0; m < minutes + HEALED_CHECKS; m++) {
        final int minute = m;
        boolean unreachable = windows.stream().anyMatch(w -> w.kind.equals("unreachable")
            && w.covers(minute));
        boolean rejecting = windows.stream().anyMatch(w -> w.kind.equals("rejecting")
            && w.covers(minute));
        setUnreachable(bare, away, unreachable);
        setRejecting(hook, rejecting);
        t.unreachableMinutes += unreachable ? 1 : 0;
        t.rejectingMinutes += rejecting ? 1 : 0;
        // Another writer pushes now and then (diverging our clone from the origin).
        if (m < minutes && rnd.nextDouble() < 0.3) {
          String entry = "other " + otherWritten.size();
          Files.writeString(other.resolve("other.md"), "- " + entry + "\n",
              StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
          gitOk(other, "add", "other.md");
          gitOk(other, "commit", "-q", "-m", entry);
          otherWritten.add(entry);
          otherUnpushed = true;
        }
        if (otherUnpushed) {
          // as a person would: pull --rebase, push; on failure try again next minute
          if (git(other, "pull", "-q", "--rebase") == 0 && git(other, "push", "-q") == 0) {
            otherUnpushed = false;
            t.otherPushes++;
          }
        }
        if (m < minutes) {
          String heading = "entry " + written.size() + " (minute " + m + ")";
          logbook.appendEvent(heading, Map.of("What", "a check at minute " + m));
          written.add(heading);
          try {
            CommitResult r = journal.commitAndPush("chaos: " + heading, logbookFile);
            if (!r.pushed()) {
              t.pushProblems++;
              t.rejectedPushes += r.pushProblem().contains("rejected") ? 1 : 0;
            }
          } catch (RuntimeException e) {
            t.commitFailures++;
            if (examples.size() < 5) {
              examples.add("minute " + m + " commitAndPush threw " + e);
            }
          }
        }
        try {
          journal.pushPending();
        } catch (RuntimeException e) {
          t.commitFailures++;
          if (examples.size() < 5) {
            examples.add("minute " + m + " pushPending threw " + e);
          }
        }
        t.maxUnpushed = Math.max(t.maxUnpushed, journal.unpushedCount());
      }
    } finally {
      setUnreachable(bare, away, false);
      setRejecting(hook, false);
    }
    t.written += written.size();
    List<String> inOrigin = headings(show(bare, "main:logbooks/chaos.md"));
    Set<String> present = new HashSet<>(inOrigin);
    long lost = written.stream().filter(w -> !present.contains(w)).count();
    long duplicated = inOrigin.size() - present.size();
    List<String> common = inOrigin.stream().filter(written::contains).distinct().toList();
    List<String> expectedOrder = written.stream().filter(present::contains).toList();
    long reordered = common.equals(expectedOrder) ? 0 : 1;

    String otherText = show(bare, "main:other.md");
    long otherLost = otherWritten.stream().filter(e -> !otherText.contains("- " + e + "\n"))
        .count();
    t.lost += lost;
    t.duplicated += duplicated;
    t.reordered += reordered;
    t.otherLost += otherLost;
    if ((lost + duplicated + reordered + otherLost) > 0 && examples.size() < 5) {
      examples.add(dir.getFileName() + ": windows " + windows + ": lost " + lost
          + ", duplicated " + duplicated + ", reordered " + reordered + ", other writer lost "
          + otherLost + " (origin has " + inOrigin.size() + " of " + written.size() + ")");
    }
  }

  /** Two to four windows of 3 to 10 minutes, of either kind, anywhere in the hour. */
  private static List<Window> windows(int minutes, Random rnd) {
    List<Window> out = new ArrayList<>();
    int n = 2 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      int len = 3 + rnd.nextInt(Math.min(8, Math.max(1, minutes / 3)));
      int from = rnd.nextInt(Math.max(1, minutes - len));
      out.add(new Window(i % 2 == 0 ? "unreachable" : "rejecting", from, from + len));
    }
    return out;
  }

  private static void setUnreachable(Path bare, Path away, boolean unreachable)
      throws IOException {
    if (unreachable && Files.exists(bare)) {
      Files.move(bare, away);
    } else if (!unreachable && Files.exists(away)) {
      Files.move(away, bare);
    }
  }

  private static void setRejecting(Path hook, boolean rejecting) throws IOException {
    Path hooks = hook.getParent();
    // the origin may be moved away this minute: the hook goes with it
    if (!Files.isDirectory(hooks)) {
      return;
    }
    if (rejecting && !Files.exists(hook)) {
      Files.writeString(hook, "#!/bin/sh\necho 'chaos: pushes are refused' >&2\nexit 1\n");
      Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    } else if (!rejecting) {
      Files.deleteIfExists(hook);
    }
  }

  private static List<String> headings(String logbook) {
    return logbook.lines().filter(l -> l.startsWith("### ")).map(l -> l.substring(4)).toList();
  }

  private static String receivePack() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out + "/git-receive-pack";
  }

  private static String show(Path bare, String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("git", "--git-dir", bare.toString(), "show", what)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static void gitOk(Path dir, String... args) throws IOException, InterruptedException {
    if (git(dir, args) != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed in " + dir);
    }
  }

  private static int git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
