package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import java.util.ArrayList;
import java.util.List;

/** Effects that record what the agent did and was refused; the log tail is the test's. */
final class RecordingEffects implements AgentEffects {
  final List<Action> performed = new ArrayList<>();
  final List<String> refused = new ArrayList<>();
  final List<String> reports = new ArrayList<>();
  GuardState state;
  List<String> log;

  RecordingEffects(GuardState state, List<String> log) {
    this.state = state;
    this.log = log;
  }

  @Override public String runName() { return state.runName(); }
  @Override public GuardState guardState() { return state; }
  @Override public String status() { return "phase alert, attempt 2"; }
  @Override public List<String> logTail(int lines) {
    return log.subList(Math.max(0, log.size() - lines), log.size());
  }
  @Override public String gpuStatus() { return "gpu0 0% 1/80 GiB"; }
  @Override public List<String> checkpoints() { return List.of("step-10 complete"); }

  @Override
  public String perform(Action action, Decision allowed, String why) {
    performed.add(action);
    return "done: " + action.describe();
  }

  @Override
  public void refused(Action action, Decision decision, String why) {
    refused.add(action.name() + ":" + decision.verdict() + ":" + decision.rule());
  }

  @Override
  public void report(String title, String body, String comment) {
    reports.add(title);
  }
}
