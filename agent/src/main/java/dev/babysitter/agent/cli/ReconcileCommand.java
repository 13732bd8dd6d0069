package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.policy.PolicyLoader;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.session.Approvals;
import dev.babysitter.agent.session.Reconciliation;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.Workspace;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.vast.VastClient;
import dev.babysitter.tools.vast.VastException;
import dev.babysitter.tools.vast.VastInstance;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code babysitter reconcile}: instances labelled by us that no live run owns, and live runs
 * whose instance Vast no longer has. Prints proposals; {@code --apply} carries them out, each
 * destroy through the guard. An escalated destroy is recorded in the run's record (when there is
 * one) so that {@code babysitter approve RUN ID} can answer it; the next {@code --apply} reads
 * the answer and destroys exactly once.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = "Find orphaned Vast instances and lost runs; propose (or --apply) fixes.")
public final class ReconcileCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Mixin
  VastOptions vast;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--apply", description = "destroy orphans (through the guard), mark lost runs")
  boolean apply;

  @Option(names = "--json", description = "print JSON instead of text")
  boolean json;

  @Option(names = "--slurm", description = "reconcile our Slurm jobs (squeue --me) instead of"
      + " Vast instances")
  boolean slurm;

  Clock clock = Clock.systemUTC();

  /** The policy for orphans without a readable spec; tests point it at a file of theirs. */
  java.nio.file.Path defaultPolicy = Workspace.installRoot().resolve("policies/default.yaml");

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    dev.babysitter.agent.run.RunStore.Listing listing = factory.store().list();
    List<RunRecord> records = listing.records();
    dev.babysitter.tools.provider.slurm.SlurmProvider slurmJobs = slurm
        ? new dev.babysitter.tools.provider.slurm.SlurmProvider(
            new dev.babysitter.tools.provider.slurm.SlurmSettings(1, null, null, null,
                java.time.Duration.ofHours(1), null, null, factory.workspace().instances(),
                Map.of())) : null;
    VastClient client = slurm ? null : vast.client();
    List<Reconciliation.Proposal> proposals;
    try {
      proposals = slurm ? dev.babysitter.agent.session.SlurmReconciliation.plan(
          slurmJobs.labelledJobs(), records) : Reconciliation.plan(client.listInstances(), records);
    } catch (VastException e) {
      throw VastFailure.of(e);
    } catch (java.io.IOException e) {
      throw new UserException("reconcile --slurm: " + e.getMessage(), ExitCodes.FAILURE);
    }
    // A run whose record cannot be read may well own its instance: never call it an orphan.
    java.util.Set<String> unreadable = new java.util.HashSet<>();
    for (dev.babysitter.agent.run.UnreadableRecordException u : listing.unreadable()) {
      unreadable.add(u.runName());
      spec.commandLine().getErr().println("babysitter: " + u.getMessage()
          + "; its instances are left alone");
    }
    proposals = proposals.stream().filter(p -> !unreadable.contains(p.runName())).toList();
    List<Map<String, Object>> rows = new ArrayList<>();
    int refused = 0;
    for (Reconciliation.Proposal p : proposals) {
      Result result;
      try {
        result = !apply ? new Result("proposed", null, false)
            : slurm ? applySlurm(p, factory, slurmJobs, records)
            : applyOne(p, factory, client, records);
      } catch (VastException e) {
        // One failed call must not hide the other proposals; the exit code still says so.
        result = new Result("failed: " + e.getMessage(), null, true);
      }
      refused += result.refused() ? 1 : 0;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("action", p.kind().name().toLowerCase());
      row.put("instance", p.instanceId());
      row.put("run", p.runName());
      row.put("status", p.status());
      row.put("dph_total", p.dollarsPerHour());
      row.put("reason", p.reason());
      row.put("result", result.text());
      row.put("approval_id", result.approvalId());
      rows.add(row);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(rows));
    } else if (rows.isEmpty()) {
      out.println("nothing to reconcile: every babysitter instance has a live run, and every"
          + " live run has its instance");
    } else {
      for (Map<String, Object> r : rows) {
        out.printf("%s instance %s (run %s, %s, $%.3f/h): %s -> %s%n", r.get("action"),
            r.get("instance"), r.get("run"), r.get("status"), (Double) r.get("dph_total"),
            r.get("reason"), r.get("result"));
      }
      if (!apply) {
        out.println("nothing was changed; run with --apply to act (destroys go through the"
            + " guard)");
      }
    }
    out.flush();
    return refused > 0 ? ExitCodes.REFUSED : ExitCodes.OK;
  }

  /** What applying one proposal did; {@code refused} when it was not carried out. */
  private record Result(String text, String approvalId, boolean refused) {}

  private Result applyOne(Reconciliation.Proposal p, RunFactory factory, VastClient client,
      List<RunRecord> records) throws Exception {
    Optional<RunRecord> record = records.stream().filter(r -> p.runName().equals(r.runName))
        .findFirst();
    Instant now = Instant.now(clock);
    if (p.kind() == Reconciliation.Kind.MARK_LOST) {
      return markLost(p, record.orElseThrow(), factory, client, now);
    }
    Optional<RunSpec> runSpec = spec(record);
    Policy policy = policy(factory, runSpec);
    // Only the DRI's answers count; without a readable spec nobody's do.
    String dri = runSpec.map(RunSpec::dri).orElse("");
    // A live run's record belongs to its babysitter, which saves it at every check: writing it
    // here could undo the babysitter's newer state, so only finished runs' records are touched.
    Optional<RunRecord> ours = record.filter(RunRecord::finished);
    if (ours.isPresent()) {
      // Answers given with `babysitter approve` since the last --apply: no babysitter loop runs
      // for a finished run, so nobody else would read them.
      new Approvals(ApprovalFile.of(factory.store(), p.runName()), policy.approvalTtl(), dri)
          .collect(ours.get(), List.of(), now);
    }
    Action destroy = new Action.DestroyInstance(p.instanceId(), "orphan: " + p.reason());
    GuardState guardState = record.map(r -> FinishedRunEscalation.fromRecord(p.runName(), r,
            p.dollarsPerHour(), false))
        .orElse(GuardState.empty(p.runName(), CheckpointCatalog.empty()));
    Decision decision = new PolicyGuard(policy, clock).decide(destroy, guardState);
    if (decision instanceof Decision.Escalate escalate) {
      return escalated(escalate, destroy, record, factory, now);
    }
    if (!decision.allowed()) {
      return new Result("refused by rule " + decision.rule() + ": " + decision.reason(), null,
          true);
    }
    boolean destroyed = client.destroy(Long.parseLong(p.instanceId()));
    if (ours.isPresent()) {
      RunRecord r = ours.get();
      if (decision instanceof Decision.Allow allow) {
        new Approvals(ApprovalFile.of(factory.store(), p.runName()), policy.approvalTtl(), dri)
            .consume(r, allow.approvalsUsed(), destroy.describe());
      }
      r.lastDestructiveAt = now;
      r.lastAction = "reconcile: " + (destroyed ? "destroyed" : "found gone")
          + " orphan instance " + p.instanceId();
      factory.store().save(r);
    }
    return new Result(destroyed ? "destroyed" : "already gone", null, false);
  }

  /**
   * The guard wants the DRI. The escalation goes into the finished run's record, where
   * {@code babysitter approve} finds it; without a record there is nowhere to keep an approval,
   * and the instance may belong to another state directory, so a person decides by hand.
   */
  private Result escalated(Decision.Escalate escalate, Action destroy,
      Optional<RunRecord> record, RunFactory factory, Instant now) throws Exception {
    String id = escalate.approvalId();
    if (record.isEmpty()) {
      return new Result(FinishedRunEscalation.head(escalate) + "; not destroyed. No run record here can hold the approval: if"
          + " the instance is nobody's, destroy it in the Vast console", id, true);
    }
    FinishedRunEscalation.Outcome o = FinishedRunEscalation.raise(factory.store(), record.get(),
        escalate, destroy, "run reconcile --apply again", now);
    return new Result(o.text(), id, true);
  }

  /**
   * The list said the instance is gone; a list can lag (a new instance shows up late), so ask
   * for the instance itself before the record gives up on it.
   */
  private Result markLost(Reconciliation.Proposal p, RunRecord r, RunFactory factory,
      VastClient client, Instant now) throws Exception {
    Optional<VastInstance> shown = client.showInstance(Long.parseLong(p.instanceId()));
    if (shown.isPresent()) {
      return new Result("kept: Vast still shows instance " + p.instanceId() + " ("
          + shown.get().actualStatus() + "); the list lagged, nothing changed", null, false);
    }
    String was = r.phase;
    r.phase = "failed";
    r.outcome = "lost";
    r.endedAt = now;
    r.lastAction = "reconcile: marked lost";
    // In the status line's shape, so `babysitter status` shows why the run stopped.
    r.remember(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " run=" + r.runName
        + " state=LOST instance=" + p.instanceId() + " Vast no longer has the instance (the"
        + " record said " + was + "); marked failed by babysitter reconcile");
    factory.store().save(r);
    return new Result("marked lost", null, false);
  }

  /**
   * A Slurm orphan is cancelled through the guard as a Vast one is destroyed; a lost run is
   * marked only once Slurm says the job itself is no longer alive (squeue's list can lag too).
   */
  private Result applySlurm(Reconciliation.Proposal p, RunFactory factory,
      dev.babysitter.tools.provider.slurm.SlurmProvider jobs, List<RunRecord> records)
      throws Exception {
    Optional<RunRecord> record = records.stream().filter(r -> p.runName().equals(r.runName))
        .findFirst();
    Instant now = Instant.now(clock);
    dev.babysitter.tools.provider.Instance instance = new dev.babysitter.tools.provider.Instance(
        p.instanceId(), p.runName(), "slurm", "", "", 0, "");
    if (p.kind() == Reconciliation.Kind.MARK_LOST) {
      if (jobs.state(instance).alive()) {
        return new Result("kept: Slurm still has " + p.instanceId() + " ("
            + jobs.job(instance).describe() + "); nothing changed", null, false);
      }
      RunRecord r = record.orElseThrow();
      r.phase = "failed";
      r.outcome = "lost";
      r.endedAt = now;
      r.lastAction = "reconcile: marked lost";
      factory.store().save(r);
      return new Result("marked lost", null, false);
    }
    Action destroy = new Action.DestroyInstance(p.instanceId(), "orphan: " + p.reason());
    GuardState guardState = record.map(r -> FinishedRunEscalation.fromRecord(p.runName(), r,
            p.dollarsPerHour(), false))
        .orElse(GuardState.empty(p.runName(), CheckpointCatalog.empty()));
    Decision decision = new PolicyGuard(policy(factory, spec(record)), clock).decide(destroy,
        guardState);
    if (decision instanceof Decision.Escalate escalate) {
      return escalated(escalate, destroy, record, factory, now);
    }
    if (!decision.allowed()) {
      return new Result("refused by rule " + decision.rule() + ": " + decision.reason(), null,
          true);
    }
    jobs.destroy(instance);
    return new Result("cancelled", null, false);
  }

  /** The run's own policy when it loads, else the default one. */
  private Policy policy(RunFactory factory, Optional<RunSpec> runSpec) throws Exception {
    if (runSpec.isPresent()) {
      try {
        return factory.policy(runSpec.get());
      } catch (Exception e) {
        // The policy file moved or broke: the default policy still guards the destroy.
      }
    }
    return new PolicyLoader().load(defaultPolicy);
  }

  /**
   * The run's spec when its record names a readable one: its policy guards the destroy and its
   * DRI answers escalations. Empty otherwise; then the default policy guards it.
   */
  private static Optional<RunSpec> spec(Optional<RunRecord> record) {
    if (record.isPresent() && record.get().specPath != null) {
      try {
        return Optional.of(RunLookup.spec(record.get()));
      } catch (Exception e) {
        // The spec moved or broke: the default policy still guards the destroy.
      }
    }
    return Optional.empty();
  }
}
