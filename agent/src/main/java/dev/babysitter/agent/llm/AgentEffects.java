package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import java.io.IOException;
import java.util.List;

/**
 * What the agents' tools can read and do, behind the guard. The babysit loop implements it over
 * its controller (actions land exactly as the playbook's do); the chat implements it over the
 * stored record. Nothing here decides: {@link GuardedToolExecutor} asks the guard first.
 */
public interface AgentEffects {
  String runName();

  /** A fresh snapshot for the guard, including the person's hold from the mailbox. */
  GuardState guardState() throws IOException;

  String status() throws IOException;

  List<String> logTail(int lines) throws IOException;

  String gpuStatus() throws IOException;

  List<String> checkpoints() throws IOException;

  /** Carries out an action the guard allowed, and records it; returns what happened. */
  String perform(Action action, Decision allowed, String why) throws IOException;

  /** Records a denial or an escalation (logbook; escalations also in the run record). */
  void refused(Action action, Decision decision, String why) throws IOException;

  /** A logbook entry, and an issue comment when {@code comment} is not null. */
  void report(String title, String body, String comment) throws IOException;

  /**
   * The approval id of an escalation as the run's record holds it (where {@code approve} looks),
   * or null when nothing was recorded under it. The babysit loop records every escalation it
   * refuses, so by default the guard's id stands.
   */
  default String recordedApprovalId(Decision.Escalate escalate) throws IOException {
    return escalate.approvalId();
  }
}
