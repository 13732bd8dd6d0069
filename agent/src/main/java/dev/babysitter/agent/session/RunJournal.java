package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Turns what happened in a check into logbook entries (Status, Evidence, Decision, Next) and
 * concise issue comments. Which events are "material" (committed, commented) is decided here.
 */
public final class RunJournal {
  private static final DateTimeFormatter HEADING =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final Recorder recorder;
  private final UnaryOperator<String> scrub;
  private final Clock clock;
  private final String dri;
  private final Consumer<RunRecord> onStatus;
  private dev.babysitter.agent.record.RunPlots plots;

  public RunJournal(Recorder recorder, UnaryOperator<String> scrub, Clock clock, String dri,
      Consumer<RunRecord> onStatus) {
    this.recorder = recorder;
    this.scrub = scrub;
    this.clock = clock;
    this.dri = dri;
    this.onStatus = onStatus;
  }

  public String scrub(String text) {
    return scrub.apply(text);
  }

  /** {@code expected}: the exit of a trainer we killed ourselves, already announced. */
  void alert(RunRecord r, Alert alert, Assessment a, RunRecord.Detection detection,
      boolean expected) throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Status", "attempt " + a.memory().attempt() + ", step " + a.step() + ", "
        + a.health().label());
    f.put("Evidence", alert.evidence());
    if (a.failure() != null && !a.failure().healthy()) {
      f.put("Classified as", a.failure().label());
    }
    if (detection.happenedAt() != null) {
      f.put("Detected after", String.format("%.1fs", detection.latencyMillis() / 1000.0));
    }
    f.put("Decision", "playbook and guard decide below");
    boolean failure = alert.kind() == AlertKind.CRASH || alert.kind() == AlertKind.STALL
        || alert.kind() == AlertKind.DIVERGENCE || alert.kind() == AlertKind.LOST
        || alert.kind() == AlertKind.OFFLINE
        || alert.kind() == AlertKind.EARLY_EXIT;
    f.put("Next", failure ? "respond per playbook" : "keep watching at alert cadence");
    recorder.event(heading("alert: " + alert.kind().label()), f,
        r.runName + ": log " + alert.kind().label() + " alert", r.issue,
        (failure || alert.kind().toDriAtOnce()) && !expected ? "**" + alert.kind().label() + "** on attempt " + a.memory().attempt()
            + " at step " + a.step() + ": " + clip(alert.evidence()) : null);
  }

  /**
   * Every decision on a non-read action goes into the logbook: allow, deny or escalate, with the
   * rule and the reason. Allowed reads are only counted (the seal reports the count).
   */
  void decision(RunRecord r, Action action, Decision d, String why) throws IOException {
    if (action.read() && d.allowed()) {
      r.readsAllowed++;
      return;
    }
    audit(recorder, clock, r.runName, r.issue, action, d, why);
  }

  /** One audited decision as a logbook entry; for callers outside a check (launch, CLI). */
  public static void audit(Recorder recorder, Clock clock, String runName,
      dev.babysitter.tools.issues.IssueRef issue, Action action, Decision d, String why)
      throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Action", action.describe());
    f.put("Verdict", d.verdict() + " (rule " + d.rule() + ")");
    f.put("Reason", d.reason());
    if (d instanceof Decision.Escalate e) {
      f.put("Approval id", e.approvalId());
    }
    f.put("Why proposed", why);
    recorder.event(HEADING.format(clock.instant()) + " - decision: " + action.name() + " "
        + d.verdict(), f, runName + ": log decision " + action.name(), issue, null);
  }

  void escalated(RunRecord r, Action action, Decision.Escalate e, String why)
      throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Action", action.describe());
    f.put("Verdict", "escalate (rule " + e.rule() + ")");
    f.put("Reason", e.reason());
    f.put("Why proposed", why);
    f.put("Approval id", e.approvalId());
    f.put("Next", "wait for @" + dri + ": nothing destructive happens until then, and no GPU "
        + "is held for the answer (the run is parked once no trainer runs)");
    drawPlots(r, f);
    recorder.event(heading("escalation " + e.approvalId()), f,
        r.runName + ": log escalation " + e.approvalId(), r.issue,
        "@" + dri + " escalation **" + e.approvalId() + "**: " + action.describe()
            + " was not done. Rule `" + e.rule() + "`: " + e.reason() + ". Approve with `"
            + "babysitter approve " + r.runName + " " + e.approvalId() + "` or comment `/approve "
            + e.approvalId() + "` (or `/deny " + e.approvalId() + "`).");
  }

  /** The issue's comments, or none while the tracker is unreachable (read again next check). */
  java.util.List<dev.babysitter.tools.issues.IssueComment> issueComments(RunRecord r) {
    try {
      return recorder.comments(r.issue);
    } catch (dev.babysitter.tools.issues.IssueTrackerException e) {
      return java.util.List.of();
    }
  }

  /** An approval, denial, expiry, spent approval or ignored command: once, in the logbook. */
  void approvalNote(RunRecord r, Approvals.Note note) throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Detail", note.detail());
    recorder.event(heading(note.what()), f, r.runName + ": log " + note.what(), r.issue,
        note.comment() ? note.detail() : null);
  }

  /**
   * The tracker was unreachable at launch: create the issue now, link it from the logbook and
   * tell the thread what it missed. Quietly waits for the next check while still unreachable.
   */
  void ensureIssue(RunSpec spec, RunRecord r) throws IOException {
    if (r.issue != null) {
      return;
    }
    dev.babysitter.tools.issues.IssueRef issue = recorder.createIssue("Run " + spec.name(),
        spec.dri(), spec.logbook().path());
    if (issue == null) {
      return;
    }
    r.issue = issue;
    int queued = recorder.issueCreated(issue);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Issue", issue.url());
    f.put("Why now", "the issue tracker was unreachable at launch");
    f.put("Queued comments", queued + " (posted first, in order)");
    recorder.event(heading("issue created"), f, r.runName + ": log issue " + issue.url(), issue,
        "run `" + r.runName + "` was launched while the tracker was unreachable; logbook `"
            + spec.logbook().path() + "`. " + (queued == 0 ? "" : "The " + queued
            + " comment(s) above waited for this issue. ") + (r.lastStatus == null ? ""
            : "Latest: `" + r.lastStatus + "`"));
  }

  /** The daily digest: progress, cost, relaunches and what waits for the DRI, in one comment. */
  void digest(RunSpec spec, RunRecord r, Assessment a, double cost) throws IOException {
    long pending = r.escalations.values().stream().filter(e -> "pending".equals(e.status()))
        .count();
    String text = "digest: step " + (a.step() == null ? "?" : a.step()) + "/" + spec.finalStep()
        + ", attempt " + a.memory().attempt() + ", " + r.relaunches.size() + " relaunch(es)"
        + (r.relaunches.isEmpty() ? "" : " (" + String.join(", ", r.relaunches.stream()
            .map(m -> m.signature()).toList()) + ")")
        + String.format(", cost $%.2f", cost)
        + (a.eta() == null ? "" : ", ETA " + dev.babysitter.agent.run.Durations.format(a.eta()))
        + ", " + r.checks + " checks, " + r.detections.size() + " alert(s)"
        + (pending == 0 ? "" : ", " + pending + " escalation(s) waiting for @" + dri) + ".";
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Digest", text);
    String plotted = drawPlots(r, f);
    recorder.event(heading("digest"), f, r.runName + ": log digest", r.issue, text + plotted);
  }

  void relaunched(RunRecord r, Action.Relaunch relaunch) {
    recorder.comment(r.issue, "relaunched (" + relaunch.signature() + ", relaunch "
        + r.relaunches.size() + ") from " + (relaunch.fromCheckpoint() == null ? "scratch"
        : "`" + relaunch.fromCheckpoint() + "`"));
  }

  void sealed(RunSpec spec, RunRecord r, Action.Seal seal, Assessment a) throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Outcome", "done as planned");
    f.put("Final step", String.valueOf(spec.finalStep()));
    f.put("Final checkpoint", seal.finalCheckpoint() + " (complete marker verified)");
    f.put("Final loss", a.progress() == null || a.progress().loss() == null ? "unknown"
        : String.valueOf(a.progress().loss()));
    f.put("Attempts", String.valueOf(a.memory().attempt()));
    f.put("Relaunches", r.relaunches.isEmpty() ? "none" : r.relaunches.size() + " ("
        + String.join(", ", r.relaunches.stream().map(m -> m.signature()).toList()) + ")");
    f.put("Output root", spec.outputRoot());
    f.put("W&B", spec.wandb().id() == null ? "none" : spec.wandb().id()
        + (r.wandbState == null ? "" : " (W&B says " + r.wandbState + " at step " + r.wandbStep
        + ")"));
    f.put("Seal tag", r.runName + "/seal, on the commit that writes this seal");
    f.put("Instance", r.instance == null ? "none" : r.instance.id() + ("torn_down".equals(r.phase)
        ? " (torn down after verification)" : " (kept: teardown.on_done is keep)"));
    f.put("Caveats", r.escalations.isEmpty() ? "none" : r.escalations.size()
        + " escalation(s) during the run");
    f.put("Reads allowed", r.readsAllowed + " (counted, not listed)");
    java.nio.file.Path logbookDir = recorder.logbookFile().toAbsolutePath().normalize()
        .getParent();
    SourcePatches.Sealed patches = SourcePatches.forSeal(r.sourcePatches,
        dev.babysitter.agent.record.RunPlots.dirBeside(recorder.logbookFile(), r.runName),
        logbookDir);
    if (patches.field() != null) {
      f.put("Dirty-tree patch", patches.field());
    }
    dev.babysitter.tools.logbook.TagResult tag;
    String tagProblem = null;
    String plotted = drawPlots(r, f);
    recorder.seal(f, r.issue, null, patches.files());
    try {
      tag = recorder.tagSeal(r.runName + ": sealed at step " + spec.finalStep() + ", final "
          + "checkpoint " + seal.finalCheckpoint());
    } catch (IllegalStateException e) {
      tag = null; // the seal is written; a tag that cannot be made is said, not fatal
      tagProblem = scrub(e.getMessage());
    }
    // Once: a babysitter killed before the record said the seal was written seals again.
    recorder.comment(r.issue, "sealed: reached step " + spec.finalStep() + ", final checkpoint `"
        + seal.finalCheckpoint() + "` verified; " + r.relaunches.size() + " relaunch(es)"
        + (tagProblem != null ? "; no seal tag (" + tagProblem + ")."
        : tag == null ? "." : "; seal tag `" + tag.name() + "` on " + tag.commit()
        .substring(0, Math.min(12, tag.commit().length())) + (tag.pushed() ? " pushed."
        : " not pushed (" + tag.pushProblem() + ").")) + plotted, "seal");
  }

  /**
   * The comment is said once per instance: the record saying torn_down is saved after this, so
   * a babysitter killed in between tears down (a no-op) and says it again.
   */
  void tornDown(RunRecord r, Action.DestroyInstance destroy) throws IOException {
    String comment = "instance `" + destroy.instanceId() + "` torn down: " + destroy.reason();
    String once = "teardown " + destroy.instanceId();
    if (r.sealed) {
      recorder.comment(r.issue, comment, once);
      return; // the seal that follows records the teardown
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Instance", destroy.instanceId());
    f.put("Reason", destroy.reason());
    f.put("Outcome", r.outcome == null ? "unknown" : r.outcome);
    recorder.event(heading("teardown"), f, r.runName + ": log teardown", r.issue, null);
    recorder.comment(r.issue, comment, once);
  }

  /** The run was parked: what, at which step, what it costs now, and how to resume. */
  void parked(RunRecord r, Action.Park park, Long step, double dollarsPerHourBefore,
      String problem) throws IOException {
    String pending = r.escalations.values().stream()
        .filter(e -> "pending".equals(e.status())).map(RunRecord.Escalation::id)
        .findFirst().orElse(null);
    String resume = pending == null ? "nothing is waiting for approval; it stays parked"
        : "approve with `/approve " + pending + "` here or `babysitter approve " + r.runName + " "
        + pending + "` (it starts the instance again and resumes from the newest complete "
        + "checkpoint the escalation names); deny with `/deny " + pending + "`";
    String cost = String.format(java.util.Locale.ROOT, "$%.2f/h now (was $%.2f/h)",
        r.parkedDollarsPerHour, dollarsPerHourBefore);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Instance", park.instanceId() + ": GPUs released, disk and checkpoints kept");
    f.put("At step", step == null ? "unknown" : String.valueOf(step));
    f.put("Reason", park.reason());
    f.put("Cost", cost);
    f.put("Resume", resume);
    if (problem != null) {
      f.put("Caveat", scrub.apply(problem));
    }
    recorder.event(heading("parked"), f, r.runName + ": log parked", r.issue, "**parked** `"
        + park.instanceId() + "` at step " + (step == null ? "?" : step) + " (" + park.reason()
        + "): GPUs released, disk and checkpoints kept, " + cost + ". To resume: " + resume
        + ".");
  }

  /** The supervisor stopped without us: why, where, and the way forward for the DRI. */
  void stopped(RunRecord r, String reason, Long step, String from, String launch, String id)
      throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Reason", scrub.apply(reason == null ? "unknown" : reason));
    f.put("At step", step == null ? "unknown" : String.valueOf(step));
    f.put("Recovery source", from);
    f.put("Proposal", "launch again (" + launch + "), which resumes from " + from);
    f.put("Approval id", id);
    recorder.event(heading("stopped " + id), f, r.runName + ": log stopped " + id, r.issue,
        "@" + dri + " the run **stopped** at step " + (step == null ? "?" : step) + " ("
            + scrub.apply(reason == null ? "unknown" : reason) + "). Nothing runs and no GPU is"
            + " held. To go on: `" + launch + "` resumes from " + from + " (escalation **" + id
            + "**).");
  }

  /** What an agent wrote (its summary, a cap notice): a logbook entry, maybe a comment. */
  /** A note of the babysitter's own, for the logbook only. */
  void note(RunRecord r, String what, String detail) throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Detail", scrub.apply(detail));
    recorder.event(heading(what), f, r.runName + ": log " + what, r.issue, null);
  }

  void agentNote(RunRecord r, String title, String body, String comment) throws IOException {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Agent", scrub.apply(body));
    recorder.event(heading("agent: " + title), f, r.runName + ": log agent " + title, r.issue,
        comment == null ? null : scrub.apply(comment));
  }

  /** Why the logbook's last push failed (its commits wait locally), or null. */
  String pushProblem() {
    return recorder.pushProblem();
  }

  void commitStatus(java.nio.file.Path statusFile, String message) {
    recorder.commitStatus(statusFile, message);
  }

  void statusChanged(RunSpec spec, RunRecord r) {
    onStatus.accept(r);
  }

  private String heading(String what) {
    return HEADING.format(clock.instant()) + " - " + what;
  }

  private static String clip(String text) {
    String one = text.replace('\n', ' ');
    return one.length() > 300 ? one.substring(0, 300) + "…" : one;
  }

  /** Where the run's plots are drawn (loss, throughput, GPU, cost); none by default. */
  public void plotTo(dev.babysitter.agent.record.RunPlots plots) {
    this.plots = plots;
  }

  /** One check's status line, kept for the plots. */
  void observed(RunRecord r, dev.babysitter.agent.watch.StatusLine status) {
    if (plots == null) {
      return;
    }
    try {
      plots.observe(status);
    } catch (IOException | RuntimeException e) {
      // A plot is a view of the record, never a reason to fail a check.
      org.slf4j.LoggerFactory.getLogger(RunJournal.class).warn("{}: plot sample not kept: {}",
          r.runName, e.toString());
    }
  }

  /**
   * Redraws the plots, commits them, and links them from {@code fields} (a logbook entry);
   * returns the sentence for the issue comment, or "" when there is nothing to show.
   */
  private String drawPlots(RunRecord r, Map<String, String> fields) {
    if (plots == null) {
      return "";
    }
    java.util.List<java.nio.file.Path> files;
    try {
      files = plots.refresh();
    } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError
        | InternalError e) { // Java2D without fonts fails with Errors: still only a view
      org.slf4j.LoggerFactory.getLogger(RunJournal.class).warn("{}: plots not drawn: {}",
          r.runName, e.toString());
      return "";
    }
    if (files.isEmpty()) {
      return "";
    }
    recorder.commitFiles(r.runName + ": plots", files);
    fields.put("Plots", String.join(", ", plots.logbookLinks()));
    return " Plots: " + String.join(", ", plots.repoPaths().stream().map(p -> "`" + p + "`")
        .toList()) + ".";
  }
}
