package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.InvalidPolicyException;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.logs.SecretScrubber;
import dev.babysitter.tools.issues.IssueRef;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceProvider;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.supervisor.SupervisorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a run: validates what the seeds ask to see before launch, opens the logbook and the
 * issue, asks the guard, starts the supervisor, records the instance and returns. It never
 * waits for the run and never destroys anything when it exits.
 */
public final class RunLauncher {
  private static final DateTimeFormatter HEADING =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final RunFactory factory;
  private final Clock clock;

  public RunLauncher(RunFactory factory, Clock clock) {
    this.factory = factory;
    this.clock = clock;
  }

  /** The outcome: a new or already-running instance, or the guard's refusal. */
  public record Result(RunRecord record, Instance instance, boolean alreadyRunning,
      Decision refusal, Map<String, String> validated) {}

  public Result launch(RunSpec spec, Path specFile, Path workDir)
      throws IOException, InvalidPolicyException, UnsupportedProviderException {
    Policy policy = factory.policy(spec);
    InstanceProvider provider = factory.provider(spec);
    Optional<Instance> live = provider.find(spec.name());
    RunRecord record = factory.store().load(spec.name()).orElseGet(RunRecord::new);
    if (live.isPresent() && record.instance != null
        && record.instance.id().equals(live.get().id())) {
      return new Result(record, live.get(), true, null, Map.of()); // never a duplicate
    }
    // Up, but no record holds it: a launch killed between the provider's act and the record's
    // save (its decision was made and audited then). Never a second instance: this one is
    // recorded as that launch would have (found by bench chaos --only kill9: babysit refused
    // the run as never launched while it trained unwatched).
    Instance adopted = live.orElse(null);
    SecretScrubber scrubber = factory.scrubber(spec);
    Recorder recorder = factory.recorder(spec, scrubber::scrub);
    record.runName = spec.name();
    record.specPath = specFile.toAbsolutePath().normalize().toString();
    IssueRef before = record.issue;
    record.issue = recorder.open("Run " + spec.name(), contract(spec), record.issue,
        spec.logbook().path());
    if (before == null && record.issue != null) {
      // Kept before anything else happens: a launch killed from here on is launched again,
      // and that one must post to this issue, not open a second (found by kill9).
      factory.store().save(record);
    }
    LaunchCheck.Outcome check = LaunchCheck.of(spec, workDir, record.launchedSpec,
        scrubber::scrub);
    SourceIdentity source = check.source();
    Decision refused = adopted != null ? null : validate(spec, policy, record, recorder, check);
    if (refused != null) {
      factory.store().save(record);
      return new Result(record, null, false, refused, check.shown());
    }
    Instance instance = adopted;
    if (instance == null) {
      Action launch = new Action.LaunchInstance(spec.name(), 0.0);
      // The run's own cap is checked here, once: above the policy's total it needs the DRI.
      Decision decision = new PolicyGuard(policy, clock).decide(launch, new GuardState(spec.name(),
          1, List.of(), 0, null, CheckpointCatalog.empty(), java.util.Set.of(), 0, 0,
          record.approvedIds, null, false).withRunCap(spec.limits().maxCostUsd()));
      RunJournal.audit(recorder, clock, spec.name(), record.issue, launch, decision,
          "babysitter launch");
      if (decision instanceof Decision.Escalate e
          && Approvals.mayRaiseAgain(record.escalations.get(e.approvalId()))) {
        record.escalations.put(e.approvalId(), new RunRecord.Escalation(e.approvalId(), e.rule(),
            e.reason(), launch.describe(), clock.instant(), "pending"));
        recorder.comment(record.issue, "@" + spec.dri() + " escalation **" + e.approvalId()
            + "**: " + launch.describe() + " was not done. Rule `" + e.rule() + "`: " + e.reason()
            + ". Approve with `babysitter approve " + spec.name() + " " + e.approvalId()
            + "` and launch again.");
      }
      if (!decision.allowed()) {
        factory.store().save(record);
        return new Result(record, null, false, decision, check.shown());
      }
      if (decision instanceof Decision.Allow allow && !allow.approvalsUsed().isEmpty()) {
        new Approvals(ApprovalFile.of(factory.store(), spec.name()), policy.approvalTtl(),
            spec.dri()).consume(record, allow.approvalsUsed(), launch.describe());
      }
      instance = provider.launch(new LaunchRequest(spec.name(),
          supervisorConfig(spec, policy, workDir), check.shipped()));
    }
    Instant now = clock.instant();
    record.instance = instance;
    record.launchedAt = now;
    record.endedAt = null;
    record.phase = "running";
    record.outcome = null;
    record.sealed = false;
    record.memory = WatchMemory.fresh(1);
    record.eventsOffset = 0;
    record.openAlerts.clear();
    record.launchedSpec = new java.util.TreeMap<>(check.snapshot());
    record.lastDigestAt = null; // the daily digest counts from this launch
    RunRecord.SourcePatch patch = spec.source().allowDirty() ? SourcePatches.keep(
        factory.store().dirOf(spec.name()), source, record.sourcePatches, scrubber::scrub, now)
        : null; // an approved dirty tree: its patch waits in the state dir for the seal commit
    if (patch != null) {
      record.sourcePatches.add(patch);
    }
    // Said before the record holds the instance, once per instance: a launch killed after the
    // save is never launched again (babysit takes the run over), so it would never be said;
    // killed before it, the next launch adopts the instance and finds it said.
    recorder.comment(record.issue, "launched `" + instance.id() + "` (" + instance.hardware()
        + "); logbook `" + spec.logbook().path() + "`; final step " + spec.finalStep()
        + "; teardown on done: " + spec.teardown().onDone() + ".", "launch " + instance.id());
    factory.store().save(record);
    Map<String, String> fields = new LinkedHashMap<>(check.shown());
    SourcePatches.describe(patch, fields);
    fields.put("Source bundle/container", "local work tree " + workDir);
    fields.put("Hardware/topology", instance.hardware());
    fields.put("Babysitter/check cadence", "policy " + policy.name() + ": early "
        + policy.cadence().early().stream().map(Durations::format).toList() + ", cruise "
        + Durations.format(policy.cadence().cruise()) + ", alert "
        + Durations.format(policy.cadence().alert()) + ", plus the event stream");
    fields.put("Dead-man switch", "auto-destroy after "
        + Durations.format(spec.limits().autoDestroyAfter()) + ", or when the watcher's lease"
        + " lapses for " + Durations.format(policy.leaseGrace()));
    if (!spec.notifications().webhookEnvs().isEmpty()) {
      List<String> told = new java.util.ArrayList<>(recorder.notifications().describe());
      told.addAll(recorder.notifications().problems());
      fields.put("Notifications", String.join("; ", told));
    }
    fields.put("W&B watch", factory.wandbLaunchNote(spec)); // said once, here
    recorder.instance(HEADING.format(now) + " - " + instance.id(), fields,
        spec.name() + ": log launch");
    return new Result(record, instance, adopted != null, null, check.shown());
  }

