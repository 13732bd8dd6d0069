package dev.babysitter.tools.probe;

/**
 * The supervisor's {@code state.json}; see docs/instance-layout.md. {@code attemptStartedAt}:
 * epoch seconds when the current attempt started, null from a supervisor that does not say.
 */
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
    String reason,
    Long attemptStartedAt) {

  /** Without the attempt's start time. */
  public SupervisorState(String state, int attempt, String lastFix, Integer exitCode,
      Long trainerPid, long startedAt, long updatedAt, Long logAgeS, boolean gpuIdle,
      String awaiting, String reason) {
    this(state, attempt, lastFix, exitCode, trainerPid, startedAt, updatedAt, logAgeS, gpuIdle,
        awaiting, reason, null);
  }

  public boolean awaitingDecision() {
    return "failed".equals(state) && "decision".equals(awaiting);
  }

  public boolean terminal() {
    return "done".equals(state) || "stopped".equals(state);
  }
}
