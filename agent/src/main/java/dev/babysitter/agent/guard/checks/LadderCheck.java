package dev.babysitter.agent.guard.checks;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyCheck;
import dev.babysitter.agent.policy.Policy;
import java.time.Instant;

/**
 * The escalation ladder: rerun → dependency fix → config reduction → instance switch. A rerun
 * and a dependency fix are the babysitter's to take; any config change (a relaunch with a
 * delta, a reduction, an {@code env} fix: the trainer reads its environment, so a variable
 * can change the learning rate as easily as a cache path) and an instance switch change what is
 * trained or where, so they need the DRI.
 */
public final class LadderCheck implements PolicyCheck {
  @Override
  public String name() {
    return "escalation-ladder";
  }

  @Override
  public Decision check(Action action, GuardState state, Policy policy, Instant now) {
    if (action instanceof Action.Relaunch relaunch && isOomLadderStep(relaunch)) {
      return Decision.allow(); // the spec's declared safe knobs; budgeted as oom_halving
    }
    if (action instanceof Action.Relaunch relaunch && !relaunch.configDelta().isEmpty()) {
      return new Decision.Escalate(name(), "a relaunch with a config change "
          + relaunch.configDelta() + " needs the DRI", null);
    }
    if (action instanceof Action.ApplyFix fix && "env".equals(fix.kind())) {
      return new Decision.Escalate(name(), "an env fix (" + fix.detail() + ") changes what the "
          + "trainer reads, like a config change: it needs the DRI", null);
    }
    if (action instanceof Action.ReduceConfig reduce) {
      return new Decision.Escalate(name(), "config reduction " + reduce.delta()
          + " is rung 3 of the ladder: it needs the DRI", null);
    }
    // An instance switch (rung 4) goes without a person when it is safe: the retry budget
    // counts it as host_switch (policy: per_signature.host_switch) and synced-before-destroy
    // refuses to leave an unsynced checkpoint behind; past either, the DRI decides.
    return Decision.allow();
  }

  /**
   * An OOM ladder rung: only {@code OOM_ARGS}, only numeric {@code --flag N} pairs (they reach
   * the trainer's command line; the supervisor checks the same shape again).
   */
  static boolean isOomLadderStep(Action.Relaunch relaunch) {
    return dev.babysitter.agent.playbook.OomLadder.SIGNATURE.equals(relaunch.signature())
        && relaunch.configDelta().size() == 1
        && relaunch.configDelta().getOrDefault(dev.babysitter.agent.playbook.OomLadder.ARGS, "")
            .matches("(--?[A-Za-z0-9][A-Za-z0-9_.-]*[ =][0-9]+ ?)+");
  }
}
