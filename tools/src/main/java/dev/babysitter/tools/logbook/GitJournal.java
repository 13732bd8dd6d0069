package dev.babysitter.tools.logbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.RebaseCommand;
import org.eclipse.jgit.api.RebaseResult;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
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
 *
 * <p>A process killed mid-commit or mid-push leaves git lock files behind ({@code index.lock},
 * {@code refs/heads/main.lock} in a file-path origin, ...) that would fail every later commit or
 * push. Stale ones (older than {@code staleLockAge}) are removed at open and whenever an operation
 * fails on a lock; a fresh one, which a live writer may hold, is left alone: the operation pauses
 * and retries once, then fails cleanly. The files of a commit that failed are queued and go with
 * the next commit (or {@link #pushPending()}), so no entry is lost.
 */
public final class GitJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitJournal.class);
  private static final int MAX_PUSH_ATTEMPTS = 8;
  private static final int MAX_TRANSPORT_ATTEMPTS = 2;
  private static final int TIMEOUT_S = 30;
  private static final int MAX_COMMIT_ATTEMPTS = 3;
  private static final Duration LOCK_RETRY_PAUSE = Duration.ofSeconds(1);

  private final Git git;
  private final Path root;
  private final String remote;
  private final String branch;
  private final String authorName;
  private final String authorEmail;
  private final StaleLocks locks;
  /** Work-tree paths whose commit failed: staged again by the next commit. */
  private final Set<String> queuedFiles = new LinkedHashSet<>();
  /** The messages of the commits that failed, oldest first. */
  private final List<String> queuedMessages = new ArrayList<>();
  private String lastPushProblem;

  private GitJournal(Git git, Path root, String remote, String branch, String name, String email,
      StaleLocks locks) {
    this.git = git;
    this.root = root;
    this.remote = remote;
    this.branch = branch;
    this.authorName = name;
    this.authorEmail = email;
    this.locks = locks;
  }

  /**
   * Opens an existing clone whose {@code remote} is configured; git locks older than 60 s are
   * taken for leftovers of a killed process.
   */
  public static GitJournal open(
      Path workTree, String remote, String branch, String authorName, String authorEmail) {
    return open(workTree, remote, branch, authorName, authorEmail,
        StaleLocks.DEFAULT_STALE_AFTER);
  }

  /**
   * As {@link #open(Path, String, String, String, String)}, with the age from which a git lock
   * file (in the clone or a file-path origin) counts as stale and is removed.
   */
  public static GitJournal open(Path workTree, String remote, String branch, String authorName,
      String authorEmail, Duration staleLockAge) {
    StaleLocks locks = new StaleLocks(staleLockAge);
    Git git = null;
    try {
      git = Git.open(workTree.toFile());
      if (git.getRepository().getConfig().getString("remote", remote, "url") == null) {
        throw new IllegalArgumentException("no remote '" + remote + "' configured in " + workTree);
      }
      GitJournal journal = new GitJournal(
          git, workTree.toRealPath(), remote, branch, authorName, authorEmail, locks);
      journal.sweepLocalLocks();
      journal.sweepOriginLocks();
      // Other run-record files (STATUS.md) may be dirty while a logbook commit is rebased;
      // autostash lets the rebase through instead of failing with UNCOMMITTED_CHANGES.
      StoredConfig config = git.getRepository().getConfig();
      if (!config.getBoolean("rebase", "autostash", false)) {
        config.setBoolean("rebase", null, "autostash", true);
        try {
          config.save();
        } catch (IOException e) {
          // config.lock held by a live writer: the setting waits for the next open
          LOG.warn("could not save rebase.autostash in {}: {}", workTree, e.getMessage());
        }
      }
      return journal;
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
   * Stages {@code files} (and those of earlier commits that failed), commits them (unsigned, as
   * the bot) and pushes. A commit with nothing new is skipped and the pending commits are pushed
   * anyway. The returned id is HEAD after the push, i.e. the rebased commit when a rebase was
   * needed; a push that did not happen is in {@link CommitResult#pushProblem()} and is retried
   * with the next commit or {@link #pushPending()}.
   *
   * @throws IllegalStateException when the commit cannot be made (e.g. a live writer holds the
   *     index lock); the files are queued and committed with the next commit
   */
  public synchronized CommitResult commitAndPush(String message, Path... files) {
    List<String> rels = new ArrayList<>();
    try {
      for (Path f : files) {
        rels.add(relative(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> all = new LinkedHashSet<>(queuedFiles);
    all.addAll(rels);
    try {
      commit(withQueued(message, queuedMessages), all);
    } catch (RuntimeException e) {
      queuedFiles.addAll(rels);
      queuedMessages.add(message);
      throw e;
    }
    queuedFiles.clear();
    queuedMessages.clear();
    String problem = push();
    try {
      return new CommitResult(head().name(), problem == null, problem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commits the files of earlier commits that failed, then pushes local commits the remote
   * lacks; true when nothing is left uncommitted or unpushed.
   */
  public synchronized boolean pushPending() {
    if (!queuedFiles.isEmpty()) {
      try {
        commit(withQueued(queuedMessages.get(0),
            queuedMessages.subList(1, queuedMessages.size())), queuedFiles);
        queuedFiles.clear();
        queuedMessages.clear();
      } catch (RuntimeException e) {
        LOG.warn("queued logbook changes in {} still not committed: {}", root, e.getMessage());
        return false;
      }
    }
    return unpushedCount() == 0 || push() == null;
  }

  /** Why the last push did not reach the remote, or null when it did (or none was tried). */
  public synchronized String lastPushProblem() {
    return lastPushProblem;
  }

  /** Files whose commit failed and waits for the next commit or {@link #pushPending()}. */
  public synchronized int queuedFileCount() {
    return queuedFiles.size();
  }

  private static String withQueued(String message, List<String> earlier) {
    if (earlier.isEmpty()) {
      return message;
    }
    StringBuilder m = new StringBuilder(message)
        .append("\n\nAlso carries the changes of earlier commits that failed:");
    for (String e : earlier) {
      m.append("\n- ").append(e.lines().findFirst().orElse(""));
    }
    return m.toString();
  }

  /**
   * Stages and commits {@code rels}. A lock error sweeps stale locks and retries at once; with
   * only a fresh lock in the way it pauses and retries (the lock may have become stale by then),
   * then gives up with the lock named, leaving it alone.
   */
  private void commit(String message, Set<String> rels) {
    for (int attempt = 1; ; attempt++) {
      try {
        stageAndCommit(message, rels);
        return;
      } catch (GitAPIException | JGitInternalException e) {
        String why = e.getMessage() + (e.getCause() == null || e.getCause().getMessage() == null
            ? "" : ": " + e.getCause().getMessage());
        if (!StaleLocks.isLockError(e) || attempt >= MAX_COMMIT_ATTEMPTS) {
          throw new IllegalStateException("commit failed in " + root + ": " + why, e);
        }
        StaleLocks.Sweep sweep = sweepLocalLocks();
        if (sweep.removed().isEmpty()) {
          if (attempt > 1) {
            throw new IllegalStateException("commit failed in " + root + ": " + why
                + (sweep.held().isEmpty() ? ""
                    : "; held by a live writer, left alone: " + sweep.held())
                + "; the changes are queued for the next commit", e);
          }
          pause(LOCK_RETRY_PAUSE.compareTo(locks.staleAfter()) < 0
              ? LOCK_RETRY_PAUSE : locks.staleAfter());
          sweepLocalLocks();
        }
      }
    }
  }

  private void stageAndCommit(String message, Set<String> rels) throws GitAPIException {
    for (String rel : rels) {
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
  }

  private StaleLocks.Sweep sweepLocalLocks() {
    return locks.sweep(git.getRepository().getDirectory().toPath(), root.toString());
  }

  /** Stale locks in the origin's repository when it is a local path; nothing otherwise. */
  private StaleLocks.Sweep sweepOriginLocks() {
    Path dir = localOriginGitDir();
    return dir == null ? StaleLocks.Sweep.NONE : locks.sweep(dir, remote + " (" + dir + ")");
  }

  /** The git directory of a file-path origin ({@code file:} URL or plain path), else null. */
  private Path localOriginGitDir() {
    String url = git.getRepository().getConfig().getString("remote", remote, "url");
    if (url == null || url.contains("@") || url.contains("://") && !url.startsWith("file:")) {
      return null;
    }
    try {
      Path path = url.startsWith("file:") ? Path.of(java.net.URI.create(url))
          : root.resolve(url).normalize();
      if (Files.isDirectory(path.resolve(".git"))) {
        return path.resolve(".git");
      }
      return Files.isRegularFile(path.resolve("HEAD")) && Files.isDirectory(path.resolve("refs"))
          ? path : null;
    } catch (RuntimeException e) {
      return null;
    }
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
    String problem = pushWithRetries();
    lastPushProblem = problem;
    if (problem != null) {
      LOG.warn("logbook push to {} not done ({} commit(s) kept locally, pushed with the next"
          + " commit): {}", remote, unpushedCount(), problem);
    }
    return problem;
  }

  private String pushWithRetries() {
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
        if (StaleLocks.isLockError(e)) {
          problem += originLocks(sweepOriginLocks());
        }
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
          problem = "push rejected: " + update.getStatus()
              + (update.getMessage() == null ? "" : " (" + redact(update.getMessage()) + ")");
          if (update.getStatus() == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
              && StaleLocks.mentionsLock(update.getMessage())) {
            // The origin's ref is locked: by a live pusher (wait, retry) or by a killed one,
            // whose stale lock would refuse every push from now on (remove it, retry).
            problem += originLocks(sweepOriginLocks());
            backoff(attempt);
            continue;
          }
          // Someone else pushed first: take their commits and retry.
          String rebaseProblem = fetchAndRebase();
          if (rebaseProblem != null) {
            return rebaseProblem;
          }
          backoff(attempt);
        }
        default -> {
          return "push not done: " + update.getStatus();
        }
      }
    }
    return problem;
  }

  private static String originLocks(StaleLocks.Sweep sweep) {
    return sweep.held().isEmpty() ? ""
        : "; lock held in the origin, left alone while fresh: " + sweep.held();
  }

  private RemoteRefUpdate pushOnce() throws GitAPIException {
    String ref = "refs/heads/" + branch;
    Iterable<PushResult> results = pushCommand()
        .setRefSpecs(new RefSpec(ref + ":" + ref)).setTimeout(TIMEOUT_S).call();
    for (PushResult r : results) {
      RemoteRefUpdate u = r.getRemoteUpdate(ref);
      if (u != null) {
        return u;
      }
    }
    throw new IllegalStateException("push returned no update for " + ref);
  }

  /**
   * A push to the remote with the receive-pack its config names ({@code remote.<name>.receivepack}),
   * as git uses it: JGit's push ignores that setting and, for a file-path origin, receives in
   * process, where the origin's hooks (a {@code pre-receive} that refuses) never run.
   */
  private org.eclipse.jgit.api.PushCommand pushCommand() {
    org.eclipse.jgit.api.PushCommand push = git.push().setRemote(remote);
    String receivePack = git.getRepository().getConfig()
        .getString("remote", remote, "receivepack");
    return receivePack == null || receivePack.isBlank() ? push : push.setReceivePack(receivePack);
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
      // a local bookkeeping ref, not the remote: forcing it loses nothing
      if (ru.forceUpdate() == RefUpdate.Result.LOCK_FAILURE
          && !sweepLocalLocks().removed().isEmpty()) {
        RefUpdate again = git.getRepository().updateRef(trackingRef());
        again.setNewObjectId(pushed);
        again.setRefLogMessage("babysitter: pushed", false);
        again.forceUpdate();
      }
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

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
   * Tags HEAD of the branch (the commit that seals the logbook) with an annotated tag
   * {@code name} and pushes it. A tag that exists already, here or on the remote, is never
   * moved or forced: it is kept and pushed as it is, and the result names its own commit.
   */
  public synchronized TagResult tagAndPush(String name, String message) {
    Repository repo = git.getRepository();
    String ref = "refs/tags/" + name;
    boolean created = false;
    String commit;
    try {
      Ref existing = repo.exactRef(ref);
      if (existing == null) {
        try (RevWalk walk = new RevWalk(repo)) {
          RevCommit target = walk.parseCommit(head());
          git.tag().setName(name).setMessage(message).setAnnotated(true).setSigned(false)
              .setObjectId(target).setForceUpdate(false)
              .setTagger(new PersonIdent(authorName, authorEmail)).call();
          created = true;
          commit = target.name();
        }
      } else {
        Ref peeled = repo.getRefDatabase().peel(existing);
        commit = (peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId()
            : existing.getObjectId()).name();
      }
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("cannot tag " + name + " in " + root + ": "
          + e.getMessage(), e);
    }
    String problem = checkedOutRemote();
    if (problem == null) {
      try {
        for (PushResult r : pushCommand().setRefSpecs(new RefSpec(ref + ":" + ref))
            .setTimeout(TIMEOUT_S).call()) {
          RemoteRefUpdate u = r.getRemoteUpdate(ref);
          if (u != null && u.getStatus() != RemoteRefUpdate.Status.OK
              && u.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
            problem = "tag push rejected: " + u.getStatus() + (u.getMessage() == null ? ""
                : " (" + redact(u.getMessage()) + ")") + "; the remote's " + name
                + " is kept, never forced";
          }
        }
      } catch (GitAPIException e) {
        problem = "tag push failed: " + redact(e.getMessage());
      }
    }
    return new TagResult(name, commit, created, problem);
  }

  /**
   * Creates a bare repository and a clone of it at {@code workTree} whose {@code branch} holds
   * one pushed commit (a README), with remote {@code origin}. For the demo workspace and tests.
   */
  public static void initBareWithClone(Path bare, Path workTree, String branch) {
    BareSetup.init(bare, workTree, branch);
  }
}
