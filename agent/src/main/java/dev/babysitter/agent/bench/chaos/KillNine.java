package dev.babysitter.agent.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.session.Workspace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kill -9 of the babysitter at random points of real local runs on the demo policy (a crash
 * mid-run, so one relaunch is due): during launch, mid-check, right after it printed a decision
 * (before its action is done), during a logbook push (the origin's receive-pack is slowed by
 * a wrapper that marks when a push is in flight) and during an issue comment (the experiment
 * holds the local issue's lock, so the babysitter stops inside the send with the comment queued
 * in its outbox; the kill lands there, or just after the tracker took the comment and before
 * the outbox recorded it sent). The babysitter is a process of its own
 * ({@link KillNineChild}: launch if no instance is on record, then babysit), restarted after
 * every kill until the run ends. Counts, against what the supervisor and git saw: logbook
 * entries lost (in the clone but not the origin, or a relaunch the record charged without an
 * entry) or duplicated, instances duplicated (two supervisors) or orphaned (processes alive
 * after the end), relaunch budgets miscounted (charged vs. trainer attempts), issue comments
 * lost (owed by the outbox at the end, recorded sent but not in the thread, or a launch,
 * relaunch, seal or teardown without its comment) or duplicated (the same comment twice in the
 * thread, or a second issue opened for the run), and runs not done.
 */
public final class KillNine implements ChaosExperiment {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DECISION = Pattern.compile(
      "(?i)relaunch|alert|escalat|teardown|torn|seal|destroy|crash");
  private static final Pattern START_EVENT = Pattern.compile(
      "\"event\":\"start\",\"attempt\":([0-9]+)");

  enum Point { LAUNCH, MID_CHECK, DECISION, PUSH, COMMENT }

  private static final List<Point> ROTATION = List.of(Point.COMMENT, Point.DECISION, Point.PUSH,
      Point.MID_CHECK);

  private final Path installRoot;

  public KillNine() {
    this(Workspace.installRoot());
  }

  public KillNine(Path installRoot) {
    this.installRoot = installRoot;
  }

  @Override
  public String name() {
    return "kill9";
  }

  @Override
  public String violation() {
    return "bad outcomes";
  }

  private static final class Counts {
    long kills;
    final Map<Point, Integer> at = new LinkedHashMap<>();
    long lost;
    long duplicatedEntries;
    long duplicatedInstances;
    long orphans;
    long miscounted;
    long notDone;
    long restarts;
    long relaunches;
    long commentsLost;
    long commentsDuplicated;
    long comments;
    long commentInDoubt;
    long issuesDuplicated;
    int turn;
  }

