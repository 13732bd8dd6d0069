package dev.babysitter.agent.llm;

/**
 * Who the loop calls when the playbook could not settle an alert. The loop itself stays
 * deterministic: without a model this is {@link #NONE} and the alert simply waits for the DRI.
 */
public interface AlertEscalator {
  AlertEscalator NONE = (wake, effects) -> {};

  void wake(Wake wake, AgentEffects effects);
}