  /**
   * Seed 004's pre-launch gate: every problem refuses (rule launch-validation); drift from the
   * previously launched spec is written to the logbook as a diff and escalates (rule
   * config-drift) until the DRI approves exactly that diff. Null: go ahead.
   */
  private Decision validate(RunSpec spec, Policy policy, RunRecord record, Recorder recorder,
      LaunchCheck.Outcome check) throws IOException {
    Instant now = clock.instant();
    Approvals approvals = new Approvals(ApprovalFile.of(factory.store(), spec.name()),
        policy.approvalTtl(), spec.dri());
    List<dev.babysitter.tools.issues.IssueComment> comments = List.of();
    try {
      comments = recorder.comments(record.issue);
    } catch (dev.babysitter.tools.issues.IssueTrackerException e) {
      // unreachable tracker: CLI approvals still count; comments are read next time
    }
    for (Approvals.Note note : approvals.collect(record, comments, now)) {
      recorder.event(HEADING.format(now) + " - " + note.what(), Map.of("Detail", note.detail()),
          spec.name() + ": log " + note.what(), record.issue, note.comment() ? note.detail()
              : null);
    }
    Action launch = new Action.LaunchInstance(spec.name(), 0.0);
    if (!check.problems().isEmpty()) {
      Decision deny = new Decision.Deny("launch-validation", String.join("; ",
          check.problems()));
      RunJournal.audit(recorder, clock, spec.name(), record.issue, launch, deny,
          "babysitter launch: pre-launch validation");
      return deny;
    }
    if (check.drift().isEmpty()) {
      return null;
    }
    String diff = String.join("; ", check.drift());
    String id = PolicyGuard.approvalId(spec.name(), 0, "launch with config drift: " + diff,
        "config-drift");
    if (record.approvedIds.contains(id)) {
      for (Approvals.Note note : approvals.consume(record, java.util.Set.of(id),
          "launch with config drift")) {
        recorder.event(HEADING.format(now) + " - " + note.what(),
            Map.of("Detail", note.detail(), "Diff", diff), spec.name() + ": log " + note.what(),
            record.issue, null);
      }
      return null;
    }
    Decision.Escalate escalate = new Decision.Escalate("config-drift", "the spec differs from"
        + " the one launched before: " + diff, id);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("Action", "launch " + spec.name() + " with a changed spec");
    f.put("Verdict", "escalate (rule config-drift)");
    f.put("Diff", diff);
    f.put("Approval id", id);
    f.put("Next", "launch again after @" + spec.dri() + " approves: babysitter approve "
        + spec.name() + " " + id);
    boolean raise = Approvals.mayRaiseAgain(record.escalations.get(id));
    if (raise) {
      record.escalations.put(id, new RunRecord.Escalation(id, "config-drift", escalate.reason(),
          "launch with config drift: " + diff, now, "pending"));
    }
    recorder.event(HEADING.format(now) + " - config drift " + id, f,
        spec.name() + ": log config drift " + id, record.issue, raise ? "@" + spec.dri()
            + " escalation **" + id + "**: the relaunch of `" + spec.name() + "` changes its "
            + "spec (" + diff + "). Nothing was launched. Approve with `babysitter approve "
            + spec.name() + " " + id + "` or comment `/approve " + id + "`." : null);
    return escalate;
  }

