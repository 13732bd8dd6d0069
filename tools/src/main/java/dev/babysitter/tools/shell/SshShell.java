package dev.babysitter.tools.shell;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * A {@link RemoteShell} over SSH (Apache MINA SSHD), one session reused for every command and
 * re-established with backoff when it drops. The host key is trusted on first use and its
 * fingerprint recorded in a {@link HostKeyStore} of this instance alone (Vast proxies share
 * host:port between instances); a changed key is refused. Every link failure is an
 * {@link SshShellException}.
 */
public final class SshShell implements RemoteShell {

  /** Where to connect. */
  public record Target(String user, String host, int port) {
    @Override
    public String toString() {
      return user + "@" + host + ":" + port;
    }
  }

  private final Target target;
  private final List<KeyPair> keys;
  private final HostKeyStore hostKeys;
  private final Backoff reconnect;
  private final Sleeper sleeper;
  private final Duration connectTimeout;
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final int HEARTBEATS_MISSED = 3;

  private final SshClient client;
  /** Set by the verifier when the recorded host key does not match; read after the failure. */
  private final AtomicReference<String> hostKeyChange = new AtomicReference<>();
  /** Set by the verifier when the store could not be read or written. */
  private final AtomicReference<String> hostKeyProblem = new AtomicReference<>();
  private ClientSession session;
  private int connects;

  /** With the host key in a file of its own. */
  public SshShell(Target target, List<KeyPair> keys, Path hostKeyFile, Backoff reconnect,
      Sleeper sleeper, Duration connectTimeout) {
    this(target, keys, new FileHostKeyStore(hostKeyFile), reconnect, sleeper, connectTimeout);
  }

