package dev.babysitter.agent.demo;

/** The demo's fault schedules and the outcome each must reach. */
public enum Scenario {
  DEFAULT("crash@25:once,hang@45:once", "done",
      "a crash (NCCL error) at step 25 and a hang at step 45, both recovered, run DONE"),
  HEALTHY("", "done", "no fault: the run finishes, is sealed and torn down"),
  CRASH("crash@30:once", "done", "an NCCL crash at step 30: relaunched from the newest "
      + "complete checkpoint"),
  HANG("hang@30:once", "done", "a hang at step 30 (process alive, GPU idle): killed once and "
      + "relaunched"),
  NAN("nan@30", "escalated", "NaN loss from step 30: trainer stopped, never relaunched, DRI "
      + "escalation"),
  OOM("oom@30:once", "done", "CUDA out of memory at step 30: relaunched within the OOM budget"),
  OOM_LADDER("oom@30:fits=2", "done", "CUDA out of memory at step 30 until the micro-batch is 2:"
      + " the OOM ladder halves the micro-batch (8 -> 4 -> 2) and doubles gradient accumulation,"
      + " with no DRI, and the run finishes"),
  CRASH_LOOP("crash@25", "escalated", "an NCCL crash at step 25 on every attempt: relaunched "
      + "once; the second crash at the same step is a deterministic bug (same-step rule, "
      + "whatever the nccl budget says): escalated to the DRI and stopped"),
  PARK_RESUME("crash@25:once,crash@26:once", "done", "two crashes at nearly the same step (a "
      + "deterministic bug for the same-step rule): parked for the DRI, GPUs released; the demo "
      + "approves as the DRI and the run resumes and finishes DONE (through --provider vast-sim "
      + "the stopped instance's GPUs are rented meanwhile, so after pending_after the run moves "
      + "to a new offer)"),
  BAD_RESUME("crash@30:once,bad_resume@0", "escalated", "an NCCL crash at step 30, then a "
      + "resume whose replayed losses are 5% off its lineage: trainer stopped, never relaunched, "
      + "DRI escalation");

  private final String faults;
  private final String expectedOutcome;
  private final String description;

  Scenario(String faults, String expectedOutcome, String description) {
    this.faults = faults;
    this.expectedOutcome = expectedOutcome;
    this.description = description;
  }

  public String faults() {
    return faults;
  }

  public String expectedOutcome() {
    return expectedOutcome;
  }

  public String description() {
    return description;
  }

  public String label() {
    // Labels are typed on the command line: dashes, as in --scenario crash-loop.
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static Scenario fromLabel(String label) {
    for (Scenario s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + label + "'; known: "
        + java.util.Arrays.stream(values()).map(Scenario::label).toList());
  }
}
