package dev.babysitter.agent.bench;

import dev.babysitter.tools.probe.Probe;
import java.util.List;

/**
 * Tokens one agent wake-up costs: the real system prompt (prompts/babysitter.md) + the last 200
 * log lines + the status history, at 4 characters per token. Input only: the reply is small
 * next to the log tail, and leaving it out makes every LLM figure a lower bound.
 */
public record TokenEstimate(int promptChars) {
  /** One rendered status line is about this long when no history is at hand. */
  static final int STATUS_LINE_CHARS = 180;

  public long tokens(Probe probe, List<String> statusLines) {
    long chars = promptChars;
    List<String> tail = probe.logTail();
    for (int i = Math.max(0, tail.size() - 200); i < tail.size(); i++) {
      chars += tail.get(i).length() + 1;
    }
    if (statusLines.isEmpty()) {
      chars += 10L * STATUS_LINE_CHARS;
    }
    for (int i = Math.max(0, statusLines.size() - 10); i < statusLines.size(); i++) {
      chars += statusLines.get(i).length() + 1;
    }
    return chars / 4;
  }
}
