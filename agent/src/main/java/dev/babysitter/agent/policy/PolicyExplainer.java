package dev.babysitter.agent.policy;

import dev.babysitter.agent.run.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The rules of a policy in plain words, in the order the guard applies them. */
public final class PolicyExplainer {
  private PolicyExplainer() {}

  public static List<String> explain(Policy p) {
    List<String> out = new ArrayList<>();
    out.add("Policy " + p.name() + ": " + p.description());
    out.add("");
    out.add("The guard decides every action in this order; the first rule that objects wins, and"
        + " a rule that fails denies the action:");
    int n = 1;
    out.add(n++ + ". person-hold: while a person's hold from the run's mailbox is set (\"don't"
        + " relaunch before I look\"), relaunch, kill, destroy, switch, launch and checkpoint"
        + " deletion go to the DRI.");
    out.add(n++ + ". never-relaunch: a run that failed with " + String.join(", ", p.neverRelaunch())
        + " is never relaunched automatically; the DRI decides." + resumeRule(p));
    out.add(n++ + ". same-step: a failure within " + p.hero().sameStepWindow() + " steps (or"
        + " that many steps' worth of data, where the log shows consumed samples, tokens or the"
        + " epoch) of an earlier relaunched failure is a deterministic bug: the DRI decides,"
        + " whatever the budget below says.");
    Policy.RetryRules r = p.retries();
    Map<String, Integer> budgets = new TreeMap<>(r.perSignature());
    StringBuilder b = new StringBuilder();
    budgets.forEach((sig, k) -> b.append(b.length() == 0 ? "" : ", ").append(sig).append(' ')
        .append(k));
    out.add(n++ + ". retry-budget: within any " + words(r.window()) + ", at most " + r.total()
        + " relaunches in total, and per failure signature: " + b + "; any other signature "
        + r.defaultBudget() + ". A spent budget escalates to the DRI.");
    out.add(n++ + ". complete-checkpoint: resume only from the newest complete checkpoint "
        + "(marker present), ordered by numeric step then time, never from a rejected lineage;"
        + " an older one (rollback) needs the DRI; never restart from scratch while a complete"
        + " checkpoint exists.");
    out.add(n++ + ". escalation-ladder: rerun, then dependency fix, are automatic; a config "
        + "change or reduction, and an instance switch, need the DRI.");
    out.add(n++ + ". delete-checkpoint: deleting any checkpoint needs the DRI.");
    out.add(n++ + ". seal-verified: a run is sealed only when its final checkpoint is complete.");
    out.add(n++ + ". stall-kill-once: a stalled trainer is killed at most "
        + p.stallKillsPerAttempt() + " time(s) per attempt; after that the DRI decides.");
    out.add(n++ + String.format(". spend-cap: no launch above $%.2f/h, and no launch or relaunch"
        + " once the run has cost $%.2f; both escalate.", p.spend().maxDollarsPerHour(),
        p.spend().maxTotalUsd()));
    out.add(n++ + String.format(". projected-cost: a launch or relaunch whose cost so far plus"
        + " the current $/h times the ETA would exceed $%.2f escalates.", p.spend().maxTotalUsd()));
    out.add(n++ + ". synced-before-destroy: " + (p.escalate().unsyncedDestroy()
        ? "destroying or switching an instance whose newest checkpoint is not yet on durable "
            + "storage needs the DRI." : "off: instances may be destroyed before their "
            + "newest checkpoint is synced."));
    List<String> strict = new ArrayList<>();
    if (p.escalate().destructive()) {
      strict.add("every destructive action (kill, destroy, switch, delete)");
    }
    if (p.escalate().relaunch()) {
      strict.add("every relaunch");
    }
    out.add(n++ + ". strict-escalation: " + (strict.isEmpty() ? "off: routine actions within "
        + "the rules above need nobody." : String.join(" and ", strict) + " needs the DRI."));
    out.add(n++ + ". destructive-rate: at most one destructive action per "
        + words(p.destructiveMinInterval()) + ".");
    out.add("");
    out.add("DRI approvals: an escalation posts an approval id and waits; only the DRI's "
        + "`babysitter approve RUN ID`, or a `/approve ID` comment by the DRI's login, counts "
        + "(`/deny ID` refuses for good). An approval is used once and expires after "
        + words(p.approvalTtl()) + ".");
    out.add("Watching: checks at " + p.cadence().early().stream().map(Durations::format).toList()
        + " early, every " + words(p.cadence().cruise()) + " when healthy, every "
        + words(p.cadence().alert()) + " on alert; a stall is step unchanged for "
        + p.alerts().stallChecks() + " checks with logs older than "
        + words(p.alerts().staleAfter()) + " and GPU below " + p.alerts().stallGpuUtilBelow()
        + " % (without GPU telemetry: no progress for " + words(p.alerts().staleWithoutGpu())
        + "). Silent phases are not stalls: before an attempt's first progress line it waits "
        + words(p.alerts().startupGrace()) + ", after the final step "
        + words(p.alerts().exitGrace()) + " for the trainer to exit, and an eval or checkpoint"
        + " save at the end of the log adds " + words(p.alerts().saveGrace()) + ".");
    out.add("On the instance: the supervisor may apply " + p.supervisor().maxAutoFixes()
        + " automatic fix(es); if the watcher misses its lease for "
        + words(p.leaseGrace()) + " the instance destroys itself; an idle instance waiting for"
        + " the DRI is torn down after " + words(p.idleTeardownGrace())
        + " when teardown.on_failed is destroy.");
    out.add("Issue digest: a short progress and cost summary every " + words(p.digestEvery())
        + ".");
    return out;
  }

  private static String words(Duration d) {
    return Durations.format(d);
  }

  private static String resumeRule(Policy p) {
    Policy.ResumeLossRules r = p.alerts().resumeLoss();
    return String.format(java.util.Locale.ROOT, " A resume counts as a loss mismatch when a "
        + "replayed step's loss differs from the lineage by more than %s, or, %d steps past the "
        + "resume point and past the replayed steps, the loss sits more than %.1f%% above where "
        + "the lineage left off and more than the lineage's own step-to-step noise explains "
        + "(3 standard errors).", r.catchUpAbs(), r.warmupSteps(), r.relative() * 100);
  }
}
