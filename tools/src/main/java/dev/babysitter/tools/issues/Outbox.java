package dev.babysitter.tools.issues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue comments wait here while the tracker is unreachable and go out later, in order, once.
 *
 * <p>The file is an append-only journal of JSON lines: a {@code pending} record with the issue
 * and body when a comment is enqueued, then a {@code sent} record (with the tracker's comment id)
 * or a {@code failed} record (with the reason) for the same {@code seq}. The last record of a seq
 * wins, so a new instance over the same file (a restart) knows exactly what is still owed.
 *
 * <p>Crash window: the process may die after the tracker accepted a comment but before its
 * {@code sent} record reaches the disk. So a comment found pending when the file is loaded is in
 * doubt: before it is sent, the issue's thread is read once per flush, and if the thread has
 * more comments with that exact body than this file recorded sent to that issue, the comment
 * went out before the restart and is recorded sent instead of posted twice. Counting (not
 * mere presence) keeps a comment that legitimately repeats an earlier one.
 *
 * <p>A comment may carry a key ({@link #enqueue(IssueRef, String, String)}): it is queued once per
 * key over the life of the file, so a step that a restarted babysitter carries out again (its
 * record was not saved before the kill) does not say the same thing twice.
 *
 * <p>Comments for an issue not created yet ({@link IssueRef#notYetCreated}) wait, and hold back
 * everything after them, until {@link #assign} names the issue: an {@code assigned} record per
 * seq, so a restart knows the address too.
 *
 * <p>Text is sent exactly as enqueued; callers add the 🤖 prefix. One instance per file.
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private record Entry(long seq, IssueRef issue, String body) {}

  /** An issue's bodies, as a key for counting. */
  private static String key(IssueRef issue, String body) {
    return issue.repo() + "#" + issue.number() + "\n" + body;
  }

  private final Path file;
  private final IssueTracker tracker;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final TreeMap<Long, Entry> pending = new TreeMap<>();
  private long lastSeq;
  private int failed;
  /** Seqs loaded pending: a crash may have come after the tracker took them. */
  private final java.util.Set<Long> inDoubt = new java.util.HashSet<>();
  /** How many comments this file recorded sent, per issue and body. */
  private final Map<String, Integer> sentCount = new java.util.HashMap<>();
  /** Keys of keyed comments ever queued in this file, with their seq. */
  private final Map<String, Long> keys = new java.util.HashMap<>();

  public Outbox(Path file, IssueTracker tracker, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.clock = Objects.requireNonNull(clock, "clock");
    load();
  }

  /** Queues a comment; it is on disk before this returns. Returns its sequence number. */
  public synchronized long enqueue(IssueRef issue, String body) {
    return enqueue(issue, body, null);
  }

  /**
   * Queues a comment unless one with the same {@code key} was ever queued in this file (then
   * returns that one's seq and queues nothing); a null key always queues.
   */
  public synchronized long enqueue(IssueRef issue, String body, String key) {
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(body, "body");
    if (key != null && keys.containsKey(key)) {
      return keys.get(key);
    }
    long seq = lastSeq + 1;
    ObjectNode rec = record(seq, "pending");
    putIssue(rec, issue);
    rec.put("body", body);
    if (key != null) {
      rec.put("key", key);
      keys.put(key, seq);
    }
    append(rec);
    lastSeq = seq;
    pending.put(seq, new Entry(seq, issue, body));
    return seq;
  }

  /**
   * Sends pending comments in seq order and returns how many went out. Stops at the first
   * retryable failure so later comments never overtake an earlier one; a non-retryable failure
   * (e.g. the issue is gone) is recorded as failed and skipped.
   */
  public synchronized int flush() {
    int sent = 0;
    Map<String, List<IssueComment>> threads = new java.util.HashMap<>();
    while (!pending.isEmpty()) {
      Entry e = pending.firstEntry().getValue();
      if (!e.issue().created()) {
        break; // its issue does not exist yet: nothing may overtake it
      }
      IssueComment posted;
      try {
        posted = inDoubt.contains(e.seq()) ? alreadyPosted(e, threads) : null;
        if (posted == null) {
          posted = tracker.comment(e.issue(), e.body());
        }
      } catch (IssueTrackerException ex) {
        if (ex.retryable()) {
          LOG.info("outbox: {} unreachable, {} comment(s) wait: {}",
              tracker.describe(), pending.size(), ex.getMessage());
          break;
        }
        LOG.warn("outbox: comment {} on {} dropped: {}", e.seq(), e.issue(), ex.getMessage());
        pending.remove(e.seq());
        failed++;
        append(record(e.seq(), "failed").put("reason", String.valueOf(ex.getMessage())));
        continue;
      } catch (RuntimeException ex) {
        // An unexpected client error: keep the comment and the order, try again next flush.
        LOG.warn("outbox: sending comment {} failed unexpectedly", e.seq(), ex);
        break;
      }
      // Removed before the write so this process never resends it even if the write fails.
      pending.remove(e.seq());
      inDoubt.remove(e.seq());
      sentCount.merge(key(e.issue(), e.body()), 1, Integer::sum);
      threads.remove(e.issue().repo() + "#" + e.issue().number()); // it changed
      append(record(e.seq(), "sent").put("sent_id", posted.id()));
      sent++;
    }
    return sent;
  }

  /**
   * The thread's comment that is this in-doubt entry (the thread has more with its body than
   * were recorded sent), or null when it still has to be sent.
   */
  private IssueComment alreadyPosted(Entry e, Map<String, List<IssueComment>> threads)
      throws IssueTrackerException {
    String issueKey = e.issue().repo() + "#" + e.issue().number();
    List<IssueComment> thread = threads.get(issueKey);
    if (thread == null) {
      try {
        thread = tracker.comments(e.issue());
      } catch (IssueTrackerException ex) {
        if (ex.retryable()) {
          throw ex; // the tracker is away: the comment waits, still in doubt
        }
        // The thread cannot be read (a token that may comment but not list): send it, as
        // before this check; a duplicate is better than a comment lost.
        LOG.warn("outbox: cannot read {} to settle comment {}: {}", e.issue(), e.seq(),
            ex.getMessage());
        inDoubt.remove(e.seq());
        return null;
      }
      threads.put(issueKey, thread);
    }
    int recorded = sentCount.getOrDefault(key(e.issue(), e.body()), 0);
    List<IssueComment> same = thread.stream().filter(c -> e.body().equals(c.body())).toList();
    if (same.size() > recorded) {
      LOG.info("outbox: comment {} on {} went out before a restart; not sent again", e.seq(),
          e.issue());
      return same.get(recorded);
    }
    inDoubt.remove(e.seq()); // settled: the thread does not have it
    return null;
  }

  /**
   * The run's issue now exists: comments queued for it before (see {@link
   * IssueRef#notYetCreated}) are addressed to {@code issue}, keeping their order. Returns how
   * many; they go out at the next flush.
   */
  public synchronized int assign(IssueRef issue) {
    Objects.requireNonNull(issue, "issue");
    if (!issue.created()) {
      throw new IllegalArgumentException("assign needs a created issue, got " + issue);
    }
    int n = 0;
    for (Entry e : List.copyOf(pending.values())) {
      if (!e.issue().created()) {
        ObjectNode rec = record(e.seq(), "assigned");
        putIssue(rec, issue);
        append(rec);
        pending.put(e.seq(), new Entry(e.seq(), issue, e.body()));
        n++;
      }
    }
    return n;
  }

  /** Whether a comment with this key was ever queued in this file. */
  public synchronized boolean queued(String key) {
    return keys.containsKey(key);
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Comments dropped after a non-retryable failure, over the life of the file. */
  public synchronized int failedCount() {
    return failed;
  }

  /** Enqueues and tries to send at once; the comment waits in the outbox if that fails. */
  public void post(IssueRef issue, String body) {
    post(issue, body, null);
  }

  /** {@link #post(IssueRef, String)}, queued once per {@code key} (see the class comment). */
  public void post(IssueRef issue, String body, String key) {
    enqueue(issue, body, key);
    flush();
  }

  private static void putIssue(ObjectNode rec, IssueRef issue) {
    rec.putObject("issue").put("repo", issue.repo()).put("number", issue.number())
        .put("url", issue.url());
  }

  private static IssueRef issueOf(JsonNode rec) {
    JsonNode i = rec.path("issue");
    String url = i.hasNonNull("url") ? i.get("url").asText() : null;
    return new IssueRef(i.path("repo").asText(), i.path("number").asInt(), url);
  }

  private ObjectNode record(long seq, String state) {
    return json.createObjectNode().put("seq", seq).put("state", state)
        .put("at", clock.instant().toString());
  }

  private void append(ObjectNode rec) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      JsonLines.append(file, json, rec);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write outbox " + file, e);
    }
  }

  private void load() {
    Map<Long, Entry> all = new TreeMap<>();
    try {
      for (JsonNode rec : JsonLines.read(file, json)) {
        long seq = rec.path("seq").asLong();
        lastSeq = Math.max(lastSeq, seq);
        switch (rec.path("state").asText()) {
          case "pending" -> {
            all.put(seq, new Entry(seq, issueOf(rec), rec.path("body").asText()));
            if (rec.hasNonNull("key")) {
              keys.put(rec.get("key").asText(), seq);
            }
          }
          case "assigned" -> {
            Entry e = all.get(seq);
            if (e != null) {
              all.put(seq, new Entry(seq, issueOf(rec), e.body()));
            }
          }
          case "sent" -> {
            Entry e = all.remove(seq);
            if (e != null) {
              sentCount.merge(key(e.issue(), e.body()), 1, Integer::sum);
            }
          }
          case "failed" -> {
            all.remove(seq);
            failed++;
          }
          default -> LOG.warn("outbox {}: unknown record {}", file, rec);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read outbox " + file, e);
    }
    pending.putAll(all);
    inDoubt.addAll(all.keySet());
  }
}
