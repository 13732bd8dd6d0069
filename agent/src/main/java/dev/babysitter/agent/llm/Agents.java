package dev.babysitter.agent.llm;

import dev.babysitter.agent.guard.PolicyGuard;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import java.util.function.UnaryOperator;

/** Builds an agent's AI service: guarded tools only, a low round-trip cap, scrubbed errors. */
final class Agents {
  private Agents() {}

  static AgentService build(ChatModel model, String systemPrompt, RunTools tools,
      PolicyGuard guard, AgentEffects effects, UnaryOperator<String> scrub, int maxMessages) {
    return build(model, systemPrompt, tools, guard, effects, scrub, maxMessages,
        new InMemoryChatMemoryStore());
  }

  /** {@code memory}: where the window keeps the conversation (a file for a run's chat). */
  static AgentService build(ChatModel model, String systemPrompt, RunTools tools,
      PolicyGuard guard, AgentEffects effects, UnaryOperator<String> scrub, int maxMessages,
      ChatMemoryStore memory) {
    return build(model, systemPrompt, tools, guard, effects, scrub, maxMessages, memory,
        ToolTrace.NONE);
  }

  /** {@code trace}: hears each tool call with the guard's verdict (the chat prints it). */
  static AgentService build(ChatModel model, String systemPrompt, RunTools tools,
      PolicyGuard guard, AgentEffects effects, UnaryOperator<String> scrub, int maxMessages,
      ChatMemoryStore memory, ToolTrace trace) {
    return AiServices.builder(AgentService.class)
        .chatModel(model)
        .systemMessageProvider(id -> systemPrompt)
        .chatMemoryProvider(id -> MessageWindowChatMemory.builder().id(id)
            .maxMessages(maxMessages).chatMemoryStore(memory).build())
        .tools(GuardedTools.of(tools, guard, effects, scrub, trace))
        .maxToolCallingRoundTrips(guard.policy().llm().maxToolRounds())
        // The defaults send raw exception text to the model or abort the whole call.
        .toolExecutionErrorHandler((error, ctx) -> ToolErrorHandlerResult.text(
            scrub.apply("tool failed: " + rootMessage(error))))
        .toolArgumentsErrorHandler((error, ctx) -> ToolErrorHandlerResult.text(
            "invalid arguments: " + scrub.apply(rootMessage(error))))
        .hallucinatedToolNameStrategy(request -> dev.langchain4j.data.message
            .ToolExecutionResultMessage.from(request, "no such tool: " + request.name()
                + "; nothing was done"))
        .build();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
