package dev.babysitter.agent.record;

import dev.babysitter.tools.issues.IssueRef;
import dev.babysitter.tools.issues.IssueTracker;
import dev.babysitter.tools.issues.IssueTrackerException;
import dev.babysitter.tools.issues.Outbox;
import dev.babysitter.tools.logbook.CommitResult;
import dev.babysitter.tools.logbook.GitJournal;
import dev.babysitter.tools.logbook.Logbook;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The run record's writer: the logbook (committed and pushed at every material update), the
 * issue thread (🤖 comments through an outbox, so an unreachable tracker delays them but never
 * loses them) and nothing else. Every text passes the scrubber before it is written or sent.
 */
public final class Recorder {
  private static final String BOT = "🤖 ";

  private final Logbook logbook;
  private final Path logbookFile;
  private final GitJournal journal;
  private final IssueTracker tracker;
  private final Outbox outbox;
  private final UnaryOperator<String> scrub;
  private final String runName;
  private dev.babysitter.tools.notify.Notifications notifications =
      dev.babysitter.tools.notify.Notifications.NONE;
  private java.util.regex.Pattern underOutputRoot;

  public Recorder(String runName, Logbook logbook, Path logbookFile, GitJournal journal,
      IssueTracker tracker, Outbox outbox, UnaryOperator<String> scrub) {
    this.runName = runName;
    this.logbook = logbook;
    this.logbookFile = logbookFile;
    this.journal = journal;
    this.tracker = tracker;
    this.outbox = outbox;
    this.scrub = scrub;
  }

  /** Creates the logbook and the issue if they do not exist yet; links them both ways. */
  public IssueRef open(String title, Map<String, String> contract, IssueRef existing,
      String logbookPath) throws IOException {
    IssueRef issue = existing;
    if (issue == null) {
      // null while the tracker is unreachable: the logbook still starts, the issue comes later
      issue = createIssue(title, contract.getOrDefault("DRI", "?"), logbookPath);
    }
    if (!logbook.exists()) {
      Map<String, String> withIssue = new java.util.LinkedHashMap<>(contract);
      withIssue.put("Issue", issue == null ? "(not created yet: tracker unreachable)"
          : issue.url());
      logbook.create(title, withIssue);
      commit(runName + ": start run logbook");
    }
    return issue;
  }

  /**
   * Creates the run's issue (labels experiment, agent-generated; the logbook path in the body);
   * null when the tracker cannot be reached, so that a launch never waits on it.
   */
  public IssueRef createIssue(String title, String dri, String logbookPath) {
    try {
      return tracker.create(scrub.apply(title), scrub.apply("Run record for `" + runName
          + "`.\n\nLogbook: `" + logbookPath + "`\n\nDRI: @" + dri
          + "\n\nThis issue gets concise 🤖 updates: launch, failures, relaunches, escalations,"
          + " a daily digest and the final seal. The logbook has the details."),
          List.of("experiment", "agent-generated"));
    } catch (IssueTrackerException | RuntimeException e) {
      return null;
    }
  }

  public String trackerDescription() {
    return tracker.describe();
  }

  public void instance(String heading, Map<String, String> fields, String commitMessage)
      throws IOException {
    logbook.addInstance(heading, relative(fields, "Command"));
    commit(commitMessage);
  }

  /** An Event Log entry, committed and pushed; a comment too when {@code comment} is set. */
  public void event(String heading, Map<String, String> fields, String commitMessage,
      IssueRef issue, String comment) throws IOException {
    logbook.appendEvent(heading, relative(fields, null));
    commit(commitMessage);
    if (comment != null) {
      comment(issue, comment);
    }
  }

  public void seal(Map<String, String> fields, IssueRef issue, String comment)
      throws IOException {
    seal(fields, issue, comment, List.of());
  }

  /**
   * The Final Seal, committed with {@code with} (an approved dirty tree's patch) in one commit:
   * the seal commit that the seal tag then names. Sealed already (a restart after a kill), the
   * files are still committed, so the tag that follows names a commit that has them.
   */
  public void seal(Map<String, String> fields, IssueRef issue, String comment, List<Path> with)
      throws IOException {
    List<Path> files = new java.util.ArrayList<>(with);
    if (!logbook.sealed()) {
      logbook.seal(relative(fields, null));
      files.add(0, logbookFile);
      if (journal != null) {
        journal.commitAndPush(runName + ": log final seal" + (with.isEmpty() ? ""
            : "\n\nCaptures the approved dirty tree's patch, so the operational state is"
            + " recoverable from the seal tag."), files.toArray(Path[]::new));
      }
    } else if (journal != null && !files.isEmpty()) {
      journal.commitAndPush(runName + ": capture the approved dirty tree's patch for the seal",
          files.toArray(Path[]::new));
    }
    if (comment != null) {
      comment(issue, comment);
    }
  }

