package dev.babysitter.tools.probe;

/**
 * The supervisor's {@code state.json}; see docs/instance-layout.md. {@code attemptStartedAt}:
 * epoch seconds when the current attempt started, null from a supervisor that does not say.
 * {@code killed}: whether this attempt's trainer was alive when the supervisor signalled it
 * (false: it exited on its own, even if a kill was asked for after); null when not said.
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
    Long attemptStartedAt,
    Boolean killed) {

  /** Without the attempt's start time. */
  public SupervisorState(String state, int attempt, String lastFix, Integer exitCode,
      Long trainerPid, long startedAt, long updatedAt, Long logAgeS, boolean gpuIdle,
      String awaiting, String reason) {
    this(state, attempt, lastFix, exitCode, trainerPid, startedAt, updatedAt, logAgeS, gpuIdle,
        awaiting, reason, null, null);
  }

  /** Without whether the trainer was killed. */
  public SupervisorState(String state, int attempt, String lastFix, Integer exitCode,
      Long trainerPid, long startedAt, long updatedAt, Long logAgeS, boolean gpuIdle,
      String awaiting, String reason, Long attemptStartedAt) {
    this(state, attempt, lastFix, exitCode, trainerPid, startedAt, updatedAt, logAgeS, gpuIdle,
        awaiting, reason, attemptStartedAt, null);
  }

  public boolean awaitingDecision() {
    return "failed".equals(state) && "decision".equals(awaiting);
  }

  public boolean terminal() {
    return "done".equals(state) || "stopped".equals(state);
  }
}
