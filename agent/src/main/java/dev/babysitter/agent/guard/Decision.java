package dev.babysitter.agent.guard;

/** The guard's answer: allow, deny with the rule that said no, or escalate to the DRI. */
public sealed interface Decision {

  String verdict();

  default boolean allowed() {
    return this instanceof Allow;
  }

  String rule();

  String reason();

  /** {@code approvalsUsed}: DRI approvals that let this action pass; spent when it runs. */
  record Allow(String rule, String reason, java.util.Set<String> approvalsUsed)
      implements Decision {
    public Allow {
      approvalsUsed = java.util.Set.copyOf(approvalsUsed);
    }

    public Allow(String rule, String reason) {
      this(rule, reason, java.util.Set.of());
    }

    public String verdict() { return "allow"; }
  }

  record Deny(String rule, String reason) implements Decision {
    public String verdict() { return "deny"; }
  }

  record Escalate(String rule, String reason, String approvalId) implements Decision {
    public String verdict() { return "escalate"; }
  }

  static Decision allow() {
    return new Allow("all-checks", "no rule objects");
  }
}
