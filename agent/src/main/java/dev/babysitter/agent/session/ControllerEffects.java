package dev.babysitter.agent.session;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.llm.AgentEffects;
import dev.babysitter.agent.playbook.Proposal;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.checkpoint.Checkpoint;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.supervisor.FixRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The babysitter agent's hands inside the loop: its allowed actions land through the same
 * {@link RunController#handle} as the playbook's (journal, run record, actuator), and its
 * refusals are recorded the same way, escalations included. Reads come from the latest probe.
 */
final class ControllerEffects implements AgentEffects {
  private final RunController controller;

  ControllerEffects(RunController controller) {
    this.controller = controller;
  }

  @Override
  public String runName() {
    return controller.spec().name();
  }

  @Override
  public GuardState guardState() throws IOException {
    return controller.guardState(controller.lastCatalog());
  }

  @Override
  public String status() {
    RunRecord r = controller.record();
    List<String> lines = new ArrayList<>();
    lines.add("phase " + r.phase + ", attempt " + r.memory.attempt() + ", last action "
        + r.lastAction);
    r.history.subList(Math.max(0, r.history.size() - 5), r.history.size()).forEach(lines::add);
    r.escalations.values().forEach(e -> lines.add("escalation " + e.id() + " " + e.status()
        + ": " + e.action()));
    return controller.journal().scrub(String.join("\n", lines));
  }

  @Override
  public List<String> logTail(int lines) {
    Probe p = probe();
    List<String> tail = p == null ? List.of() : p.logTail();
    return tail.subList(Math.max(0, tail.size() - lines), tail.size()).stream()
        .map(controller.journal()::scrub).toList();
  }

  @Override
  public String gpuStatus() {
    Probe p = probe();
    if (p == null || p.gpus().isEmpty()) {
      return p == null || p.gpuProblem() == null ? "no GPU rows" : p.gpuProblem();
    }
    return String.join("\n", p.gpus().stream().map(Object::toString).toList());
  }

  @Override
  public List<String> checkpoints() {
    if (controller.lastCatalog() == null) {
      return List.of();
    }
    return controller.lastCatalog().all().stream().map(Checkpoint::toString).toList();
  }

  @Override
  public String perform(Action action, Decision allowed, String why) throws IOException {
    if (action instanceof Action.CommentIssue comment) {
      controller.journal().agentNote(controller.record(), "comment", comment.body(),
          comment.body());
      return "commented";
    }
    if (action instanceof Action.CommitLogbook entry) {
      controller.journal().agentNote(controller.record(), entry.message(), why, null);
      return "logbook entry committed";
    }
    if (action instanceof Action.ApplyFix fix) {
      return applyFix(fix, why);
    }
    if (action instanceof Action.LaunchInstance) {
      return "not available inside the babysit loop: the run already has its instance";
    }
    controller.handle(new Proposal(action, "babysitter agent: " + why), allowed,
        controller.lastAssessment());
    return "done: " + action.describe();
  }

  /** The logbook note stays either way; the supervisor's events say how the fix went. */
  private String applyFix(Action.ApplyFix fix, String why) throws IOException {
    if (controller.record().instance == null) {
      controller.journal().agentNote(controller.record(), "fix proposed", fix.describe()
          + " (" + why + "); not queued: the run has no instance", null);
      return "not queued: the run has no instance";
    }
    FixRequest request;
    try {
      request = new FixRequest(fix.kind(), fix.detail());
    } catch (FixRequest.Refused e) {
      controller.journal().agentNote(controller.record(), "fix refused", fix.describe()
          + " (" + why + "): " + e.getMessage(), null);
      return "refused: " + e.getMessage();
    }
    new Actuator(controller.provider()).applyFix(controller.record().instance, fix);
    controller.journal().agentNote(controller.record(), "fix queued", fix.describe()
        + " (" + why + ")", null);
    return "fix queued: " + request.describe() + "; the supervisor applies it before the next"
        + " attempt (at once if no trainer runs) and reports it as a fix event; it counts"
        + " against the supervisor's auto-fix budget. Relaunch if the run awaits a decision.";
  }

  @Override
  public void refused(Action action, Decision decision, String why) throws IOException {
    controller.handle(new Proposal(action, "babysitter agent: " + why), decision,
        controller.lastAssessment());
  }

  @Override
  public void report(String title, String body, String comment) throws IOException {
    controller.journal().agentNote(controller.record(), title, body, comment);
  }

  private Probe probe() {
    return controller.lastAssessment() == null ? null : controller.lastAssessment().probe();
  }
}
