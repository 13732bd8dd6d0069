package dev.babysitter.tools.logbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitJournalTest {
  @TempDir Path tmp;
  Path bare;
  Path work;

  @BeforeEach
  void setUp() {
    bare = tmp.resolve("origin.git");
    work = tmp.resolve("work");
    GitJournal.initBareWithClone(bare, work, "main");
  }

  private GitJournal journal(Path workTree) {
    return GitJournal.open(workTree, "origin", "main", "babysitter-bot", "bot@example.invalid");
  }

  private Path cloneOf(String name) throws Exception {
    Path dir = tmp.resolve(name);
    Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(dir.toFile())
        .setBranch("main").call().close();
    return dir;
  }

  private static void appendLine(Path file, String line) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** The file as the bare repository's main branch has it, or null. */
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

  private ObjectId bareHead() throws IOException {
    try (Git g = Git.open(bare.toFile())) {
      return g.getRepository().resolve("refs/heads/main");
    }
  }

  @Test
  void neverMovesTheCheckedOutBranchOfANonBareOrigin() throws Exception {
    // "work" is a non-bare clone with main checked out; a second clone uses it as origin.
    Path second = tmp.resolve("second");
    Git.cloneRepository().setURI(work.toUri().toString()).setDirectory(second.toFile())
        .setBranch("main").call().close();
    ObjectId before;
    try (Git g = Git.open(work.toFile())) {
      before = g.getRepository().resolve("refs/heads/main");
    }
    appendLine(second.resolve("logbooks/x.md"), "entry");
    try (GitJournal j = journal(second)) {
      CommitResult result = j.commitAndPush("x: entry", second.resolve("logbooks/x.md"));
      assertThat(result.pushed()).isFalse();
      assertThat(result.pushProblem()).contains("non-bare", "checked out");
      assertThat(j.unpushedCount()).isEqualTo(1);
    }
    try (Git g = Git.open(work.toFile())) {
      assertThat(g.getRepository().resolve("refs/heads/main")).isEqualTo(before);
    }
  }

  @Test
  void initialCommitIsOnTheRemote() throws Exception {
    assertThat(inBare("README.md")).startsWith("# Run records");
    try (GitJournal j = journal(work)) {
      assertThat(j.unpushedCount()).isZero();
    }
  }

  @Test
  void commitAndPushPutsTheFileOnTheRemoteBranch() throws Exception {
    Path logbook = work.resolve("logbooks/tiny.md");
    appendLine(logbook, "# tiny: Run Logbook");
    try (GitJournal j = journal(work)) {
      CommitResult r = j.commitAndPush("tiny: start logbook", logbook);
      assertThat(r.pushed()).isTrue();
      assertThat(r.pushProblem()).isNull();
      assertThat(bareHead().name()).isEqualTo(r.commitId());
      assertThat(inBare("logbooks/tiny.md")).isEqualTo("# tiny: Run Logbook\n");
      assertThat(bareMessages()).containsExactly("tiny: start logbook", "Start run records");

      appendLine(logbook, "## Run Contract");
      CommitResult r2 = j.commitAndPush("tiny: contract", Path.of("logbooks/tiny.md"));
      assertThat(r2.pushed()).isTrue();
      assertThat(inBare("logbooks/tiny.md")).endsWith("## Run Contract\n");
      assertThat(j.unpushedCount()).isZero();
    }
    try (Git g = Git.open(bare.toFile()); RevWalk w = new RevWalk(g.getRepository())) {
      RevCommit head = w.parseCommit(bareHead());
      assertThat(head.getAuthorIdent().getName()).isEqualTo("babysitter-bot");
      assertThat(head.getCommitterIdent().getEmailAddress()).isEqualTo("bot@example.invalid");
    }
  }

  @Test
  void unchangedFilesMakeNoEmptyCommit() throws Exception {
    Path f = work.resolve("a.md");
    appendLine(f, "x");
    try (GitJournal j = journal(work)) {
      String first = j.commitAndPush("a", f).commitId();
      CommitResult again = j.commitAndPush("a again", f);
      assertThat(again.commitId()).isEqualTo(first);
      assertThat(again.pushed()).isTrue();
      assertThat(bareMessages()).doesNotContain("a again");
    }
  }

  @Test
  void filesOutsideTheWorkTreeAreRefused() throws Exception {
    Path outside = tmp.resolve("elsewhere.md");
    appendLine(outside, "x");
    try (GitJournal j = journal(work)) {
      assertThatThrownBy(() -> j.commitAndPush("no", outside))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> j.commitAndPush("no", Path.of("../elsewhere.md")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void openRequiresTheRemote() {
    assertThatThrownBy(() -> GitJournal.open(work, "upstream", "main", "b", "b@x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upstream");
  }

  @Test
  void interleavedWritersFromTwoClonesAreRebasedNotForced() throws Exception {
    Path other = cloneOf("other");
    try (GitJournal a = journal(work); GitJournal b = journal(other)) {
      for (int i = 0; i < 5; i++) {
        appendLine(work.resolve("logbooks/a.md"), "a" + i);
        assertThat(a.commitAndPush("a" + i, work.resolve("logbooks/a.md")).pushed()).isTrue();
        appendLine(other.resolve("logbooks/b.md"), "b" + i);
        CommitResult rb = b.commitAndPush("b" + i, other.resolve("logbooks/b.md"));
        assertThat(rb.pushed()).as(rb.pushProblem()).isTrue();
      }
    }
    assertThat(inBare("logbooks/a.md")).isEqualTo("a0\na1\na2\na3\na4\n");
    assertThat(inBare("logbooks/b.md")).isEqualTo("b0\nb1\nb2\nb3\nb4\n");
    assertThat(bareMessages()).hasSize(11)
        .contains("a0", "a1", "a2", "a3", "a4", "b0", "b1", "b2", "b3", "b4");
  }

  @Test
  void concurrentWritersLoseNoCommit() throws Exception {
    Path other = cloneOf("other");
    int n = 20;
    List<CommitResult> results = new CopyOnWriteArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try (GitJournal a = journal(work); GitJournal b = journal(other)) {
      List<Thread> threads = List.of(
          writer(a, work.resolve("logbooks/a.md"), "a", n, start, results, errors),
          writer(b, other.resolve("logbooks/b.md"), "b", n, start, results, errors));
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread t : threads) {
        t.join(120_000);
      }
      assertThat(errors).isEmpty();
      assertThat(results).hasSize(2 * n);
      // A push that lost every retry keeps its commit locally; pushPending delivers it.
      assertThat(a.pushPending()).isTrue();
      assertThat(b.pushPending()).isTrue();
      assertThat(a.unpushedCount()).isZero();
      assertThat(b.unpushedCount()).isZero();
    }
    StringBuilder wantA = new StringBuilder();
    StringBuilder wantB = new StringBuilder();
    for (int i = 0; i < n; i++) {
      wantA.append("a").append(i).append('\n');
      wantB.append("b").append(i).append('\n');
    }
    assertThat(inBare("logbooks/a.md")).isEqualTo(wantA.toString());
    assertThat(inBare("logbooks/b.md")).isEqualTo(wantB.toString());
    List<String> messages = bareMessages();
    assertThat(messages).hasSize(2 * n + 1).doesNotHaveDuplicates();
  }

  private static Thread writer(GitJournal j, Path file, String tag, int n, CountDownLatch start,
      List<CommitResult> results, List<Throwable> errors) {
    return new Thread(() -> {
      try {
        start.await();
        for (int i = 0; i < n; i++) {
          appendLine(file, tag + i);
          results.add(j.commitAndPush(tag + i, file));
        }
      } catch (Throwable t) {
        errors.add(t);
      }
    }, "writer-" + tag);
  }

  @Test
  void unreachableRemoteKeepsCommitsLocallyUntilPushPending() throws Exception {
    Path moved = tmp.resolve("origin-away.git");
    Path f = work.resolve("logbooks/tiny.md");
    try (GitJournal j = journal(work)) {
      Files.move(bare, moved);
      appendLine(f, "one");
      CommitResult r1 = j.commitAndPush("tiny: one", f);
      appendLine(f, "two");
      CommitResult r2 = j.commitAndPush("tiny: two", f);
      assertThat(r1.pushed()).isFalse();
      assertThat(r2.pushed()).isFalse();
      assertThat(r2.pushProblem()).contains("unreachable");
      assertThat(j.unpushedCount()).isEqualTo(2);
      assertThat(j.pushPending()).isFalse();

      Files.move(moved, bare);
      assertThat(j.pushPending()).isTrue();
      assertThat(j.unpushedCount()).isZero();
      assertThat(bareHead().name()).isEqualTo(r2.commitId());
    }
    assertThat(inBare("logbooks/tiny.md")).isEqualTo("one\ntwo\n");
    assertThat(bareMessages()).containsExactly("tiny: two", "tiny: one", "Start run records");
  }

  @Test
  void rebaseConflictIsAbortedAndTheLocalCommitKept() throws Exception {
    Path other = cloneOf("other");
    try (GitJournal a = journal(work); GitJournal b = journal(other)) {
      appendLine(work.resolve("same.md"), "from a");
      assertThat(a.commitAndPush("a", work.resolve("same.md")).pushed()).isTrue();
      appendLine(other.resolve("same.md"), "from b");
      CommitResult rb = b.commitAndPush("b", other.resolve("same.md"));
      assertThat(rb.pushed()).isFalse();
      assertThat(rb.pushProblem()).contains("rebase").contains("kept locally");
      assertThat(b.unpushedCount()).isEqualTo(1);
    }
    try (Git g = Git.open(other.toFile())) {
      assertThat(g.getRepository().getRepositoryState()).isEqualTo(RepositoryState.SAFE);
      assertThat(g.log().setMaxCount(1).call().iterator().next().getShortMessage()).isEqualTo("b");
      assertThat(Files.readString(other.resolve("same.md"))).isEqualTo("from b\n");
    }
    assertThat(inBare("same.md")).isEqualTo("from a\n");
  }

  @Test
  void aDirtyTrackedFileDoesNotBlockTheRebase() throws Exception {
    Path other = cloneOf("other");
    Path status = work.resolve("STATUS.md");
    Files.writeString(status, "v1\n");
    try (GitJournal a = journal(work); GitJournal b = journal(other)) {
      assertThat(a.commitAndPush("status v1", status).pushed()).isTrue();
      appendLine(other.resolve("logbooks/b.md"), "b0");
      assertThat(b.commitAndPush("b0", other.resolve("logbooks/b.md")).pushed()).isTrue();
      Files.writeString(status, "v2, not committed yet\n");
      appendLine(work.resolve("logbooks/a.md"), "a0");
      CommitResult r = a.commitAndPush("a0", work.resolve("logbooks/a.md"));
      assertThat(r.pushed()).as(r.pushProblem()).isTrue();
    }
    assertThat(Files.readString(status)).isEqualTo("v2, not committed yet\n");
    assertThat(inBare("STATUS.md")).isEqualTo("v1\n");
    assertThat(inBare("logbooks/b.md")).isEqualTo("b0\n");
    assertThat(inBare("logbooks/a.md")).isEqualTo("a0\n");
  }

  @Test
  void credentialsInRemoteUrlsAreRedacted() {
    assertThat(GitJournal.redact("https://x-access-token:ghp_secret123@github.com/o/r.git: 403"))
        .isEqualTo("https://***@github.com/o/r.git: 403")
        .doesNotContain("ghp_secret123");
  }
}
