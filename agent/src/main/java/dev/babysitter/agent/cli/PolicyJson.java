package dev.babysitter.agent.cli;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.policy.PolicyExplainer;
import dev.babysitter.agent.run.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code guard explain --json}: the same explanation as the text, as data. The words come from
 * {@link PolicyExplainer} (one source, so the two cannot drift); each rule and section adds the
 * policy's numbers it states. Durations are written as the policy file writes them (24h, 5m).
 */
final class PolicyJson {
  private static final Pattern RULE = Pattern.compile("^(\\d+)\\. ([a-z-]+): (.*)$");
  private static final Pattern SECTION = Pattern.compile("^([A-Z][A-Za-z ]*): (.*)$");

  private PolicyJson() {}

  static Map<String, Object> of(Policy p, String file) {
    Map<String, Object> out = JsonOut.object("policy", p.name(), "description", p.description(),
        "file", file);
    List<Map<String, Object>> rules = new ArrayList<>();
    Map<String, Object> sections = new LinkedHashMap<>();
    List<String> lines = PolicyExplainer.explain(p);
    for (String line : lines.subList(1, lines.size())) { // the first names the policy
      Matcher rule = RULE.matcher(line);
      Matcher section = SECTION.matcher(line);
      if (rule.matches()) {
        rules.add(JsonOut.object("order", Integer.parseInt(rule.group(1)), "rule",
            rule.group(2), "explanation", rule.group(3), "limits", limits(p, rule.group(2))));
      } else if (section.matches() && !rules.isEmpty()) {
        String key = section.group(1).toLowerCase(Locale.ROOT).replace(' ', '_');
        Map<String, Object> s = JsonOut.object("explanation", section.group(2));
        s.putAll(sectionValues(p, key));
        sections.put(key, s);
      }
    }
    out.put("rules", rules);
    out.putAll(sections);
    return out;
  }

  /** The numbers a rule's words state, from the policy; none for the fixed rules. */
  private static Map<String, Object> limits(Policy p, String rule) {
    return switch (rule) {
      case "never-relaunch" -> JsonOut.object("signatures", p.neverRelaunch(),
          "resume_loss_catch_up_abs", p.alerts().resumeLoss().catchUpAbs(),
          "resume_loss_relative", p.alerts().resumeLoss().relative(),
          "resume_loss_warmup_steps", p.alerts().resumeLoss().warmupSteps());
      case "same-step" -> JsonOut.object("window_steps", p.hero().sameStepWindow());
      case "retry-budget" -> JsonOut.object("window", d(p.retries().window()), "total",
          p.retries().total(), "per_signature", new TreeMap<>(p.retries().perSignature()),
          "default_budget", p.retries().defaultBudget());
      case "stall-kill-once" -> JsonOut.object("kills_per_attempt", p.stallKillsPerAttempt());
      case "spend-cap" -> JsonOut.object("max_dollars_per_hour", p.spend().maxDollarsPerHour(),
          "max_total_usd", p.spend().maxTotalUsd());
      case "projected-cost" -> JsonOut.object("max_total_usd", p.spend().maxTotalUsd());
      case "synced-before-destroy" -> JsonOut.object("enabled", p.escalate().unsyncedDestroy());
      case "strict-escalation" -> JsonOut.object("destructive", p.escalate().destructive(),
          "relaunch", p.escalate().relaunch());
      case "destructive-rate" -> JsonOut.object("min_interval", d(p.destructiveMinInterval()));
      default -> JsonOut.object();
    };
  }

  private static Map<String, Object> sectionValues(Policy p, String key) {
    Policy.AlertRules a = p.alerts();
    return switch (key) {
      case "dri_approvals" -> JsonOut.object("approval_ttl", d(p.approvalTtl()));
      case "watching" -> JsonOut.object("early", p.cadence().early().stream()
              .map(PolicyJson::d).toList(), "cruise", d(p.cadence().cruise()),
          "alert", d(p.cadence().alert()), "stall_checks", a.stallChecks(),
          "stale_after", d(a.staleAfter()), "stall_gpu_util_below", a.stallGpuUtilBelow(),
          "stale_without_gpu", d(a.staleWithoutGpu()), "startup_grace", d(a.startupGrace()),
          "exit_grace", d(a.exitGrace()), "save_grace", d(a.saveGrace()));
      case "on_the_instance" -> JsonOut.object("max_auto_fixes", p.supervisor().maxAutoFixes(),
          "lease_grace", d(p.leaseGrace()), "idle_teardown_grace", d(p.idleTeardownGrace()));
      case "issue_digest" -> JsonOut.object("every", d(p.digestEvery()));
      default -> JsonOut.object();
    };
  }

  private static String d(Duration duration) {
    return Durations.format(duration);
  }
}