  /** No issue yet (tracker unreachable at launch): the comment waits for {@link #issueCreated}. */
  public void comment(IssueRef issue, String text) {
    comment(issue, text, null);
  }

  /**
   * A comment said once per {@code once} (a key) over the run, chat channels included: a step
   * carried out again by a babysitter restarted after a kill (its record was not saved yet)
   * does not say it twice. A null key always says it.
   */
  public void comment(IssueRef issue, String text, String once) {
    if (once != null && outbox.queued(once)) {
      return;
    }
    String body = relative(scrub.apply(text));
    notifications.post(BOT + "[" + runName + "] " + body);
    if (issue == null) {
      outbox.enqueue(IssueRef.notYetCreated(null), BOT + body, once);
      return;
    }
    outbox.post(issue, BOT + body, once);
  }

  /**
   * Tags the commit that sealed the logbook {@code <run>/seal} and pushes the tag; an existing
   * tag is never moved. Null without a git journal.
   */
  public dev.babysitter.tools.logbook.TagResult tagSeal(String message) {
    return journal == null ? null : journal.tagAndPush(runName + "/seal", scrub.apply(message));
  }

  /** The run's issue exists now: what was said before goes to it first, in order. */
  public int issueCreated(IssueRef issue) {
    return outbox.assign(issue);
  }

  /** Retries what waits: unpushed commits and unsent comments. */
  public void flush() {
    if (journal != null) {
      journal.pushPending();
    }
    outbox.flush();
    notifications.flush();
  }

  public CommitResult commitStatus(Path statusFile, String message) {
    return journal == null ? null : journal.commitAndPush(message, statusFile);
  }

  /** Why the logbook's last push did not reach the origin (kept locally, retried), or null. */
  public String pushProblem() {
    return journal == null ? null : journal.lastPushProblem();
  }

  public Path logbookFile() {
    return logbookFile;
  }

  public String issueDescription(IssueRef issue) {
    return issue == null ? "(none)" : issue.url();
  }

  private void commit(String message) {
    if (journal != null) {
      journal.commitAndPush(message, logbookFile);
    }
  }

  /** The issue's comments, oldest first (for /approve and /deny); none without an issue. */
  public List<dev.babysitter.tools.issues.IssueComment> comments(IssueRef issue)
      throws IssueTrackerException {
    return issue == null ? List.of() : tracker.comments(issue);
  }

  /** Used by tests and the demo to read what the thread holds. */
  public List<String> commentBodies(IssueRef issue) throws IssueTrackerException {
    return tracker.comments(issue).stream().map(c -> c.body()).toList();
  }

  /**
   * The chat channels (Slack, Discord) that get every comment the issue gets, through their
   * own outboxes; {@link dev.babysitter.tools.notify.Notifications#NONE} by default.
   */
  public void notifyTo(dev.babysitter.tools.notify.Notifications notifications) {
    this.notifications = java.util.Objects.requireNonNull(notifications, "notifications");
  }

  public dev.babysitter.tools.notify.Notifications notifications() {
    return notifications;
  }

  /**
   * Paths under the run's output root are written relative to it ({@code checkpoints/step-20}):
   * the contract names the root once, and the entries stay short. Only a path's start is
   * rewritten (after a space, quote, backtick, parenthesis or '='), never the root itself.
   */
  public void relativeTo(String outputRoot) {
    String root = outputRoot == null ? "" : outputRoot.replaceAll("/+$", "");
    underOutputRoot = root.isEmpty() ? null : java.util.regex.Pattern.compile(
        "(?<![^\\s`(\"'=])" + java.util.regex.Pattern.quote(root + "/"));
  }

  private String relative(String text) {
    return underOutputRoot == null || text == null ? text
        : underOutputRoot.matcher(text).replaceAll("");
  }

  /** {@code keep}: a field shown as written (the command line), or null. */
  private Map<String, String> relative(Map<String, String> fields, String keep) {
    if (underOutputRoot == null) {
      return fields;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    fields.forEach((k, v) -> out.put(k, k.equals(keep) ? v : relative(v)));
    return out;
  }

  /** Commits and pushes files beside the logbook (its plots) with the logbook's journal. */
  public void commitFiles(String message, List<Path> files) {
    if (journal != null && !files.isEmpty()) {
      journal.commitAndPush(message, files.toArray(Path[]::new));
    }
  }
}