  public SshShell(Target target, List<KeyPair> keys, HostKeyStore hostKeys, Backoff reconnect,
      Sleeper sleeper, Duration connectTimeout) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no SSH keys for " + target);
    }
    this.target = target;
    this.keys = List.copyOf(keys);
    this.hostKeys = hostKeys;
    this.reconnect = reconnect;
    this.sleeper = sleeper;
    this.connectTimeout = connectTimeout;
    client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier((session, address, key) -> verify(key));
    client.setKeyIdentityProvider(s -> this.keys);
    // Our keys and our known_hosts only; ~/.ssh/config must not redirect the connection.
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    // A host that vanishes sends no FIN: without keepalives a session (and the event stream's
    // tail) would look open for as long as TCP lets it. Three unanswered keepalives 15 s apart
    // close it, so a lost instance is noticed in about a minute, not at the next sparse check.
    keepalive(HEARTBEAT);
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, HEARTBEATS_MISSED);
    client.start();
  }

  /** Keepalive interval for the sessions opened from now on (tests shorten it). */
  SshShell keepalive(Duration every) {
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, every);
    CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, every);
    return this;
  }

  /**
   * Trust on first use, per instance. Fails closed: a key that cannot be checked against the
   * store, or recorded in it, is not accepted.
   */
  private boolean verify(PublicKey key) {
    String offered = fingerprint(key);
    try {
      Optional<String> recorded = hostKeys.recorded();
      if (recorded.isEmpty()) {
        hostKeys.record(offered);
        return true;
      }
      if (recorded.get().equals(offered)) {
        return true;
      }
      hostKeyChange.set("recorded " + recorded.get() + ", offered " + offered);
      return false;
    } catch (IOException | RuntimeException e) {
      hostKeyProblem.set(hostKeys.describe() + " could not be checked or recorded: " + e);
      return false;
    }
  }

  /** {@code SHA256:<base64>}, the form {@code ssh-keygen -l} prints. */
  public static String fingerprint(PublicKey key) {
    return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
  }

  @Override
  public ExecResult exec(String command, Duration timeout) throws IOException {
    return run(command, new byte[0], timeout);
  }

  /**
   * Writes through {@code cat} on the remote side, to a temporary name first so that a reader
   * never sees half a file.
   */
  @Override
  public void upload(byte[] content, String path, boolean executable) throws IOException {
    String tmp = path + ".upload";
    String command = "mkdir -p \"$(dirname " + quote(path) + ")\" && cat > " + quote(tmp)
        + " && chmod " + (executable ? "755 " : "644 ") + quote(tmp) + " && mv -f " + quote(tmp)
        + " " + quote(path);
    ExecResult result = run(command, content, Duration.ofSeconds(60 + content.length / 100_000));
    if (!result.ok()) {
      throw new IOException("upload of " + path + " to " + describe() + " failed (exit "
          + result.exitCode() + (result.timedOut() ? ", timed out" : "") + "): "
          + result.stderr().strip());
    }
  }

  @Override
  public String describe() {
    return "ssh " + target;
  }

  /** How many sessions were opened so far (1 + reconnects). */
  public synchronized int connects() {
    return connects;
  }

  /** Whether a session is open right now. */
  public synchronized boolean connected() {
    return session != null && session.isOpen();
  }

  @Override
  public synchronized void close() {
    closeQuietly(session);
    session = null;
    client.stop();
  }

  private ExecResult run(String command, byte[] stdin, Duration timeout) throws IOException {
    ClientSession s = session();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ChannelExec channel = s.createExecChannel(command)) {
      channel.setOut(out);
      channel.setErr(err);
      channel.setIn(null);
      channel.open().verify(connectTimeout);
      // Always end stdin, so a command that reads it (cat) sees EOF instead of hanging.
      try (OutputStream in = channel.getInvertedIn()) {
        new ByteArrayInputStream(stdin).transferTo(in);
      }
      Set<ClientChannelEvent> events =
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.toMillis());
      if (events.contains(ClientChannelEvent.TIMEOUT)) {
        // Closing the channel hangs up the remote command.
        channel.close(true);
        return new ExecResult(-1, text(out), text(err), true);
      }
      Integer exit = channel.getExitStatus();
      if (exit != null) {
        return new ExecResult(exit, text(out), text(err), false);
      }
      if (channel.getExitSignal() != null) {
        return new ExecResult(128, text(out), text(err) + "[killed by signal "
            + channel.getExitSignal() + "]", false);
      }
      throw new SshShellException(SshShellException.Kind.SESSION_LOST, describe()
          + ": the session ended before the command reported an exit status", null);
    } catch (SshShellException e) {
      invalidate(s);
      throw e;
    } catch (IOException | RuntimeException e) {
      invalidate(s);
      throw new SshShellException(SshShellException.Kind.SESSION_LOST, describe()
          + ": the session failed while running a command: " + e.getMessage(), e);
    }
  }

  /** The open session, connecting (with backoff on retryable failures) when there is none. */
  synchronized ClientSession session() throws SshShellException {
    if (session != null && session.isOpen() && session.isAuthenticated()) {
      return session;
    }
    closeQuietly(session);
    session = null;
    SshShellException last = null;
    for (int attempt = 1; attempt <= reconnect.attempts(); attempt++) {
      try {
        session = connectOnce();
        connects++;
        return session;
      } catch (SshShellException e) {
        if (!e.kind().retryable()) {
          throw e;
        }
        last = e;
      }
      if (attempt < reconnect.attempts()) {
        try {
          sleeper.sleep(reconnect.delayAfter(attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SshShellException(SshShellException.Kind.UNREACHABLE,
              describe() + ": interrupted while reconnecting", e);
        }
      }
    }
    throw last;
  }

  private ClientSession connectOnce() throws SshShellException {
    hostKeyChange.set(null);
    hostKeyProblem.set(null);
    ClientSession s = null;
    boolean connected = false;
    try {
      s = client.connect(target.user(), target.host(), target.port())
          .verify(connectTimeout).getSession();
      connected = true;
      s.auth().verify(connectTimeout);
      return s;
    } catch (IOException | RuntimeException e) {
      closeQuietly(s);
      String changed = hostKeyChange.get();
      if (changed != null) {
        throw new SshShellException(SshShellException.Kind.HOST_KEY_CHANGED, describe()
            + ": the host key of " + hostKeys.describe() + " changed (" + changed + ");"
            + " refusing to connect. If the instance really was replaced, "
            + hostKeys.howToForget(), e);
      }
      String problem = hostKeyProblem.get();
      if (problem != null) {
        throw new SshShellException(SshShellException.Kind.UNREACHABLE, describe() + ": "
            + problem, e);
      }
      if (connected && String.valueOf(e.getMessage()).contains("No more authentication methods")) {
        throw new SshShellException(SshShellException.Kind.AUTH_REFUSED, describe()
            + ": the server refused key authentication with "
            + keys.stream().map(SshKeys::describe).toList(), e);
      }
      throw new SshShellException(SshShellException.Kind.UNREACHABLE, describe()
          + ": cannot connect: " + e.getMessage(), e);
    }
  }

  private synchronized void invalidate(ClientSession failed) {
    if (session == failed && (failed == null || !failed.isOpen())) {
      session = null;
    }
  }

  private static void closeQuietly(ClientSession s) {
    if (s != null) {
      try {
        s.close(true);
      } catch (RuntimeException ignored) {
        // Already broken; nothing left to release.
      }
    }
  }

  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
