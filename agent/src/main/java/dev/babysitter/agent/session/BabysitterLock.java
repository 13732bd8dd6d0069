package dev.babysitter.agent.session;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One babysitter per run. An OS file lock on {@code babysitter.lock} in the run's state
 * directory: the kernel drops it when the holder dies, even by {@code kill -9}, so it is never
 * stale; the file names the holder (pid, host, since) for the one-line refusal.
 */
public final class BabysitterLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private BabysitterLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Thrown when another babysitter holds the run; the message is the one line to print. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  /** Takes the run's lock, or says who holds it. */
  public static BabysitterLock acquire(Path runDir, String runName, Instant now)
      throws IOException {
    Files.createDirectories(runDir);
    Path file = runDir.resolve("babysitter.lock");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this process already babysits the run
    }
    if (lock == null) {
      String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
      channel.close();
      throw new HeldException("run '" + runName + "' is already babysat by "
          + (holder.isEmpty() ? "another process" : holder) + "; not starting a second "
          + "babysitter (stop that one first)");
    }
    String who = "pid " + ProcessHandle.current().pid() + " on " + host() + " since " + now;
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((who + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new BabysitterLock(channel, lock);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String name = ManagementFactory.getRuntimeMXBean().getName();
      return name.contains("@") ? name.substring(name.indexOf('@') + 1) : "this host";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
