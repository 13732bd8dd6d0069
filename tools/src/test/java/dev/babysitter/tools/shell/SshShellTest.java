package dev.babysitter.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshShell and SshEventStream against an in-process MINA server running real sh commands. */
class SshShellTest {
  static final Backoff FAST = new Backoff(4, Duration.ofMillis(50), 2.0, Duration.ofMillis(400));
  static Path keyDir;
  static KeyPair ed25519;
  static KeyPair rsa;
  static KeyPair stranger;

  @TempDir Path tmp;
  Path work;
  Path knownHosts;
  SshServer server;
  final List<AutoCloseable> closeLater = new ArrayList<>();

  @BeforeAll
  static void keys(@TempDir Path dir) throws Exception {
    keyDir = dir;
    ed25519 = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    rsa = KeyUtils.generateKeyPair("ssh-rsa", 2048);
    stranger = KeyUtils.generateKeyPair("ssh-ed25519", 256);
  }

  @BeforeEach
  void setUp() throws Exception {
    work = Files.createDirectories(tmp.resolve("work"));
    knownHosts = tmp.resolve("instance-4242.known_hosts");
    server = startServer(0, tmp.resolve("hostkey.ser"), ed25519.getPublic(), rsa.getPublic());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeLater) {
      c.close();
    }
    server.stop(true);
  }

  SshServer startServer(int port, Path hostKey, PublicKey... allowed) throws Exception {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(port);
    sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKey));
    sshd.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("test", List.of(allowed)));
    sshd.setCommandFactory((channel, command) -> new ShellExecCommand(command, work));
    sshd.start();
    return sshd;
  }

  Path keyFile(String name, KeyPair key) throws Exception {
    Path file = keyDir.resolve(name);
    if (!Files.exists(file)) {
      try (OutputStream out = Files.newOutputStream(file)) {
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test@" + name, null, out);
      }
    }
    return file;
  }

  SshShell shell(KeyPair key) {
    SshShell shell = new SshShell(new SshShell.Target("root", "127.0.0.1", server.getPort()),
        List.of(key), knownHosts, FAST, Sleeper.REAL, Duration.ofSeconds(5));
    closeLater.add(shell);
    return shell;
  }

  @Test
  void ed25519AndRsaKeysLoadFromOpenSshFilesAndAuthenticate() throws Exception {
    for (String name : List.of("id_ed25519", "id_rsa")) {
      KeyPair key = name.equals("id_rsa") ? rsa : ed25519;
      List<KeyPair> loaded = SshKeys.load(keyFile(name, key));
      assertThat(loaded).hasSize(1);
      SshShell shell = new SshShell(new SshShell.Target("root", "127.0.0.1", server.getPort()),
          loaded, knownHosts, FAST, Sleeper.REAL, Duration.ofSeconds(5));
      closeLater.add(shell);
      assertThat(shell.exec("echo hello", Duration.ofSeconds(5)))
          .isEqualTo(new ExecResult(0, "hello\n", "", false));
    }
  }

  @Test
  void aKeyFileWithNoKeysFailsLoudly() throws Exception {
    Path pub = tmp.resolve("id_ed25519.pub");
    Files.writeString(pub, "not a private key\n");
    assertThatThrownBy(() -> SshKeys.load(pub)).hasMessageContaining("yielded no keys");
    assertThatThrownBy(() -> SshKeys.load(tmp.resolve("missing")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aWrongKeyIsRefusedWithoutRetrying() {
    SshShell shell = shell(stranger);
    SshShellException e = catchThrowableOfType(SshShellException.class,
        () -> shell.exec("true", Duration.ofSeconds(5)));
    assertThat(e.kind()).isEqualTo(SshShellException.Kind.AUTH_REFUSED);
    assertThat(e.getMessage()).contains("refused key authentication", "ssh-ed25519");
    assertThat(shell.connects()).isZero();
  }

  @Test
  void hostKeyIsRecordedOnFirstUseAndAChangeIsRefused() throws Exception {
    SshShell first = shell(ed25519);
    assertThat(first.exec("true", Duration.ofSeconds(5)).ok()).isTrue();
    first.close();
    String recorded = Files.readString(knownHosts).strip();
    assertThat(recorded).isEqualTo(SshShell.fingerprint(
        server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic()));
    // The same key again passes and changes nothing.
    SshShell same = shell(ed25519);
    assertThat(same.exec("true", Duration.ofSeconds(5)).ok()).isTrue();
    same.close();

    // Same address, new machine behind it.
    int port = server.getPort();
    server.stop(true);
    server = startServer(port, tmp.resolve("other-hostkey.ser"), ed25519.getPublic());
    String offered = SshShell.fingerprint(
        server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
    SshShell second = shell(ed25519);
    SshShellException e = catchThrowableOfType(SshShellException.class,
        () -> second.exec("true", Duration.ofSeconds(5)));

    assertThat(e.kind()).isEqualTo(SshShellException.Kind.HOST_KEY_CHANGED);
    assertThat(e.kind().retryable()).isFalse();
    assertThat(e.getMessage()).contains("host key of the host key in " + knownHosts,
        "changed (recorded " + recorded + ", offered " + offered + ")", "delete " + knownHosts);
    assertThat(offered).isNotEqualTo(recorded).startsWith("SHA256:");
    assertThat(Files.readString(knownHosts).strip()).isEqualTo(recorded);
    assertThat(second.connects()).isZero();
  }

  @Test
  void aStoreThatCannotRecordFailsClosed() {
    HostKeyStore broken = new HostKeyStore() {
      @Override
      public java.util.Optional<String> recorded() {
        return java.util.Optional.empty();
      }

      @Override
      public void record(String fingerprint) throws java.io.IOException {
        throw new java.io.IOException("disk full");
      }

      @Override
      public String describe() {
        return "run r, instance 1";
      }

      @Override
      public String howToForget() {
        return "-";
      }
    };
    SshShell shell = new SshShell(new SshShell.Target("root", "127.0.0.1", server.getPort()),
        List.of(ed25519), broken, FAST, d -> { }, Duration.ofSeconds(5));
    closeLater.add(shell);

    SshShellException e = catchThrowableOfType(SshShellException.class,
        () -> shell.exec("true", Duration.ofSeconds(5)));

    assertThat(e.getMessage()).contains("run r, instance 1 could not be checked or recorded",
        "disk full");
    assertThat(shell.connects()).isZero();
  }

  @Test
  void probeLikeRoundTripReturnsOutputAndExitCodes() throws Exception {
    Files.writeString(work.resolve("state.json"), "{\"step\":12}\n");
    SshShell shell = shell(ed25519);
    shell.exec("true", Duration.ofSeconds(5));

    long start = System.nanoTime();
    int rounds = 20;
    ExecResult probe = null;
    for (int i = 0; i < rounds; i++) {
      probe = shell.exec("echo ---; cat state.json; echo err >&2; exit 3", Duration.ofSeconds(5));
    }
    double ms = (System.nanoTime() - start) / 1e6 / rounds;
    System.out.printf("probe round trip over loopback SSH: %.1f ms (mean of %d)%n", ms, rounds);

    assertThat(probe).isEqualTo(new ExecResult(3, "---\n{\"step\":12}\n", "err\n", false));
    assertThat(shell.exec("cat missing-file", Duration.ofSeconds(5)).exitCode()).isEqualTo(1);
    assertThat(shell.connects()).isEqualTo(1);
  }

  @Test
  void aCommandPastItsTimeoutIsCutOff() throws Exception {
    SshShell shell = shell(ed25519);
    long start = System.nanoTime();
    ExecResult r = shell.exec("echo started; sleep 20", Duration.ofMillis(500));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(shell.exec("echo still usable", Duration.ofSeconds(5)).stdout())
        .isEqualTo("still usable\n");
  }

  @Test
  void uploadWritesTheFileAndItsMode() throws Exception {
    SshShell shell = shell(ed25519);
    byte[] content = "#!/bin/sh\necho supervised\n".getBytes(StandardCharsets.UTF_8);
    String target = work.resolve("bin/it's here/supervisor.sh").toString();

    shell.upload(content, target, true);

    assertThat(Files.readAllBytes(Path.of(target))).isEqualTo(content);
    assertThat(shell.exec("'" + target.replace("'", "'\\''") + "'", Duration.ofSeconds(5))
        .stdout()).isEqualTo("supervised\n");
    assertThat(Files.exists(Path.of(target + ".upload"))).isFalse();
  }

  @Test
  void reconnectsAfterTheServerDropsTheSessionAndAfterARestart() throws Exception {
    SshShell shell = shell(ed25519);
    assertThat(shell.exec("echo one", Duration.ofSeconds(5)).stdout()).isEqualTo("one\n");

    server.getActiveSessions().forEach(s -> s.close(true));
    waitUntil(() -> !shell.connected());
    assertThat(shell.exec("echo two", Duration.ofSeconds(5)).stdout()).isEqualTo("two\n");
    assertThat(shell.connects()).isEqualTo(2);

    // The server goes away for a moment: the shell keeps retrying until it is back.
    int port = server.getPort();
    server.stop(true);
    List<Duration> waited = new CopyOnWriteArrayList<>();
    SshShell patient = new SshShell(new SshShell.Target("root", "127.0.0.1", port),
        List.of(ed25519), knownHosts, FAST, d -> {
          waited.add(d);
          if (waited.size() == 2) {
            try {
              server = startServer(port, tmp.resolve("hostkey.ser"), ed25519.getPublic());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
        }, Duration.ofSeconds(5));
    closeLater.add(patient);
    assertThat(patient.exec("echo three", Duration.ofSeconds(5)).stdout()).isEqualTo("three\n");
    assertThat(waited).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
  }

  @Test
  void anUnreachableHostIsAnSshFailureNotACommandResult() {
    SshShell shell = new SshShell(new SshShell.Target("root", "127.0.0.1", 1), List.of(ed25519),
        knownHosts, FAST, d -> { }, Duration.ofSeconds(2));
    closeLater.add(shell);
    SshShellException e = catchThrowableOfType(SshShellException.class,
        () -> shell.exec("true", Duration.ofSeconds(1)));
    assertThat(e.kind()).isEqualTo(SshShellException.Kind.UNREACHABLE);
    assertThat(e.getMessage()).contains("root@127.0.0.1:1");
  }

  @Test
  void eventStreamWakesWithinASecondAndSurvivesADroppedSession() throws Exception {
    Path events = work.resolve("events.jsonl");
    Files.writeString(events, "{\"event\":\"started\"}\n");
    SshShell shell = shell(ed25519);
    LinkedBlockingQueue<Long> wakeups = new LinkedBlockingQueue<>();
    SshEventStream stream = new SshEventStream(shell, events.toString(), FAST, Sleeper.REAL);
    closeLater.add(stream);
    stream.start(() -> wakeups.add(System.nanoTime()));
    waitUntil(() -> stream.opened() == 1);
    Thread.sleep(300); // tail -n 0 must be running before the append, or the line is "old"

    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long appended = System.nanoTime();
      Files.writeString(events, "{\"event\":\"step\",\"n\":" + i + "}\n",
          StandardOpenOption.APPEND);
      Long woke = wakeups.poll(5, TimeUnit.SECONDS);
      assertThat(woke).as("wakeup for line %d", i).isNotNull();
      latencies.add((woke - appended) / 1_000_000);
    }
    System.out.println("event stream latency over loopback SSH (ms): " + latencies);
    assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(2000));
    assertThat(wakeups).isEmpty();

    server.getActiveSessions().forEach(s -> s.close(true));
    // The drop itself wakes the watcher (the host may be gone) ...
    assertThat(wakeups.poll(10, TimeUnit.SECONDS)).as("wakeup for the drop").isNotNull();
    // ... and after reconnecting, one catch-up wakeup, then new lines arrive again.
    assertThat(wakeups.poll(10, TimeUnit.SECONDS)).as("wakeup after the reconnect").isNotNull();
    assertThat(stream.opened()).isEqualTo(2);
    Thread.sleep(300);
    Files.writeString(events, "{\"event\":\"finished\"}\n", StandardOpenOption.APPEND);
    assertThat(wakeups.poll(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void aHostThatGoesSilentWakesTheWatcherOnceWhenItsKeepalivesGoUnanswered() throws Exception {
    Path events = work.resolve("events.jsonl");
    Files.writeString(events, "{\"event\":\"started\"}\n");
    SilentProxy proxy = new SilentProxy(server.getPort());
    closeLater.add(proxy);
    SshShell shell = new SshShell(new SshShell.Target("root", "127.0.0.1", proxy.port()),
        List.of(ed25519), knownHosts, FAST, Sleeper.REAL, Duration.ofSeconds(2))
        .keepalive(Duration.ofMillis(300));
    closeLater.add(shell);
    LinkedBlockingQueue<Long> wakeups = new LinkedBlockingQueue<>();
    SshEventStream stream = new SshEventStream(shell, events.toString(), FAST, Sleeper.REAL);
    closeLater.add(stream);
    stream.start(() -> wakeups.add(System.nanoTime()));
    waitUntil(() -> stream.opened() == 1);

    long silentAt = System.nanoTime();
    proxy.goSilent(); // no FIN, no reset: only unanswered keepalives tell
    Long woke = wakeups.poll(10, TimeUnit.SECONDS);
    assertThat(woke).as("wakeup for a silent host").isNotNull();
    System.out.println("silent host noticed after (ms): " + (woke - silentAt) / 1_000_000);
    // Reconnects keep failing against the silent host: no wakeup for each of them.
    assertThat(wakeups.poll(3, TimeUnit.SECONDS)).isNull();
    assertThat(stream.opened()).isEqualTo(1);
  }

  static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in 10 s");
      }
      Thread.sleep(20);
    }
  }
}
