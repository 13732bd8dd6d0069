package dev.babysitter.tools.logbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a git process is SIGKILLed while it holds a lock (a hook that sleeps keeps it
 * there), and the journal then commits and pushes through what it left behind.
 */
class GitJournalKilledGitTest {
  @TempDir Path tmp;
  Path bare;
  Path work;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(gitCli(), "needs the git command line");
    bare = tmp.resolve("origin.git");
    work = tmp.resolve("work");
    GitJournal.initBareWithClone(bare, work, "main");
  }

  private static boolean gitCli() {
    try {
      return new ProcessBuilder("git", "--version").redirectErrorStream(true).start()
          .waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void hook(Path hooks, String name) throws IOException {
    Files.createDirectories(hooks);
    Path h = hooks.resolve(name);
    // the marker says the hook runs, i.e. git is at the point where it holds the lock
    Files.writeString(h, "#!/bin/sh\ntouch \"" + hooks.resolve(name + ".running") + "\"\nsleep 60\n");
    Files.setPosixFilePermissions(h, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * Starts {@code git args...} in {@code dir}, waits for its hook to run (the marker) while it
   * holds {@code lock}, then kill -9 of it all.
   */
  private static void killWhileHolding(Path dir, Path marker, Path lock, String... args)
      throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t",
        "-c", "user.email=t@example.invalid"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolveSibling(dir.getFileName() + "-git.log").toFile()).start();
    try {
      for (int i = 0; i < 200 && !Files.exists(marker); i++) {
        Thread.sleep(50);
      }
      assertThat(lock).as("git took the lock").exists();
    } finally {
      // git first: killing its hook first lets a still-living git see the hook fail and remove
      // the lock itself, which is not the crash this test is about (CI caught that order)
      List<ProcessHandle> hookProcesses = p.descendants().toList();
      p.destroyForcibly(); // SIGKILL, like kill -9
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      hookProcesses.forEach(ProcessHandle::destroyForcibly);
    }
    assertThat(lock).as("kill -9 leaves the lock behind").exists();
  }

  private static void appendLine(Path file, String line) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private String inBare(String path) throws IOException {
    try (Repository repo = Git.open(bare.toFile()).getRepository();
         RevWalk walk = new RevWalk(repo)) {
      RevCommit head = walk.parseCommit(repo.resolve("refs/heads/main"));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, head.getTree())) {
        return tw == null ? null
            : new String(repo.open(tw.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Test
  void aCommitKilledWhileHoldingTheIndexLockDoesNotBlockLaterCommits() throws Exception {
    Path hooks = tmp.resolve("hooks");
    hook(hooks, "pre-commit"); // git commit holds index.lock while the hook runs
    Path log = work.resolve("logbooks/tiny.md");
    appendLine(log, "one");
    Path lock = work.resolve(".git/index.lock");
    killWhileHolding(work, hooks.resolve("pre-commit.running"), lock, "-c", "core.hooksPath=" + hooks, "commit", "-a", "-m", "x",
        "--allow-empty");
    try (GitJournal j = GitJournal.open(work, "origin", "main", "bot", "bot@example.invalid",
        Duration.ofMillis(500))) {
      CommitResult r = j.commitAndPush("tiny: one", log);
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      appendLine(log, "two");
      assertThat(j.commitAndPush("tiny: two", log).pushed()).isTrue();
    }
    assertThat(lock).doesNotExist();
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\ntwo\n");
  }

  @Test
  void aPushKilledWhileHoldingTheOriginsRefLockDoesNotBlockLaterPushes() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    appendLine(log, "one");
    try (Git g = Git.open(work.toFile())) {
      g.add().addFilepattern("logbooks/tiny.md").call();
      g.commit().setMessage("tiny: one").setSign(false).call();
    }
    // receive-pack runs reference-transaction with refs/heads/main.lock taken
    hook(bare.resolve("hooks"), "reference-transaction");
    Path lock = bare.resolve("refs/heads/main.lock");
    killWhileHolding(work, bare.resolve("hooks/reference-transaction.running"), lock,
        "push", "origin", "main");
    Files.delete(bare.resolve("hooks/reference-transaction"));

    try (GitJournal j = GitJournal.open(work, "origin", "main", "bot", "bot@example.invalid",
        Duration.ofMillis(500))) {
      appendLine(log, "two");
      CommitResult r = j.commitAndPush("tiny: two", log);
      if (!r.pushed()) { // the lock was still fresh at open and through the push's retries
        Thread.sleep(600);
        appendLine(log, "three");
        r = j.commitAndPush("tiny: three", log);
      }
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      assertThat(j.unpushedCount()).isZero();
    }
    assertThat(lock).doesNotExist();
    assertThat(inBare("logbooks/tiny.md")).startsWith("one\ntwo\n");
  }
}
