package dev.babysitter.tools.logbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RebaseCommand;
import org.eclipse.jgit.api.RebaseResult;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits run-record files in a clone and pushes them: git history is the durability layer.
 * A rejected push is fetched, rebased and retried (bounded), never forced; when the remote is
 * unreachable the commit stays local and {@link #pushPending()} sends it later.
 *
 * <p>Rebasing works without conflicts because each run writes its own files; if two writers do
 * touch the same lines, the rebase is aborted and the local commit kept for a person to resolve.
 */
public final class GitJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitJournal.class);
  private static final int MAX_PUSH_ATTEMPTS = 8;
  private static final int MAX_TRANSPORT_ATTEMPTS = 2;
  private static final int TIMEOUT_S = 30;

  private final Git git;
  private final Path root;
  private final String remote;
  private final String branch;
  private final String authorName;
  private final String authorEmail;

  private GitJournal(Git git, Path root, String remote, String branch, String name, String email) {
    this.git = git;
    this.root = root;
    this.remote = remote;
    this.branch = branch;
    this.authorName = name;
    this.authorEmail = email;
  }

  /** Opens an existing clone whose {@code remote} is configured. */
  public static GitJournal open(
      Path workTree, String remote, String branch, String authorName, String authorEmail) {
    Git git = null;
    try {
      git = Git.open(workTree.toFile());
      if (git.getRepository().getConfig().getString("remote", remote, "url") == null) {
        throw new IllegalArgumentException("no remote '" + remote + "' configured in " + workTree);
      }
      // Other run-record files (STATUS.md) may be dirty while a logbook commit is rebased;
      // autostash lets the rebase through instead of failing with UNCOMMITTED_CHANGES.
      StoredConfig config = git.getRepository().getConfig();
      if (!config.getBoolean("rebase", "autostash", false)) {
        config.setBoolean("rebase", null, "autostash", true);
        config.save();
      }
      return new GitJournal(
          git, workTree.toRealPath(), remote, branch, authorName, authorEmail);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open git work tree " + workTree, e);
    } catch (RuntimeException e) {
      if (git != null) {
        git.close();
      }
      throw e;
    }
  }

  /**
   * Stages {@code files}, commits them (unsigned, as the bot) and pushes. A commit with nothing
   * new is skipped and the pending commits are pushed anyway. The returned id is HEAD after the
   * push, i.e. the rebased commit when a rebase was needed.
   */
  public synchronized CommitResult commitAndPush(String message, Path... files) {
    try {
      for (Path f : files) {
        String rel = relative(f);
        git.add().addFilepattern(rel).call();
        git.add().addFilepattern(rel).setUpdate(true).call(); // stages a deletion too
      }
      PersonIdent bot = new PersonIdent(authorName, authorEmail);
      try {
        git.commit().setMessage(message).setAuthor(bot).setCommitter(bot)
            .setSign(false).setAllowEmpty(false).call();
      } catch (EmptyCommitException e) {
        LOG.debug("nothing new to commit for '{}'", message);
      }
      String problem = push();
      return new CommitResult(head().name(), problem == null, problem);
    } catch (GitAPIException e) {
      throw new IllegalStateException("commit failed in " + root + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Pushes local commits the remote lacks; true when nothing is left unpushed. */
  public synchronized boolean pushPending() {
    return unpushedCount() == 0 || push() == null;
  }

  /** Commits on the branch that the last known state of the remote branch does not have. */
  public synchronized int unpushedCount() {
    Repository repo = git.getRepository();
    try (RevWalk walk = new RevWalk(repo)) {
      Ref local = repo.exactRef("refs/heads/" + branch);
      if (local == null) {
        return 0;
      }
      walk.markStart(walk.parseCommit(local.getObjectId()));
      Ref tracking = repo.exactRef(trackingRef());
      if (tracking != null) {
        walk.markUninteresting(walk.parseCommit(tracking.getObjectId()));
      }
      int n = 0;
      for (RevCommit ignored : walk) {
        n++;
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    git.close();
  }

  /**
   * JGit's local transport does not honour receive.denyCurrentBranch: pushing to a non-bare
   * repository would move its checked-out branch under its owner's feet. Git refuses that, and
   * so do we.
   */
  private String checkedOutRemote() {
    String url = git.getRepository().getConfig().getString("remote", remote, "url");
    if (url == null || url.contains("@") || url.contains("://") && !url.startsWith("file:")) {
      return null;
    }
    try {
      Path path = url.startsWith("file:") ? Path.of(java.net.URI.create(url))
          : root.resolve(url).normalize();
      Path gitDir = path.resolve(".git");
      if (!java.nio.file.Files.isDirectory(gitDir)) {
        return null;
      }
      try (org.eclipse.jgit.lib.Repository other = new org.eclipse.jgit.storage.file
          .FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(path.toFile())
          .build()) {
        if (branch.equals(other.getBranch())) {
          return "not pushing: remote " + url + " is a non-bare repository with " + branch
              + " checked out (git refuses this too); commits kept locally";
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  /** Returns null on success, else why the remote does not have our commits yet. */
  private String push() {
    String refusal = checkedOutRemote();
    if (refusal != null) {
      return refusal;
    }
    String problem = "push not attempted";
    int transportFailures = 0;
    for (int attempt = 1; attempt <= MAX_PUSH_ATTEMPTS; attempt++) {
      RemoteRefUpdate update;
      try {
        update = pushOnce();
      } catch (TransportException e) {
        // Can be a momentary lock on the remote as well as an outage: one quick retry.
        problem = "remote unreachable: " + redact(e.getMessage());
        if (++transportFailures >= MAX_TRANSPORT_ATTEMPTS) {
          break;
        }
        backoff(attempt);
        continue;
      } catch (GitAPIException e) {
        problem = "push failed: " + redact(e.getMessage());
        break;
      }
      switch (update.getStatus()) {
        case OK, UP_TO_DATE -> {
          markRemoteHas(update);
          return null;
        }
        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED, REJECTED_OTHER_REASON -> {
          // Someone else pushed first (or held the ref lock): take their commits and retry.
          problem = "push rejected: " + update.getStatus()
              + (update.getMessage() == null ? "" : " (" + redact(update.getMessage()) + ")");
          String rebaseProblem = fetchAndRebase();
          if (rebaseProblem != null) {
            problem = rebaseProblem;
            LOG.warn("logbook push to {} not done: {}", remote, problem);
            return problem;
          }
          backoff(attempt);
        }
        default -> {
          problem = "push not done: " + update.getStatus();
          LOG.warn("logbook push to {} not done: {}", remote, problem);
          return problem;
        }
      }
    }
    LOG.warn("logbook push to {} not done: {}", remote, problem);
    return problem;
  }

  private RemoteRefUpdate pushOnce() throws GitAPIException {
    String ref = "refs/heads/" + branch;
    Iterable<PushResult> results = git.push().setRemote(remote)
        .setRefSpecs(new RefSpec(ref + ":" + ref)).setTimeout(TIMEOUT_S).call();
    for (PushResult r : results) {
      RemoteRefUpdate u = r.getRemoteUpdate(ref);
      if (u != null) {
        return u;
      }
    }
    throw new IllegalStateException("push returned no update for " + ref);
  }

  /** Fetches the remote branch and rebases onto it; null on success, else the reason. */
  private String fetchAndRebase() {
    try {
      git.fetch().setRemote(remote)
          .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":" + trackingRef()))
          .setTimeout(TIMEOUT_S).call();
      Ref upstream = git.getRepository().exactRef(trackingRef());
      if (upstream == null) {
        return null; // the remote branch is gone; the next push recreates it
      }
      RebaseResult result = git.rebase().setUpstream(upstream.getObjectId()).call();
      if (result.getStatus().isSuccessful()) {
        return null;
      }
      abortRebaseIfStarted();
      return "rebase onto " + remote + "/" + branch + " failed: " + result.getStatus()
          + (result.getConflicts() == null ? "" : " " + result.getConflicts())
          + "; commit kept locally";
    } catch (TransportException e) {
      return "remote unreachable: " + redact(e.getMessage());
    } catch (GitAPIException | IOException e) {
      abortRebaseIfStarted();
      return "rebase onto " + remote + "/" + branch + " failed: " + e.getMessage()
          + "; commit kept locally";
    }
  }

  private void abortRebaseIfStarted() {
    try {
      if (git.getRepository().getRepositoryState().isRebasing()) {
        git.rebase().setOperation(RebaseCommand.Operation.ABORT).call();
      }
    } catch (GitAPIException e) {
      LOG.error("could not abort a failed rebase in {}: {}", root, e.getMessage());
    }
  }

  /** Keeps the tracking ref equal to what the remote now has, so unpushedCount stays local. */
  private void markRemoteHas(RemoteRefUpdate update) {
    try {
      ObjectId pushed = update.getNewObjectId();
      RefUpdate ru = git.getRepository().updateRef(trackingRef());
      ru.setNewObjectId(pushed);
      ru.setRefLogMessage("babysitter: pushed", false);
      ru.forceUpdate(); // a local bookkeeping ref, not the remote: forcing it loses nothing
    } catch (IOException e) {
      LOG.warn("could not update {}: {}", trackingRef(), e.getMessage());
    }
  }

  private String trackingRef() {
    return "refs/remotes/" + remote + "/" + branch;
  }

  private ObjectId head() throws IOException {
    Ref ref = git.getRepository().exactRef("refs/heads/" + branch);
    if (ref == null) {
      throw new IllegalStateException("branch " + branch + " has no commit in " + root);
    }
    return ref.getObjectId();
  }

  private String relative(Path file) throws IOException {
    Path abs = file.isAbsolute() ? file.normalize() : root.resolve(file).normalize();
    Path parent = abs.getParent();
    Path real = Files.exists(abs) ? abs.toRealPath()
        : (parent != null && Files.exists(parent) ? parent.toRealPath().resolve(abs.getFileName())
            : abs);
    if (!real.startsWith(root) || real.equals(root) || real.startsWith(root.resolve(".git"))) {
      throw new IllegalArgumentException(file + " is not a file inside the work tree " + root);
    }
    return root.relativize(real).toString().replace('\\', '/');
  }

  private static void backoff(int attempt) {
    try {
      // Jitter keeps two writers that collided from colliding again in lockstep.
      Thread.sleep(25L * attempt + ThreadLocalRandom.current().nextLong(50));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes userinfo from URLs so a token in the remote URL never reaches a log or comment. */
  static String redact(String message) {
    return message == null ? "" : message.replaceAll("(?<=://)[^/@\\s]+@", "***@");
  }

  /**
   * Creates a bare repository and a clone of it at {@code workTree} whose {@code branch} holds
   * one pushed commit (a README), with remote {@code origin}. For the demo workspace and tests.
   */
  public static void initBareWithClone(Path bare, Path workTree, String branch) {
    BareSetup.init(bare, workTree, branch);
  }
}
