package dev.babysitter.tools.logbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An origin whose {@code pre-receive} hook refuses every push, served by real git's
 * receive-pack named in {@code remote.origin.receivepack} (as git itself honours it): the push
 * is reported as not done, the commit is kept, and it reaches the origin once the hook lets it
 * through. JGit's push ignored the setting and received in process, where no hook runs, so a
 * refusing origin was never seen (found by {@code bench chaos --only git}).
 */
class GitJournalRefusingOriginTest {
  @TempDir Path tmp;

  @Test
  void aRefusingHookKeepsTheCommitUntilTheOriginTakesIt() throws Exception {
    String receivePack = receivePack();
    assumeTrue(receivePack != null, "needs the git command line");
    Path bare = tmp.resolve("origin.git");
    Path work = tmp.resolve("work");
    GitJournal.initBareWithClone(bare, work, "main");
    run(work, "git", "config", "remote.origin.receivepack", receivePack);
    Path hook = bare.resolve("hooks/pre-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\necho 'refused by policy' >&2\nexit 1\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (GitJournal journal = GitJournal.open(work, "origin", "main", "b", "b@example.invalid")) {
      Files.writeString(work.resolve("entry.md"), "one\n");
      CommitResult r = journal.commitAndPush("one", work.resolve("entry.md"));

      assertThat(r.pushed()).isFalse();
      assertThat(r.pushProblem()).contains("rejected");
      assertThat(journal.unpushedCount()).isEqualTo(1);
      assertThat(show(bare, "main:entry.md")).isEmpty();

      Files.delete(hook);
      assertThat(journal.pushPending()).isTrue();
      assertThat(show(bare, "main:entry.md")).isEqualTo("one\n");
    }
  }

  private static String receivePack() {
    try {
      String dir = run(null, "git", "--exec-path").strip();
      Path p = Path.of(dir, "git-receive-pack");
      return Files.isExecutable(p) ? p.toString() : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  private static String show(Path bare, String what) throws Exception {
    Process p = new ProcessBuilder("git", "--git-dir", bare.toString(), "show", what)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + out);
    }
    return out;
  }
}