  static Map<String, String> contract(RunSpec spec) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("DRI", spec.dri());
    c.put("Goal", spec.goal() == null ? "(none given)" : spec.goal());
    c.put("Stop/escalation criteria", "policy " + spec.policy() + "; min steps "
        + (spec.minSteps() == null ? "none" : spec.minSteps()) + "; max cost "
        + (spec.limits().maxCostUsd() == null ? "none" : "$" + spec.limits().maxCostUsd()));
    c.put("W&B", spec.wandb().id() == null ? "none" : spec.wandb().id() + " (resume "
        + spec.wandb().resume() + ")");
    c.put("Output root", spec.outputRoot());
    c.put("Final step", String.valueOf(spec.finalStep()));
    c.put("Teardown", "on done: " + spec.teardown().onDone() + ", on failed: "
        + spec.teardown().onFailed());
    return c;
  }

  /** What a launch of this spec asks the provider for, without the launch's checks. */
  LaunchRequest freshRequest(RunSpec spec, Policy policy, Path workDir) throws IOException {
    return new LaunchRequest(spec.name(), supervisorConfig(spec, policy, workDir),
        ShippedCode.collect(workDir, spec.source().ship()).files());
  }

  private SupervisorConfig supervisorConfig(RunSpec spec, Policy policy, Path workDir) {
    String pattern = spec.checkpoints().pattern();
    Duration lease = spec.limits().leaseTimeout() == null ? Duration.ofMinutes(30)
        : spec.limits().leaseTimeout();
    Map<String, String> extra = new LinkedHashMap<>(spec.env());
    // A Python trainer whose stdout is a file buffers 4-8 KB: progress would arrive in bursts
    // and look stale between them. The spec's env can still say otherwise.
    extra.putIfAbsent("PYTHONUNBUFFERED", "1");
    extra.put("OOM_REDUCE_EVAL_BATCH", policy.supervisor().oomReduceEvalBatch() ? "1" : "0");
    extra.put("STARTUP_GRACE_S", Long.toString(policy.alerts().startupGrace().toSeconds()));
    extra.put("STALE_NO_GPU_AFTER_S", Long.toString(policy.alerts().staleWithoutGpu().toSeconds()));
    return new SupervisorConfig(spec.name(), spec.resolvedCommand(), workDir.toString(),
        spec.outputRoot(), spec.resolvedCheckpointDir(),
        pattern.substring(0, pattern.indexOf("{n}")), spec.checkpointLayout().marker(),
        spec.finalStep(), spec.resolvedLog(), policy.supervisor().maxAutoFixes(),
        spec.limits().autoDestroyAfter().toSeconds(), lease.toSeconds(),
        policy.supervisor().staleAfter().toSeconds(), policy.supervisor().heartbeat().toSeconds(),
        "", factory.fakeGpuBin() == null ? "" : factory.fakeGpuBin().toString(), extra).withCheckpointLayout(spec.checkpointLayout())
        .withSetup(spec.resolvedSetup())
        .withSync(spec.resolvedSync());
  }

}
