package dev.babysitter.tools.logbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A babysitter killed (kill -9) in the middle of a commit or a push leaves git's lock files
 * behind: {@code .git/index.lock} in the clone, {@code refs/heads/main.lock} or
 * {@code packed-refs.lock} in a file-path origin. Stale ones are removed; a fresh one, which a
 * live writer may hold, never is; and nothing written meanwhile is lost.
 */
class GitJournalStaleLockTest {
  @TempDir Path tmp;
  Path bare;
  Path work;
  Path dotGit;

  @BeforeEach
  void setUp() {
    bare = tmp.resolve("origin.git");
    work = tmp.resolve("work");
    dotGit = work.resolve(".git");
    GitJournal.initBareWithClone(bare, work, "main");
  }

  private GitJournal journal() {
    return GitJournal.open(work, "origin", "main", "babysitter-bot", "bot@example.invalid");
  }

  /** A lock file as a killed git leaves it: some bytes, last written {@code age} ago. */
  private static Path lock(Path file, Duration age) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, "0123456789abcdef0123456789abcdef01234567\n".getBytes(StandardCharsets.UTF_8));
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    return file;
  }

  private static Path stale(Path file) throws IOException {
    return lock(file, Duration.ofMinutes(10));
  }

  private static Path fresh(Path file) throws IOException {
    return lock(file, Duration.ZERO);
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

  private List<String> bareMessages() throws Exception {
    List<String> out = new ArrayList<>();
    try (Git g = Git.open(bare.toFile())) {
      for (RevCommit c : g.log().add(g.getRepository().resolve("refs/heads/main")).call()) {
        out.add(c.getShortMessage());
      }
    }
    return out;
  }

  @Test
  void staleLocksInTheCloneAreRemovedAtOpen() throws Exception {
    List<Path> locks = List.of(stale(dotGit.resolve("index.lock")),
        stale(dotGit.resolve("HEAD.lock")), stale(dotGit.resolve("config.lock")),
        stale(dotGit.resolve("refs/heads/main.lock")),
        stale(dotGit.resolve("refs/remotes/origin/main.lock")));
    Path log = work.resolve("logbooks/tiny.md");
    appendLine(log, "# tiny");
    try (GitJournal j = journal()) {
      assertThat(locks).allSatisfy(l -> assertThat(l).doesNotExist());
      CommitResult r = j.commitAndPush("tiny: start", log);
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      assertThat(j.unpushedCount()).isZero();
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("# tiny\n");
  }

  @Test
  void aStaleIndexLockThatAppearsLaterIsRemovedWhenTheCommitHitsIt() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    try (GitJournal j = journal()) {
      appendLine(log, "one");
      assertThat(j.commitAndPush("tiny: one", log).pushed()).isTrue();
      Path lock = stale(dotGit.resolve("index.lock")); // a killed second writer on this clone
      for (String line : List.of("two", "three")) { // used to fail forever from here on
        appendLine(log, line);
        CommitResult r = j.commitAndPush("tiny: " + line, log);
        assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      }
      assertThat(lock).doesNotExist();
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\ntwo\nthree\n");
  }

  @Test
  void aStaleHeadLockThatAppearsLaterIsRemovedWhenTheCommitHitsIt() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    try (GitJournal j = journal()) {
      Path lock = stale(dotGit.resolve("refs/heads/main.lock"));
      appendLine(log, "one");
      CommitResult r = j.commitAndPush("tiny: one", log);
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      assertThat(lock).doesNotExist();
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\n");
  }

  @Test
  void aStaleRefLockInTheFilePathOriginIsRemovedAndThePushGoesThrough() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    try (GitJournal j = journal()) {
      appendLine(log, "one");
      assertThat(j.commitAndPush("tiny: one", log).pushed()).isTrue();
      // a babysitter elsewhere was killed while pushing to the same origin
      Path lock = stale(bare.resolve("refs/heads/main.lock"));
      appendLine(log, "two");
      CommitResult r = j.commitAndPush("tiny: two", log);
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      assertThat(lock).doesNotExist();
      assertThat(j.unpushedCount()).isZero();
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\ntwo\n");
    assertThat(bareMessages()).containsExactly("tiny: two", "tiny: one", "Start run records");
  }

  @Test
  void staleLocksInTheFilePathOriginAreRemovedAtOpen() throws Exception {
    List<Path> locks = List.of(stale(bare.resolve("refs/heads/main.lock")),
        stale(bare.resolve("packed-refs.lock")));
    try (GitJournal j = journal()) {
      assertThat(locks).allSatisfy(l -> assertThat(l).doesNotExist());
      appendLine(work.resolve("a.md"), "a");
      CommitResult r = j.commitAndPush("a", work.resolve("a.md"));
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
    }
    assertThat(inBare("a.md")).isEqualTo("a\n");
  }

  @Test
  void aFreshIndexLockIsLeftAloneTheCommitFailsCleanlyAndItsFilesAreQueued() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    Path status = work.resolve("STATUS.md");
    try (GitJournal j = GitJournal.open(work, "origin", "main", "babysitter-bot",
        "bot@example.invalid", Duration.ofSeconds(60))) {
      Path lock = fresh(dotGit.resolve("index.lock")); // a live writer holds it
      appendLine(log, "one");
      assertThatThrownBy(() -> j.commitAndPush("tiny: one", log))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("index.lock");
      assertThat(lock).exists().hasContent("0123456789abcdef0123456789abcdef01234567");

      Files.delete(lock); // the live writer is done
      // The next commit, of another file, takes the queued logbook change along.
      Files.writeString(status, "ok\n");
      CommitResult r = j.commitAndPush("status", status);
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      assertThat(j.unpushedCount()).isZero();
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\n");
    assertThat(inBare("STATUS.md")).isEqualTo("ok\n");
    try (Git g = Git.open(bare.toFile())) {
      String full = g.log().setMaxCount(1).call().iterator().next().getFullMessage();
      assertThat(full).startsWith("status").contains("tiny: one");
    }
  }

  @Test
  void queuedFilesAreCommittedByPushPending() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    try (GitJournal j = journal()) {
      Path lock = fresh(dotGit.resolve("index.lock"));
      appendLine(log, "one");
      assertThatThrownBy(() -> j.commitAndPush("tiny: one", log))
          .isInstanceOf(IllegalStateException.class);
      assertThat(j.pushPending()).isFalse(); // still locked: nothing lost, nothing done
      assertThat(lock).exists();
      Files.delete(lock);
      assertThat(j.pushPending()).isTrue();
      assertThat(j.unpushedCount()).isZero();
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\n");
    assertThat(bareMessages()).containsExactly("tiny: one", "Start run records");
  }

  @Test
  void aLockOlderThanAnInjectedShortThresholdIsStaleAfterTheRetryPause() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    try (GitJournal j = GitJournal.open(work, "origin", "main", "babysitter-bot",
        "bot@example.invalid", Duration.ofMillis(300))) {
      Path lock = fresh(dotGit.resolve("index.lock"));
      appendLine(log, "one");
      // fresh at the first try; still there, and past the threshold, after the pause
      CommitResult r = j.commitAndPush("tiny: one", log);
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
      assertThat(lock).doesNotExist();
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\n");
  }

  @Test
  void aFreshRefLockInTheOriginIsLeftAloneAndThePushRetriedWithTheNextCommit() throws Exception {
    Path log = work.resolve("logbooks/tiny.md");
    try (GitJournal j = journal()) {
      Path lock = fresh(bare.resolve("refs/heads/main.lock"));
      appendLine(log, "one");
      CommitResult r1 = j.commitAndPush("tiny: one", log);
      assertThat(r1.pushed()).isFalse();
      assertThat(r1.pushProblem()).contains("lock");
      assertThat(lock).exists();
      assertThat(j.unpushedCount()).isEqualTo(1);

      Files.delete(lock);
      appendLine(log, "two");
      CommitResult r2 = j.commitAndPush("tiny: two", log);
      assertThat(r2.pushed()).as(r2.pushProblem()).isTrue();
      assertThat(j.unpushedCount()).isZero();
    }
    assertThat(bareMessages()).containsExactly("tiny: two", "tiny: one", "Start run records");
  }
}
