package dev.babysitter.agent.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The code lineage of a launch: HEAD and whether the tree is dirty. Changes that cannot affect
 * training (markdown, logbooks, STATUS.md) do not count as dirty, as the seed asks.
 */
record SourceIdentity(String sha, boolean dirty, String note) {

  static SourceIdentity of(Path workDir) {
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(workDir.toFile());
    if (builder.getGitDir() == null) {
      return new SourceIdentity("unknown (inferred: " + workDir + " is not a git work tree)",
          false, "");
    }
    try (Repository repo = builder.build(); Git git = new Git(repo)) {
      ObjectId head = repo.resolve("HEAD");
      Status status = git.status().call();
      Set<String> changed = new TreeSet<>();
      changed.addAll(status.getModified());
      changed.addAll(status.getChanged());
      changed.addAll(status.getAdded());
      changed.addAll(status.getRemoved());
      changed.addAll(status.getMissing());
      changed.addAll(status.getUntracked());
      changed.removeIf(p -> p.endsWith(".md") || p.startsWith("logbooks/"));
      String sha = head == null ? "none (no commit yet)" : head.name();
      return new SourceIdentity(sha, !changed.isEmpty(), changed.size() + " changed file(s): "
          + String.join(", ", changed.stream().limit(5).toList()));
    } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException e) {
      return new SourceIdentity("unknown (" + e.getMessage() + ")", false, "");
    }
  }
}
