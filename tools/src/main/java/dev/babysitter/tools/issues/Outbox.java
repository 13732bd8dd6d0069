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
 * <p>Crash window: if the process dies after the tracker accepted a comment but before its
 * {@code sent} record reaches the disk, the comment is sent once more after the restart. The
 * record is appended and forced right after the tracker call returns, which keeps that window to
 * one local write; it cannot be closed without the tracker supporting idempotency keys.
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

  private final Path file;
  private final IssueTracker tracker;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final TreeMap<Long, Entry> pending = new TreeMap<>();
  private long lastSeq;
  private int failed;

  public Outbox(Path file, IssueTracker tracker, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.clock = Objects.requireNonNull(clock, "clock");
    load();
  }

  /** Queues a comment; it is on disk before this returns. Returns its sequence number. */
  public synchronized long enqueue(IssueRef issue, String body) {
    Objects.requireNonNull(issue, "issue");
    Objects.requireNonNull(body, "body");
    long seq = lastSeq + 1;
    ObjectNode rec = record(seq, "pending");
    putIssue(rec, issue);
    rec.put("body", body);
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
    while (!pending.isEmpty()) {
      Entry e = pending.firstEntry().getValue();
      if (!e.issue().created()) {
        break; // its issue does not exist yet: nothing may overtake it
      }
      IssueComment posted;
      try {
        posted = tracker.comment(e.issue(), e.body());
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
      append(record(e.seq(), "sent").put("sent_id", posted.id()));
      sent++;
    }
    return sent;
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

  public synchronized int pendingCount() {
    return pending.size();
  }

  /** Comments dropped after a non-retryable failure, over the life of the file. */
  public synchronized int failedCount() {
    return failed;
  }

  /** Enqueues and tries to send at once; the comment waits in the outbox if that fails. */
  public void post(IssueRef issue, String body) {
    enqueue(issue, body);
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
          case "pending" -> all.put(seq, new Entry(seq, issueOf(rec),
              rec.path("body").asText()));
          case "assigned" -> {
            Entry e = all.get(seq);
            if (e != null) {
              all.put(seq, new Entry(seq, issueOf(rec), e.body()));
            }
          }
          case "sent" -> all.remove(seq);
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
  }
}
