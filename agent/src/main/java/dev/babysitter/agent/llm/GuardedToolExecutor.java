package dev.babysitter.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * Puts the policy guard in front of one tool. The guard decides on the action the call asks for
 * before the tool runs: a denial comes back as an error result naming the rule, an escalation as
 * an error result carrying the approval id; both are recorded. Only an allowed call reaches the
 * real executor, and only for exactly the action the guard saw.
 */
final class GuardedToolExecutor implements ToolExecutor {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ToolExecutor real;
  private final RunTools tools;
  private final PolicyGuard guard;
  private final AgentEffects effects;
  private final UnaryOperator<String> scrub;
  private final ToolTrace trace;

  GuardedToolExecutor(ToolExecutor real, RunTools tools, PolicyGuard guard, AgentEffects effects,
      UnaryOperator<String> scrub, ToolTrace trace) {
    this.trace = trace;
    this.real = real;
    this.tools = tools;
    this.guard = guard;
    this.effects = effects;
    this.scrub = scrub;
  }

  @Override
  public String execute(ToolExecutionRequest request, Object memoryId) {
    return executeWithContext(request, null).resultText();
  }

  @Override
  public ToolExecutionResult executeWithContext(ToolExecutionRequest request,
      InvocationContext context) {
    JsonNode args;
    try {
      args = JSON.readTree(request.arguments() == null || request.arguments().isBlank() ? "{}"
          : request.arguments());
    } catch (IOException e) {
      return error("REFUSED: the arguments are not valid JSON; nothing was done");
    }
    Action action = tools.action(request.name(), args);
    String shown = scrub.apply(args.toString());
    if (action == null) {
      trace.call(request.name(), shown, "none",
          "no action for the guard: spends nothing, starts or stops nothing");
      try {
        return scrubbed(real.executeWithContext(request, context)); // no spend, no instance
      } catch (RuntimeException e) {
        return refusal(e, null, null, request.name(), shown);
      }
    }
    try {
      Decision decision = guard.decide(action, effects.guardState());
      String why = args.path("why").asText(args.path("reason").asText("asked by the agent"));
      if (decision instanceof Decision.Escalate escalate) {
        effects.refused(action, decision, why);
        // Only an id the run's record holds is handed out: `approve` knows no other.
        String id = effects.recordedApprovalId(escalate);
        String ticket = id != null ? "Approval id " + id + " (babysitter approve "
            + effects.runName() + " " + id + ")"
            : "No approval id: the run's babysitter owns its record and raises the escalation "
                + "itself; the request is in the run's mailbox";
        trace.call(request.name(), shown, "escalate", scrub.apply("rule " + escalate.rule()
            + ": " + escalate.reason() + "; " + ticket));
        return error("ESCALATED to the DRI by rule " + escalate.rule() + ": "
            + escalate.reason() + ". " + ticket
            + ". Nothing was done; wait for the DRI or choose a smaller step.");
      }
      if (!decision.allowed()) {
        effects.refused(action, decision, why);
        trace.call(request.name(), shown, "deny", scrub.apply("rule " + decision.rule() + ": "
            + decision.reason()));
        return error("REFUSED by rule " + decision.rule() + ": " + decision.reason()
            + ". Nothing was done; choose something else or escalate.");
      }
      trace.call(request.name(), shown, "allow", scrub.apply(decision.reason()));
      tools.admission.grant(action, decision);
      try {
        return scrubbed(real.executeWithContext(request, context));
      } catch (RuntimeException e) {
        return refusal(e, action, why, request.name(), shown);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      tools.admission.take(action); // a grant never outlives its call
    }
  }

  /** A tool's own refusal as an error result; anything else goes to the error handler. */
  private ToolExecutionResult refusal(RuntimeException e, Action action, String why,
      String tool, String shown) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ToolRefusal r) {
        trace.call(tool, shown, r.decision() == null ? "refused by the tool"
            : r.decision().verdict(), scrub.apply(String.valueOf(r.getMessage())));
        if (r.decision() != null && action != null) {
          try {
            effects.refused(action, r.decision(), why);
          } catch (IOException io) {
            throw new UncheckedIOException(io);
          }
        }
        return error(r.getMessage());
      }
    }
    throw e;
  }

  private ToolExecutionResult error(String text) {
    return ToolExecutionResult.builder().isError(true).resultText(scrub.apply(text)).build();
  }

  private ToolExecutionResult scrubbed(ToolExecutionResult result) {
    // A fresh builder: toBuilder() keeps the lazy text supplier, and the builder refuses a
    // result with both a supplier and a text (every allowed call failed with that).
    return ToolExecutionResult.builder().isError(result.isError()).result(result.result())
        .resultText(scrub.apply(result.resultText())).attributes(result.attributes()).build();
  }
}
