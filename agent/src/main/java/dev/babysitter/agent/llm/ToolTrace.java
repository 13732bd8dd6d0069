package dev.babysitter.agent.llm;

/**
 * Hears every tool call as the guard decides it, before the tool runs: the chat prints it, so
 * the person sees what the model asked for and what the guard said, not only the model's last
 * sentence. {@code verdict}: {@code none} (a call with no action: a record read, a hold),
 * {@code allow}, {@code deny} or {@code escalate} (or a tool's own refusal);
 * {@code detail}: the rule and reason, and the approval id where one is on record. Scrubbed.
 */
@FunctionalInterface
public interface ToolTrace {
  ToolTrace NONE = (tool, arguments, verdict, detail) -> { };

  void call(String tool, String arguments, String verdict, String detail);
}
