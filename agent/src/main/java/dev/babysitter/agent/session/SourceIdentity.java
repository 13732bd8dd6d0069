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
 * {@code patch}: the diff whose sha256 is {@code patchHash}, kept so that an approved dirty
 * launch can record it and the seal commit it (null on a clean tree).
 */
record SourceIdentity(String sha, boolean dirty, String note, String patchHash, String patch) {

  SourceIdentity(String sha, boolean dirty, String note) {
    this(sha, dirty, note, null, null);
  }

  SourceIdentity(String sha, boolean dirty, String note, String patchHash) {
    this(sha, dirty, note, patchHash, null);
  }

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
      boolean dirty = !changed.isEmpty();
      byte[] diff = dirty && head != null ? diff(repo, git) : null;
      return new SourceIdentity(sha, dirty, changed.size() + " changed file(s): "
          + String.join(", ", changed.stream().limit(5).toList()),
          diff == null ? null : hash(diff),
          diff == null ? null : new String(diff, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException e) {
      return new SourceIdentity("unknown (" + e.getMessage() + ")", false, "");
    }
  }

  /**
   * The patch identity of a dirty tree: sha256 of the diff of the work tree against HEAD
   * (what {@code git diff HEAD} shows, plus untracked files that are not ignored).
   */
  static String patchHash(Repository repo, Git git) throws IOException,
      org.eclipse.jgit.api.errors.GitAPIException {
    return hash(diff(repo, git));
  }

  /** The diff of the work tree against HEAD, as {@code git diff HEAD} writes it. */
  private static byte[] diff(Repository repo, Git git) throws IOException,
      org.eclipse.jgit.api.errors.GitAPIException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (org.eclipse.jgit.lib.ObjectReader reader = repo.newObjectReader()) {
      org.eclipse.jgit.treewalk.CanonicalTreeParser head =
          new org.eclipse.jgit.treewalk.CanonicalTreeParser();
      head.reset(reader, repo.resolve("HEAD^{tree}"));
      git.diff().setOldTree(head).setOutputStream(out).call();
    }
    return out.toByteArray();
  }

  private static String hash(byte[] diff) {
    try {
      return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
          .getInstance("SHA-256").digest(diff));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
