package dev.babysitter.agent.guard;

import dev.babysitter.agent.guard.checks.CompleteCheckpointCheck;
import dev.babysitter.agent.guard.checks.DeleteCheckpointCheck;
import dev.babysitter.agent.guard.checks.DestructiveRateCheck;
import dev.babysitter.agent.guard.checks.HoldCheck;
import dev.babysitter.agent.guard.checks.LadderCheck;
import dev.babysitter.agent.guard.checks.NeverRelaunchCheck;
import dev.babysitter.agent.guard.checks.ProjectedCostCheck;
import dev.babysitter.agent.guard.checks.RetryBudgetCheck;
import dev.babysitter.agent.guard.checks.SealCheck;
import dev.babysitter.agent.guard.checks.SpendCheck;
import dev.babysitter.agent.guard.checks.StallKillCheck;
import dev.babysitter.agent.guard.checks.StrictEscalationCheck;
import dev.babysitter.agent.guard.checks.SyncedCheckpointCheck;
import dev.babysitter.agent.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * Decides whether an action may happen. Runs every check in order: a refusal wins, naming its
 * rule; otherwise every rule that wants the DRI goes into one escalation (one approval id for
 * them all, so a person is asked once); a check that throws denies, naming itself (fail closed). Pure: it reads only the action, the
 * state snapshot, the policy and the clock.
 */
public final class PolicyGuard {
  private final Policy policy;
  private final Clock clock;
  private final List<PolicyCheck> checks;

  public PolicyGuard(Policy policy, Clock clock) {
    this(policy, clock, List.of(new HoldCheck(), new NeverRelaunchCheck(),
        new dev.babysitter.agent.guard.checks.SameStepCheck(), new RetryBudgetCheck(),
        new CompleteCheckpointCheck(), new LadderCheck(), new DeleteCheckpointCheck(), new SealCheck(),
        new StallKillCheck(), new SpendCheck(), new ProjectedCostCheck(),
        new SyncedCheckpointCheck(), new StrictEscalationCheck(), new DestructiveRateCheck()));
  }

  public PolicyGuard(Policy policy, Clock clock, List<PolicyCheck> checks) {
    this.policy = policy;
    this.clock = clock;
    this.checks = List.copyOf(checks);
  }

  public Decision decide(Action action, GuardState state) {
    List<String> notes = new java.util.ArrayList<>();
    java.util.Set<String> used = new java.util.TreeSet<>();
    List<Decision.Escalate> asks = new java.util.ArrayList<>();
    for (PolicyCheck check : checks) {
      Decision decision;
      try {
        decision = check.check(action, state, policy, clock.instant());
      } catch (RuntimeException e) {
        return new Decision.Deny(check.name(), "check failed, denying to stay safe: " + e);
      }
      if (decision instanceof Decision.Escalate escalate && escalate.approvalId() == null) {
        decision = new Decision.Escalate(escalate.rule(), escalate.reason(),
            approvalId(state, action, escalate.rule()));
      }
      if (decision instanceof Decision.Escalate e) {
        if (state.approvedIds().contains(e.approvalId())) {
          notes.add(check.name() + ": approved by the DRI (" + e.approvalId() + ")");
          used.add(e.approvalId());
        } else {
          asks.add(e); // every rule that wants the DRI is asked in one escalation, not in turn
        }
        continue;
      }
      if (!decision.allowed()) {
        return decision; // a refusal is not the DRI's to lift: never ask for a doomed action
      }
      if (!"all-checks".equals(decision.rule())) {
        notes.add(decision.rule() + ": " + decision.reason());
      }
    }
    if (!asks.isEmpty()) {
      Decision.Escalate one = asks.size() == 1 ? asks.get(0) : combined(state, action, asks);
      if (!state.approvedIds().contains(one.approvalId())) {
        return one;
      }
      notes.add(one.rule() + ": approved by the DRI (" + one.approvalId() + ")");
      used.add(one.approvalId());
    }
    return notes.isEmpty() ? Decision.allow()
        : new Decision.Allow("all-checks", String.join("; ", notes), used);
  }

  /** Several rules ask the DRI about one action: one question, one approval for all of them. */
  private static Decision.Escalate combined(GuardState state, Action action,
      List<Decision.Escalate> asks) {
    String rule = String.join("+", asks.stream().map(Decision.Escalate::rule).toList());
    String reason = String.join("; and ", asks.stream().map(Decision.Escalate::reason).toList());
    return new Decision.Escalate(rule, reason, approvalId(state, action, rule));
  }

  /** The checks in the order they run, for {@code guard explain}. */
  public List<PolicyCheck> checks() {
    return checks;
  }

  public Policy policy() {
    return policy;
  }

  /** Stable for the same run, attempt, action and rule, so a repeated proposal reuses its id. */
  static String approvalId(GuardState state, Action action, String rule) {
    return approvalId(state.runName(), state.attempt(), action.describe(), rule);
  }

  /** The same id scheme for escalations raised outside {@link #decide} (launch validation). */
  public static String approvalId(String runName, int attempt, String subject, String rule) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((runName + "|" + attempt + "|" + subject
          + "|" + rule).getBytes(StandardCharsets.UTF_8));
      return "A-" + HexFormat.of().formatHex(digest, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
