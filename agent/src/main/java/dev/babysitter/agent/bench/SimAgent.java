package dev.babysitter.agent.bench;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.llm.AgentEffects;
import dev.babysitter.agent.llm.AlertEscalator;
import dev.babysitter.agent.llm.Wake;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.LongConsumer;

/**
 * The babysitter agent in the simulation: counted, not called. The controller wakes it for an
 * alert its playbook leaves unsettled; it reads what the wake carries (the probe and the status
 * history: its tokens are counted from exactly that) and, for a host that is slow or gone, asks
 * for an instance switch through the guard, as the real agent's tools do.
 */
final class SimAgent implements AlertEscalator {
  private final PolicyGuard guard;
  private final TokenEstimate tokens;
  private final LongConsumer spent;
  int wakeups;

  SimAgent(PolicyGuard guard, TokenEstimate tokens, LongConsumer spent) {
    this.guard = guard;
    this.tokens = tokens;
    this.spent = spent;
  }

  @Override
  public void wake(Wake wake, AgentEffects effects) {
    wakeups++;
    spent.accept(tokens.tokens(wake.assessment().probe(), wake.record().history));
    boolean hostProblem = wake.alerts().stream().map(Alert::kind).anyMatch(k ->
        k == AlertKind.LOST || k == AlertKind.OFFLINE || k == AlertKind.SLOW);
    if (!hostProblem) {
      return;
    }
    Action ask = new Action.SwitchInstance("host slow or unreachable");
    try {
      Decision d = guard.decide(ask, effects.guardState());
      String why = "the host is slow or unreachable: " + wake.why();
      if (d.allowed()) {
        effects.perform(ask, d, why);
      } else {
        effects.refused(ask, d, why);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
