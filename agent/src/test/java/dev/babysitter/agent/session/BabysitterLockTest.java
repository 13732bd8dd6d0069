package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BabysitterLockTest {
  @TempDir Path dir;

  @Test
  void aSecondBabysitterIsRefusedWithTheHolderNamedAndTheLockDiesWithItsHolder()
      throws Exception {
    // Another process holds the lock, as a second `babysitter babysit` in another tmux pane.
    Path lockFile = dir.resolve("babysitter.lock");
    Files.writeString(lockFile, "pid 4242 on gpu-box since 2026-12-06T10:00:00Z\n");
    // POSIX record locks (fcntl), as Java's FileChannel takes them; python says when it holds it.
    Process holder = new ProcessBuilder("python3", "-c", "import fcntl,sys,time\n"
        + "f=open(sys.argv[1],'r+'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True)\n"
        + "time.sleep(60)", lockFile.toString()).redirectErrorStream(true).start();
    try {
      String said = new java.io.BufferedReader(new java.io.InputStreamReader(
          holder.getInputStream())).readLine();
      assertThat(said).isEqualTo("locked");
      assertThatThrownBy(() -> BabysitterLock.acquire(dir, "r", Instant.now()))
          .isInstanceOf(BabysitterLock.HeldException.class)
          .hasMessage("run 'r' is already babysat by pid 4242 on gpu-box since "
              + "2026-12-06T10:00:00Z; not starting a second babysitter (stop that one first)");
    } finally {
      holder.destroyForcibly().waitFor(5, TimeUnit.SECONDS); // kill -9: the kernel frees it
    }
    try (BabysitterLock lock = BabysitterLock.acquire(dir, "r", Instant.parse(
        "2026-12-06T11:00:00Z"))) {
      assertThat(Files.readString(lockFile)).startsWith("pid " + ProcessHandle.current().pid())
          .contains("since 2026-12-06T11:00:00Z");
    }
  }

  @Test
  void theSameProcessCannotTakeItTwice() throws Exception {
    try (BabysitterLock first = BabysitterLock.acquire(dir, "r", Instant.now())) {
      assertThatThrownBy(() -> BabysitterLock.acquire(dir, "r", Instant.now()))
          .isInstanceOf(BabysitterLock.HeldException.class).hasMessageContaining("already");
    }
    BabysitterLock.acquire(dir, "r", Instant.now()).close();
  }
}
