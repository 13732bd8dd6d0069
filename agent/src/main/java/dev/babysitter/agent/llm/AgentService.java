package dev.babysitter.agent.llm;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;

/** The LangChain4j AI service both agents use: one question in, one answer out. */
interface AgentService {
  String chat(@MemoryId String conversation, @UserMessage String message);
}
