package dev.babysitter.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Reads what a bare origin holds, to prove a file was pushed and not just written. */
public final class TestGit {
  private TestGit() {}

  /** The file as the bare origin has it on main: proves it was pushed, not just written. */
  public static String pushedFile(Path bare, String path) throws IOException {
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId head = repo.resolve("refs/heads/main");
      RevCommit commit = walk.parseCommit(head);
      try (TreeWalk tree = TreeWalk.forPath(repo, path, commit.getTree())) {
        assertThat(tree).as(path + " in origin").isNotNull();
        return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
