package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The only way tools reach a model: every {@code @Tool} method of {@link RunTools}, each with its
 * executor wrapped in a {@link GuardedToolExecutor}. Built from the public
 * {@code DefaultToolExecutor} (ToolService is internal to LangChain4j).
 */
public final class GuardedTools {
  private GuardedTools() {}

  static List<AiServiceTool> of(RunTools tools, PolicyGuard guard, AgentEffects effects,
      UnaryOperator<String> scrub) {
    return of(tools, guard, effects, scrub, ToolTrace.NONE);
  }

  static List<AiServiceTool> of(RunTools tools, PolicyGuard guard, AgentEffects effects,
      UnaryOperator<String> scrub, ToolTrace trace) {
    List<AiServiceTool> out = new ArrayList<>();
    for (Method m : toolMethods()) {
      if (tools.planner == null && RunTools.PLANNING.contains(ToolSpecifications
          .toolSpecificationFrom(m).name())) {
        continue; // the babysitter never launches new runs
      }
      m.setAccessible(true); // RunTools is package-private so nothing else can hand it out
      ToolExecutor real = DefaultToolExecutor.builder().object(tools).originalMethod(m)
          .methodToInvoke(m).wrapToolArgumentsExceptions(true)
          .propagateToolExecutionExceptions(true).build();
      out.add(AiServiceTool.builder().toolSpecification(ToolSpecifications
          .toolSpecificationFrom(m)).toolExecutor(new GuardedToolExecutor(real, tools, guard,
          effects, scrub, trace)).build());
    }
    return out;
  }

  /**
   * The babysitter agent's tools for a caller outside LangChain4j's AI services (the MCP
   * server): the very executors a model gets, guard in front, a hold from them recorded as
   * {@code author}'s. Call {@code toolExecutor().executeWithContext} on one to run it.
   */
  public static List<AiServiceTool> forCaller(AgentEffects effects, dev.babysitter.agent.run
      .Mailbox mailbox, String author, PolicyGuard guard, java.time.Clock clock,
      UnaryOperator<String> scrub, ToolTrace trace) {
    return of(new RunTools(effects, mailbox, author, clock), guard, effects, scrub, trace);
  }

  /** The babysitter agent's tools (no planning tools), as a model is offered them. */
  public static List<ToolSpecification> babysitterSpecifications() {
    return toolMethods().stream().map(ToolSpecifications::toolSpecificationFrom)
        .filter(t -> !RunTools.PLANNING.contains(t.name())).toList();
  }

  /** The tool names a model is offered, sorted: for tests and the closing report. */
  public static List<String> names() {
    return toolMethods().stream().map(ToolSpecifications::toolSpecificationFrom)
        .map(ToolSpecification::name).sorted().toList();
  }

  private static List<Method> toolMethods() {
    List<Method> methods = new ArrayList<>();
    for (Method m : RunTools.class.getDeclaredMethods()) {
      if (m.isAnnotationPresent(Tool.class)) {
        methods.add(m);
      }
    }
    methods.sort(Comparator.comparing(Method::getName)); // stable order in requests
    return methods;
  }
}