  @Override
  public ChaosResult run(ChaosSettings settings) throws Exception {
    int kills = settings.size(100, 3);
    int killsPerRun = settings.size(10, 3);
    Random rnd = new Random(settings.seed());
    Counts c = new Counts();
    List<String> examples = new ArrayList<>();
    // A run that ends before its share of kills leaves the rest to the next run.
    int runs = 0;
    while (c.kills < kills && runs < kills) {
      oneRun(settings.workDir().resolve("kill9-" + runs), "k9-" + runs,
          (int) Math.min(killsPerRun, kills - c.kills), settings.small(), rnd, c, examples);
      runs++;
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("runs", Integer.toString(runs));
    f.put("entries_lost", Long.toString(c.lost));
    f.put("entries_duplicated", Long.toString(c.duplicatedEntries));
    f.put("instances_duplicated", Long.toString(c.duplicatedInstances));
    f.put("orphans", Long.toString(c.orphans));
    f.put("budget_miscounted", Long.toString(c.miscounted));
    f.put("comments_lost", Long.toString(c.commentsLost));
    f.put("comments_duplicated", Long.toString(c.commentsDuplicated));
    f.put("issues_duplicated", Long.toString(c.issuesDuplicated));
    f.put("not_done", Long.toString(c.notDone));
    c.at.forEach((p, n) -> f.put("at_" + p.name().toLowerCase(), Integer.toString(n)));
    f.put("comment_in_doubt", Long.toString(c.commentInDoubt));
    f.put("comments", Long.toString(c.comments));
    f.put("relaunches", Long.toString(c.relaunches));
    f.put("restarts", Long.toString(c.restarts));
    return new ChaosResult(name(), c.kills, c.lost + c.duplicatedEntries
        + c.duplicatedInstances + c.orphans + c.miscounted + c.commentsLost
        + c.commentsDuplicated + c.issuesDuplicated + c.notDone, violation(), f,
        examples, Duration.ZERO);
  }

  private void oneRun(Path dir, String run, int kills, boolean small, Random rnd, Counts c,
      List<String> examples) throws Exception {
    LocalRun.setUp(installRoot, dir, run, "python3 trainer/train.py --steps {steps}"
        + " --out {output_root} --ckpt-every 10 --step-time 0.25", small ? 40 : 60,
        small ? "TRAINER_FAULTS: \"crash@15:once\"" : "TRAINER_FAULTS: \"crash@25:once\"",
        "2m");
    Path pushing = slowPushes(dir);
    Path home = dir.resolve("babysitter/instances/" + run);
    Path issues = dir.resolve("babysitter/issues");
    Path outbox = new RunStore(dir.resolve("babysitter/state")).dirOf(run)
        .resolve("outbox.jsonl");
    int killed = 0;
    boolean ended = false;
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    while (!ended && System.nanoTime() < deadline) {
      Child child = Child.start(dir, run);
      c.restarts++;
      if (killed < kills) {
        // The first kill of a run lands in its launch; the others take the points in turn
        // (the newest first, so that a small run has it too), each at a random moment.
        Point point = killed == 0 ? Point.LAUNCH : ROTATION.get(c.turn++ % ROTATION.size());
        if (point == Point.COMMENT) {
          Boolean inDoubt = killInComment(child, issues, outbox, rnd);
          if (inDoubt != null) {
            child.keepLog(dir);
            killed++;
            c.kills++;
            c.at.merge(point, 1, Integer::sum);
            c.commentInDoubt += inDoubt ? 1 : 0;
            continue;
          }
        }
        boolean hit = point != Point.COMMENT && child.awaitPoint(point, pushing, home, rnd);
        // a babysitter that already saw the run end is not killed: that kill would test nothing
        if (child.alive() && !child.said("chaos-child: ended")
            && !child.said("nothing to babysit")) {
          child.kill9();
          child.keepLog(dir);
          killed++;
          c.kills++;
          c.at.merge(hit ? point : Point.MID_CHECK, 1, Integer::sum);
          continue;
        }
      }
      ended = child.awaitExit(Duration.ofMinutes(6)) == 0;
      child.kill9(); // a no-op when it ended
      child.keepLog(dir);
    }
    RunStore store = new RunStore(dir.resolve("babysitter/state"));
    RunRecord record = store.load(run).orElse(null);
    List<String> problems = new ArrayList<>();
    if (record == null || !"done".equals(record.outcome) || !record.finished()) {
      c.notDone++;
      problems.add("not done: " + (record == null ? "no record"
          : "phase " + record.phase + ", outcome " + record.outcome));
    }
    // Attempts the supervisor started; an attempt number seen twice means two supervisors.
    Map<String, Integer> attempts = new HashMap<>();
    Path events = home.resolve("events.jsonl");
    if (Files.exists(events)) {
      Matcher m = START_EVENT.matcher(Files.readString(events));
      while (m.find()) {
        attempts.merge(m.group(1), 1, Integer::sum);
      }
    }
    long dupAttempts = attempts.values().stream().filter(n -> n > 1).count();
    c.duplicatedInstances += dupAttempts;
    if (dupAttempts > 0) {
      problems.add("attempt numbers started twice: " + attempts);
    }
    int relaunchesDone = Math.max(0, attempts.size() - 1);
    c.relaunches += relaunchesDone;
    int charged = record == null ? 0 : record.relaunches.size();
    if (charged != relaunchesDone) {
      c.miscounted++;
      problems.add("relaunches charged " + charged + ", done " + relaunchesDone);
    }
    // Logbook: what the clone has must be in the origin, once each.
    String local = read(dir.resolve("repo/logbooks/" + run + ".md"));
    String origin = show(dir.resolve("origin.git"), "main:logbooks/" + run + ".md");
    List<String> localBlocks = blocks(local);
    List<String> originBlocks = blocks(origin);
    long lost = localBlocks.stream().filter(b -> !originBlocks.contains(b)).count();
    if (!origin.contains("## Final Seal") || blocks(sealOf(origin)).isEmpty()
        && sealOf(origin).isBlank()) {
      lost++;
      problems.add("no Final Seal in the origin");
    }
    long relaunchEntries = originBlocks.stream().filter(b -> b.toLowerCase()
        .startsWith("### ") && b.toLowerCase().lines().findFirst().orElse("")
        .contains("relaunch")).count();
    if (relaunchEntries < charged) {
      lost += charged - relaunchEntries;
      problems.add(charged + " relaunches charged, " + relaunchEntries + " relaunch entries");
    }
    long dups = originBlocks.size() - originBlocks.stream().distinct().count();
    c.lost += lost;
    c.duplicatedEntries += dups;
    if (lost > 0) {
      problems.add(lost + " entries lost");
    }
    if (dups > 0) {
      problems.add(dups + " entries duplicated");
    }
    comments(issues, outbox, record, charged, c, problems);
    long orphans = orphans(home);
    c.orphans += orphans;
    if (orphans > 0) {
      problems.add(orphans + " processes alive after the end");
    }
    if (!problems.isEmpty() && examples.size() < 5) {
      examples.add(run + " (" + killed + " kills): " + String.join("; ", problems));
    }
  }

  /**
   * Kills the child inside an issue comment: holds the run's issue lock (the local tracker takes
   * it to append a comment) until the child has a comment queued and unsettled in its outbox,
   * then kills it there (queued, not sent) or, as often, releases the lock and kills it the
   * moment the thread has the comment (sent, maybe not yet recorded sent). Returns whether the
   * kill left a comment in doubt (in the thread, not recorded sent), or null when the child
   * never got there (no kill; the caller kills it elsewhere).
   */
  private static Boolean killInComment(Child child, Path issues, Path outbox, Random rnd)
      throws IOException, InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(25).toNanos();
    Path issue = null;
    while (issue == null && System.nanoTime() < giveUp && child.alive()) {
      issue = issueDir(issues);
      if (issue == null) {
        Thread.sleep(20);
      }
    }
    if (issue == null) {
      return null;
    }
    Path thread = issue.resolve("comments.jsonl");
    FileChannel channel = FileChannel.open(issue.resolve(".lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock = channel.lock();
    try {
      Long seq = null;
      while (seq == null && System.nanoTime() < giveUp && child.alive()
          && !child.said("chaos-child: ended")) {
        seq = unsettled(outbox);
        if (seq == null) {
          Thread.sleep(10);
        }
      }
      if (seq == null || !child.alive() || child.said("chaos-child: ended")) {
        return null;
      }
      Thread.sleep(50); // into the send: enqueued, now waiting for the tracker's lock
      if (rnd.nextBoolean()) {
        child.kill9(); // queued, the tracker has not taken it
      } else {
        long before = Files.exists(thread) ? Files.size(thread) : 0;
        lock.release();
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while ((Files.exists(thread) ? Files.size(thread) : 0) == before
            && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        child.kill9();
      }
      return seq.equals(unsettled(outbox)) && Files.exists(thread)
          && Files.readString(thread).contains("\"body\":" + bodyJson(outbox, seq));
    } finally {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    }
  }

  /** The run's issue in the local store (one per experiment directory), or null. */
  private static Path issueDir(Path issues) throws IOException {
    if (!Files.isDirectory(issues)) {
      return null;
    }
    try (var dirs = Files.list(issues)) {
      return dirs.filter(d -> Files.exists(d.resolve("issue.json"))).findFirst().orElse(null);
    }
  }

  /** The outbox's records by seq, the last one of each seq winning. */
  private static Map<Long, JsonNode> outboxStates(Path outbox) throws IOException {
    Map<Long, JsonNode> last = new LinkedHashMap<>();
    Map<Long, String> bodies = new HashMap<>();
    if (!Files.exists(outbox)) {
      return last;
    }
    for (String line : Files.readAllLines(outbox)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode rec;
      try {
        rec = JSON.readTree(line);
      } catch (IOException torn) {
        continue; // a line cut by the kill
      }
      long seq = rec.path("seq").asLong();
      if (rec.has("body")) {
        bodies.put(seq, rec.get("body").asText());
      }
      ObjectNode copy = ((ObjectNode) rec).deepCopy();
      if (bodies.containsKey(seq)) {
        copy.put("body", bodies.get(seq));
      }
      last.put(seq, copy);
    }
    return last;
  }

  /** The oldest comment queued but neither sent nor failed, or null. */
  private static Long unsettled(Path outbox) throws IOException {
    return outboxStates(outbox).entrySet().stream()
        .filter(e -> !Set.of("sent", "failed").contains(e.getValue().path("state").asText()))
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  private static String bodyJson(Path outbox, long seq) throws IOException {
    JsonNode rec = outboxStates(outbox).get(seq);
    return rec == null ? "\u0000" : JSON.writeValueAsString(rec.path("body").asText());
  }

  /**
   * Issue comments after the run: every comment the outbox queued is in the thread once (none
   * owed, none recorded sent yet missing, none twice), and each relaunch charged, the seal and
   * the teardown have theirs.
   */
  private static void comments(Path issues, Path outbox, RunRecord record, int charged,
      Counts c, List<String> problems) throws IOException {
    Path issue = record == null || record.issue == null ? issueDir(issues)
        : issues.resolve(Integer.toString(record.issue.number()));
    long opened = 0;
    if (Files.isDirectory(issues)) {
      try (var dirs = Files.list(issues)) {
        opened = dirs.filter(d -> Files.exists(d.resolve("issue.json"))).count();
      }
    }
    if (opened > 1) {
      c.issuesDuplicated += opened - 1;
      problems.add(opened + " issues opened for the run");
    }
    List<String> bodies = new ArrayList<>();
    if (issue != null && Files.exists(issue.resolve("comments.jsonl"))) {
      for (String line : Files.readAllLines(issue.resolve("comments.jsonl"))) {
        if (!line.isBlank()) {
          bodies.add(JSON.readTree(line).path("body").asText());
        }
      }
    }
    c.comments += bodies.size();
    long lost = 0;
    Map<Long, JsonNode> states = outboxStates(outbox);
    for (Map.Entry<Long, JsonNode> e : states.entrySet()) {
      String state = e.getValue().path("state").asText();
      String body = e.getValue().path("body").asText();
      if (!"sent".equals(state) || !bodies.contains(body)) {
        lost++;
        problems.add("comment " + e.getKey() + " " + state + (bodies.contains(body) ? ""
            : ", not in the thread") + ": " + abbreviate(body));
      }
    }
    long relaunchComments = bodies.stream().filter(b -> b.contains("relaunched (")).count();
    if (relaunchComments < charged) {
      lost += charged - relaunchComments;
      problems.add(charged + " relaunches charged, " + relaunchComments + " relaunch comments");
    }
    if (record != null && record.instance != null
        && bodies.stream().noneMatch(b -> b.startsWith("🤖 launched `"))) {
      lost++;
      problems.add("launched without a launch comment");
    }
    if (record != null && record.sealed
        && bodies.stream().noneMatch(b -> b.contains("sealed: "))) {
      lost++;
      problems.add("sealed without a seal comment");
    }
    if (record != null && "torn_down".equals(record.phase)
        && bodies.stream().noneMatch(b -> b.contains(" torn down: "))) {
      lost++;
      problems.add("torn down without a teardown comment");
    }
    long dups = bodies.size() - bodies.stream().distinct().count();
    if (dups > 0) {
      problems.add(dups + " comment(s) twice in the thread: " + bodies.stream()
          .filter(b -> bodies.indexOf(b) != bodies.lastIndexOf(b)).distinct()
          .map(KillNine::abbreviate).toList());
    }
    c.commentsLost += lost;
    c.commentsDuplicated += dups;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }

  /**
   * The origin's receive-pack behind a wrapper that marks a push in flight and takes a moment,
   * so that a kill can land inside one (a push to a hosted origin takes that long anyway).
   */
  private static Path slowPushes(Path dir) throws IOException, InterruptedException {
    Path marker = dir.resolve("pushing");
    Path wrapper = dir.resolve("receive-pack");
    Process p = new ProcessBuilder("git", "--exec-path").redirectErrorStream(true).start();
    String exec = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    Files.writeString(wrapper, "#!/bin/sh\ntouch '" + marker + "'\nsleep 0.4\n'" + exec
        + "/git-receive-pack' \"$@\"\nrc=$?\nrm -f '" + marker + "'\nexit $rc\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Process cfg = new ProcessBuilder("git", "-C", dir.resolve("repo").toString(), "config",
        "remote.origin.receivepack", wrapper.toString()).redirectErrorStream(true).start();
    cfg.getInputStream().readAllBytes();
    if (cfg.waitFor() != 0) {
      throw new IOException("cannot configure the origin's receive-pack");
    }
    return marker;
  }

  /** Supervisor and trainer processes of the instance still alive. */
  private static long orphans(Path home) throws IOException {
    long n = 0;
    for (String f : List.of("supervisor.pid", "trainer.pid")) {
      Path pid = home.resolve(f);
      if (!Files.exists(pid)) {
        continue;
      }
      try {
        long id = Long.parseLong(Files.readString(pid).strip());
        if (id > 1 && ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false)
            && ProcessHandle.of(id).flatMap(h -> h.info().commandLine())
                .map(cl -> cl.contains(home.toString()) || cl.contains("train.py"))
                .orElse(false)) {
          n++;
          ProcessHandle.of(id).ifPresent(ProcessHandle::destroyForcibly); // leave nothing behind
        }
      } catch (NumberFormatException e) {
        // a half-written pid file: nothing to count
      }
    }
    return n;
  }

  private static String sealOf(String logbook) {
    int i = logbook.indexOf("## Final Seal");
    return i < 0 ? "" : logbook.substring(i + "## Final Seal".length());
  }

  /** The {@code ### } blocks of a logbook (heading and fields), in order. */
  private static List<String> blocks(String logbook) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    for (String line : logbook.split("\n", -1)) {
      if (line.startsWith("### ") || line.startsWith("## ")) {
        if (cur != null) {
          out.add(cur.toString().strip());
        }
        cur = line.startsWith("### ") ? new StringBuilder(line).append('\n') : null;
      } else if (cur != null) {
        cur.append(line).append('\n');
      }
    }
    if (cur != null) {
      out.add(cur.toString().strip());
    }
    return out;
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private static String show(Path bare, String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("git", "--git-dir", bare.toString(), "show", what)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  /** The babysitter as a process of its own, its output read as it comes. */
  private static final class Child {
    private final Process process;
    private final StringBuffer out = new StringBuffer();

    private Child(Process process) {
      this.process = process;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            out.append(line).append('\n');
          }
        } catch (IOException ignored) {
          // killed
        }
      }, "kill9-child-out");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path dir, String run) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-cp", System.getProperty("java.class.path"),
          "-Dbabysitter.home=" + System.getProperty("babysitter.home", ""),
          KillNineChild.class.getName(), dir.toString(), run);
      pb.redirectErrorStream(true);
      return new Child(pb.start());
    }

    boolean alive() {
      return process.isAlive();
    }

    boolean said(String text) {
      return out.indexOf(text) >= 0;
    }

    /**
     * Waits until the child is at {@code point} (true), or gives up after a while (false: it is
     * killed wherever it is then).
     */
    boolean awaitPoint(Point point, Path pushing, Path instanceHome, Random rnd)
        throws InterruptedException {
      int seen = out.length();
      long delayMs = 200 + rnd.nextInt(2500);
      long giveUp = System.nanoTime() + Duration.ofSeconds(25).toNanos();
      Predicate<Void> at = switch (point) {
        // the instance is up (its supervisor wrote its pid) and the record may not say so yet
        case LAUNCH -> v -> Files.exists(instanceHome.resolve("supervisor.pid"));
        case MID_CHECK -> v -> out.indexOf("chaos-child: babysitting") >= 0;
        case DECISION -> v -> DECISION.matcher(out.substring(Math.min(seen, out.length())))
            .find();
        case PUSH -> v -> Files.exists(pushing);
        case COMMENT -> v -> false; // KillNine.killInComment holds the lock it needs
      };
      while (System.nanoTime() < giveUp && process.isAlive()) {
        if (at.test(null)) {
          if (point == Point.MID_CHECK) {
            Thread.sleep(delayMs); // somewhere in a check
          }
          return true;
        }
        Thread.sleep(point == Point.PUSH || point == Point.LAUNCH ? 5 : 20);
      }
      return false;
    }

    int awaitExit(Duration limit) throws InterruptedException {
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        return -1;
      }
      return process.exitValue();
    }

    void kill9() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL
      process.waitFor(30, TimeUnit.SECONDS);
    }

    /** What it printed, kept beside the run for whoever reads a failure. */
    void keepLog(Path dir) {
      try {
        Files.writeString(dir.resolve("babysitter.log"), out + "--- exit "
            + (process.isAlive() ? "alive" : process.exitValue()) + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException ignored) {
        // the log is for people only
      }
    }
  }
}
