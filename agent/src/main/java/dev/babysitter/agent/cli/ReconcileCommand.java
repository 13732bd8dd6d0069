package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.policy.PolicyLoader;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.Reconciliation;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.Workspace;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.vast.VastClient;
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
 * destroy through the guard.
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

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    VastClient client = vast.client();
    List<RunRecord> records = factory.store().all();
    List<Reconciliation.Proposal> proposals = Reconciliation.plan(client.listInstances(),
        records);
    List<Map<String, Object>> rows = new ArrayList<>();
    int refused = 0;
    for (Reconciliation.Proposal p : proposals) {
      String result = apply ? applyOne(p, factory, client, records) : "proposed";
      refused += result.startsWith("refused") ? 1 : 0;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("action", p.kind().name().toLowerCase());
      row.put("instance", p.instanceId());
      row.put("run", p.runName());
      row.put("status", p.status());
      row.put("dph_total", p.dollarsPerHour());
      row.put("reason", p.reason());
      row.put("result", result);
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

  private String applyOne(Reconciliation.Proposal p, RunFactory factory, VastClient client,
      List<RunRecord> records) throws Exception {
    Optional<RunRecord> record = records.stream().filter(r -> p.runName().equals(r.runName))
        .findFirst();
    if (p.kind() == Reconciliation.Kind.MARK_LOST) {
      RunRecord r = record.orElseThrow();
      r.phase = "failed";
      r.outcome = "lost";
      r.endedAt = Instant.now(clock);
      factory.store().save(r);
      return "marked lost";
    }
    Action destroy = new Action.DestroyInstance(p.instanceId(), "orphan: " + p.reason());
    GuardState guardState = record.map(r -> new GuardState(p.runName(), r.memory.attempt(),
            r.relaunches, r.stallKillsThisAttempt, r.lastDestructiveAt,
            CheckpointCatalog.of("", "x{n}", List.of()), r.rejectedCheckpoints,
            p.dollarsPerHour(), 0, r.approvedIds, null, false))
        .orElse(GuardState.empty(p.runName(), CheckpointCatalog.of("", "x{n}", List.of())));
    Decision decision = new PolicyGuard(policy(factory, record), clock).decide(destroy,
        guardState);
    if (!decision.allowed()) {
      return "refused by rule " + decision.rule() + ": " + decision.reason();
    }
    return client.destroy(Long.parseLong(p.instanceId())) ? "destroyed" : "already gone";
  }

  /** The run's own policy when its spec is readable, else the default one. */
  private static Policy policy(RunFactory factory, Optional<RunRecord> record) throws Exception {
    if (record.isPresent() && record.get().specPath != null) {
      try {
        return factory.policy(RunLookup.spec(record.get()));
      } catch (Exception e) {
        // The spec moved or broke; the default policy still guards the destroy.
      }
    }
    return new PolicyLoader().load(Workspace.installRoot().resolve("policies/default.yaml"));
  }
}
