package dev.babysitter.tools.probe;

/** The supervisor's {@code state.json}; see docs/instance-layout.md. */
public record SupervisorState(
    String state,
    int attempt,
    String lastFix,
    Integer exitCode,
    Long trainerPid,
    long startedAt,
    long updatedAt,
    Long logAgeS,
    boolean gpuIdle,
    String awaiting,
    String reason) {

  public boolean awaitingDecision() {
    return "failed".equals(state) && "decision".equals(awaiting);
  }

  public boolean terminal() {
    return "done".equals(state) || "stopped".equals(state);
  }
}
