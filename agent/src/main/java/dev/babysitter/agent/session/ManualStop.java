package dev.babysitter.agent.session;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code babysitter stop RUN}: a person's request to park a run, kept in
 * {@code state/runs/<run>/stop.jsonl} (append-only, like approvals.jsonl, because the run's
 * babysitter owns the record) and carried out by the controller at its next check as a
 * {@link Action.Park} through the guard. Once parked, the run waits for the DRI on an
 * escalation of rule {@link #RULE}; {@code babysitter resume} approves it and the controller's
 * ordinary unpark follows, then a relaunch from the newest complete checkpoint, judged by the
 * guard under the signature {@link #SIGNATURE}. Lines already handled are counted in
 * {@code stop.applied} (at most once: a crash between the two loses the request, never parks
 * twice).
 */
public final class ManualStop {
  public static final String RULE = "manual-stop";
  public static final String SIGNATURE = "manual_stop";

  /** One request: who asked, how they were identified, when, and why. */
  public record Request(String by, String via, Instant at, String note) {}

  private final Path file;
  private final Path applied;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  ManualStop(Path runDir) {
    this.file = runDir.resolve("stop.jsonl");
    this.applied = runDir.resolve("stop.applied");
  }

  public static ManualStop of(RunStore store, String runName) {
    return new ManualStop(store.dirOf(runName));
  }

  /** Appends one request under a file lock, forced to disk before returning. */
  public void request(Request request) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] line = (json.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
         FileLock lock = ch.lock()) {
      ch.write(ByteBuffer.wrap(line));
      ch.force(true);
    }
  }

  /** Whether anyone ever asked to stop this run. */
  public boolean everRequested() throws IOException {
    return !read().isEmpty();
  }

  /** Requests not yet handled, oldest first. */
  public List<Request> pending() throws IOException {
    List<Request> all = read();
    return all.subList((int) Math.min(handled(), all.size()), all.size());
  }

  /** A request being carried out: the park to propose and who asked. */
  record Taken(Proposal proposal, Request request) {}

  /**
   * The park a pending request asks for, or null; the request counts as handled from here. A
   * finished or already parked run has nothing to stop: the request is dropped.
   */
  Taken take(RunRecord record) throws IOException {
    List<Request> all = read();
    if (handled() >= all.size()) {
      return null;
    }
    markHandled(all.size());
    Request last = all.get(all.size() - 1);
    if (record.finished() || "parked".equals(record.phase) || record.instance == null) {
      return null;
    }
    // Recorded before the park, so the parked note and the issue say how to resume; taken back
    // in parked() when the guard does not let the park happen.
    String id = resumeId(record);
    if (Approvals.mayRaiseAgain(record.escalations.get(id))) {
      record.escalations.put(id, new RunRecord.Escalation(id, RULE, "stopped by " + last.by()
          + " (" + last.via() + "); resume with `babysitter resume " + record.runName + "`",
          "resume " + record.runName + " after a manual stop", requestedAt(last), "pending"));
    }
    return new Taken(new Proposal(new Action.Park(record.instance.id(), "stopped by "
        + last.by() + " with `babysitter stop`" + (last.note() == null || last.note().isBlank()
        ? "" : ": " + last.note())), "a person asked to stop the run; the disk and its "
        + "checkpoints are kept, `babysitter resume " + record.runName + "` goes on from the "
        + "newest one"), last);
  }

  /**
   * After the requested park: the run waits for the DRI's resume, which the ordinary unpark
   * answers; the trainer's stop is recorded as ours, so the relaunch after the resume is judged
   * as a manual stop and not as the exit the stop caused.
   */
  static void parked(RunRecord record) {
    if (!"parked".equals(record.phase)) {
      // Refused by the guard (the journal already says so): nothing waits for a resume.
      record.escalations.values().removeIf(e -> RULE.equals(e.rule())
          && "pending".equals(e.status()));
      return;
    }
    record.killAttempt = record.memory.attempt();
    record.killSignature = SIGNATURE;
  }

  /**
   * Once the resume has started the instance again, the approval of the manual-stop escalation
   * is spent (nothing else would consume it, and a later park within its lifetime must not be
   * taken as answered).
   */
  static void spendResume(RunRecord record) {
    if ("parked".equals(record.phase)) {
      return;
    }
    record.escalations.replaceAll((id, e) -> RULE.equals(e.rule())
        && "approved".equals(e.status()) ? e.withStatus("used") : e);
    record.approvals.keySet().removeIf(id -> {
      RunRecord.Escalation e = record.escalations.get(id);
      return e != null && RULE.equals(e.rule());
    });
    record.approvedIds.removeIf(id -> {
      RunRecord.Escalation e = record.escalations.get(id);
      return e != null && RULE.equals(e.rule());
    });
  }

  private static Instant requestedAt(Request r) {
    return r.at() == null ? Instant.EPOCH : r.at();
  }

  /** The id of the escalation a manual park waits on, stable within an attempt. */
  public static String resumeId(RunRecord record) {
    return PolicyGuard.approvalId(record.runName, record.memory.attempt(),
        "resume after a manual stop", RULE);
  }

  /** The pending manual-stop escalation of a parked run, or null. */
  public static RunRecord.Escalation waiting(RunRecord record) {
    return record.escalations.values().stream().filter(e -> RULE.equals(e.rule())
        && "pending".equals(e.status())).findFirst().orElse(null);
  }

  private List<Request> read() throws IOException {
    List<Request> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return out; // a torn first line waits for the next read
    }
    for (String line : text.substring(0, end).split("\n")) {
      if (!line.isBlank()) {
        out.add(json.readValue(line, Request.class));
      }
    }
    return out;
  }

  private long handled() throws IOException {
    if (!Files.exists(applied)) {
      return 0;
    }
    String text = Files.readString(applied, StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? 0 : Long.parseLong(text);
  }

  private void markHandled(long count) throws IOException {
    Path tmp = applied.resolveSibling("stop.applied.tmp");
    Files.writeString(tmp, Long.toString(count), StandardCharsets.UTF_8);
    Files.move(tmp, applied, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
