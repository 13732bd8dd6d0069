package dev.babysitter.agent.bench.poll;

import java.time.Duration;

/**
 * A strategy that looks at a run at fixed intervals and reacts to what it sees. It is given an
 * {@link Observation} and nothing else, so it cannot decide from the simulation's hidden state.
 */
public interface Poller {
  Duration interval();

  /** Whether each look needs the probe (log tail, checkpoints, GPUs) or only the job status. */
  boolean readsInstance();

  /** Whether each look costs LLM tokens (an agent reads the probe). */
  default boolean llm() {
    return false;
  }

  Reaction look(Observation o);
}
