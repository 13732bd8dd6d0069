package dev.babysitter.tools.shell;

import dev.babysitter.tools.probe.EventStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/**
 * Keeps {@code tail -n 0 -F events.jsonl} open over the shell's SSH session and calls back once
 * per new line, so terminal events arrive in well under a second. When the session drops it calls
 * back once (the host may be gone), reconnects with backoff, then calls back once more: lines
 * written while it was away were not seen, and a spurious wakeup only costs one probe.
 */
public final class SshEventStream implements EventStream {
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);

  private final SshShell shell;
  private final String eventsPath;
  private final Backoff reconnect;
  private final Sleeper sleeper;
  /** One token per line; filled from MINA's I/O thread, drained on our own thread. */
  private final BlockingQueue<Boolean> lines = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private volatile ChannelExec channel;
  private volatile int opened;
  private Thread thread;

  /** {@code reconnect.attempts()} is unused: the stream retries for as long as it is open. */
  public SshEventStream(SshShell shell, String eventsPath, Backoff reconnect, Sleeper sleeper) {
    this.shell = shell;
    this.eventsPath = eventsPath;
    this.reconnect = reconnect;
    this.sleeper = sleeper;
  }

  @Override
  public synchronized void start(Runnable onNewEvents) {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(() -> loop(onNewEvents), "ssh-events-" + shell.describe());
    thread.setDaemon(true);
    thread.start();
  }

  /** How many times the tail was opened (1 + reconnects); for status lines and tests. */
  public int opened() {
    return opened;
  }

  private void loop(Runnable onNewEvents) {
    int failures = 0;
    while (running) {
      try {
        ClientSession session = shell.session();
        ChannelExec ch = session.createExecChannel("tail -n 0 -F " + SshShell.quote(eventsPath)
            + " 2>/dev/null");
        ch.setOut(new LineSignal(lines));
        ch.setErr(OutputStream.nullOutputStream());
        ch.open().verify(OPEN_TIMEOUT);
        channel = ch;
        if (opened++ > 0) {
          onNewEvents.run();
        }
        failures = 0;
        deliverUntilClosed(ch, onNewEvents);
        if (running) {
          // A dropped stream is news in itself: the host may be gone (keepalives unanswered), and
          // a probe now says so minutes before the next scheduled check would.
          onNewEvents.run();
        }
      } catch (IOException | RuntimeException e) {
        failures++;
      }
      if (running) {
        try {
          sleeper.sleep(reconnect.delayAfter(Math.max(1, failures)));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void deliverUntilClosed(ChannelExec ch, Runnable onNewEvents) {
    while (running && !ch.isClosed() && !ch.isClosing()) {
      try {
        if (lines.poll(200, TimeUnit.MILLISECONDS) != null) {
          onNewEvents.run();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
    // Lines that arrived just before the close still deserve their wakeup.
    while (running && lines.poll() != null) {
      onNewEvents.run();
    }
    ch.waitFor(java.util.EnumSet.of(ClientChannelEvent.CLOSED), 1000L);
  }

  @Override
  public synchronized void close() {
    running = false;
    ChannelExec ch = channel;
    if (ch != null) {
      ch.close(true);
    }
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Turns tail's output into one token per newline. */
  private static final class LineSignal extends OutputStream {
    private final BlockingQueue<Boolean> lines;

    LineSignal(BlockingQueue<Boolean> lines) {
      this.lines = lines;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines.add(Boolean.TRUE);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }
  }
}
