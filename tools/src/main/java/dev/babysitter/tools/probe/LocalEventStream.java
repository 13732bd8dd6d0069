package dev.babysitter.tools.probe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Watches a local {@code events.jsonl} for growth with a cheap size poll (no tokens, no I/O). */
public final class LocalEventStream implements EventStream {
  private final Path events;
  private final Duration interval;
  private volatile boolean running;
  private Thread thread;

  public LocalEventStream(Path events, Duration interval) {
    this.events = events;
    this.interval = interval;
  }

  @Override
  public synchronized void start(Runnable onNewEvents) {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(() -> {
      long size = sizeOf();
      while (running) {
        try {
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        long now = sizeOf();
        if (now != size) {
          size = now;
          onNewEvents.run();
        }
      }
    }, "events-" + events.getParent().getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  private long sizeOf() {
    try {
      return Files.exists(events) ? Files.size(events) : 0;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
