package dev.babysitter.tools.probe;

/**
 * A push channel from the instance's {@code events.jsonl}, so terminal events reach the watcher
 * in seconds instead of at its next sparse poll. It only wakes the watcher; the next probe
 * reads the events themselves, so a lost notification costs latency, never correctness.
 */
public interface EventStream extends AutoCloseable {

  /** Starts delivering; {@code onNewEvents} is called from the stream's own thread. */
  void start(Runnable onNewEvents);

  @Override
  void close();
}
