package dev.babysitter.agent.session;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.policy.PolicyLoader;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.HealthAssessor;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.shell.RemoteShell;
import dev.babysitter.tools.shell.ShellExecCommand;
import dev.babysitter.tools.shell.SshShell;
import dev.babysitter.tools.shell.SshShellException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH host key of a Vast instance lives in its run record: the real wiring (RunFactory,
 * VastProvider, SshShell) against WireMock's show-instance reply and an in-process SSH server.
 */
class VastHostKeyTest {
  @RegisterExtension
  static WireMockExtension vast = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

  @TempDir Path tmp;
  KeyPair user;
  SshServer server;
  RunFactory factory;
  RunSpec spec;
  RunRecord record;

  @BeforeEach
  void setUp() throws Exception {
    user = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    Path keyFile = Files.createDirectories(tmp.resolve("home/.ssh")).resolve("id_ed25519");
    try (OutputStream out = Files.newOutputStream(keyFile)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "test", null, out);
    }
    server = startServer(0, tmp.resolve("hostkey-a.ser"));
    stubShowInstance(server.getPort());
    factory = new RunFactory(new Workspace(tmp.resolve("ws")), Clock.fixed(NOW, ZoneOffset.UTC),
        TestPaths.repoRoot(), new VastAccess(Map.of("VAST_URL", vast.baseUrl(),
            "VAST_API_KEY", "k-test"), tmp.resolve("home"), "/workspace/babysitter",
            "/workspace"));
    spec = new RunSpecLoader().load(TestPaths.repoRoot().resolve("examples/runs/tiny-vast.yaml"));
    record = new RunRecord();
    record.runName = spec.name();
    record.phase = "running";
    record.instance = instance("4242");
    factory.store().save(record);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.stop(true);
  }

  static Instance instance(String id) {
    return new Instance(id, "tiny-vast", "vast", "/workspace/babysitter/tiny-vast", "u", 0.4,
        "1x RTX 4090");
  }

  SshServer startServer(int port, Path hostKey) throws Exception {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(port);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM); // quick to generate, unlike the RSA default
    sshd.setKeyPairProvider(keys);
    sshd.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("test",
        List.of(user.getPublic())));
    sshd.setCommandFactory((channel, command) -> new ShellExecCommand(command,
        Files.createDirectories(tmp.resolve("work"))));
    sshd.start();
    return sshd;
  }

  /** instance-running.json from the Vast fixtures, its direct SSH port pointing at our server. */
  void stubShowInstance(int port) throws Exception {
    ObjectNode reply = (ObjectNode) new ObjectMapper().readTree(Files.readString(TestPaths
        .repoRoot().resolve("tools/src/test/resources/vast/instance-running.json")));
    ObjectNode i = (ObjectNode) reply.get("instances");
    i.put("public_ipaddr", "127.0.0.1").put("ssh_host", "127.0.0.1").put("ssh_port", port);
    i.putObject("ports").putArray("22/tcp").addObject().put("HostIp", "0.0.0.0")
        .put("HostPort", String.valueOf(port));
    vast.stubFor(get(urlPathMatching("/api/v0/instances/[0-9]+/?"))
        .willReturn(okJson(reply.toString())));
  }

  String serverFingerprint() throws Exception {
    return SshShell.fingerprint(server.getKeyPairProvider().loadKeys(null).iterator().next()
        .getPublic());
  }

  boolean runs(RemoteShell shell) throws Exception {
    try (shell) {
      return shell.exec("true", Duration.ofSeconds(5)).ok();
    }
  }

  @Test
  void firstUseIsRecordedInTheRunRecordTheSameKeyPassesAndANewOneIsRefused() throws Exception {
    String first = serverFingerprint();
    assertThat(runs(factory.provider(spec, record).shell(record.instance))).isTrue();

    assertThat(record.sshHostKey).isEqualTo(new RunRecord.HostKey("4242", first, NOW));
    assertThat(first).startsWith("SHA256:");
    // It is part of the record, so it survives a restart of the babysitter.
    factory.store().save(record);
    RunRecord reloaded = factory.store().load("tiny-vast").orElseThrow();
    assertThat(reloaded.sshHostKey).isEqualTo(record.sshHostKey);
    assertThat(runs(factory.provider(spec, reloaded).shell(reloaded.instance))).isTrue();
    // No per-instance file any more: the record is the one place.
    assertThat(factory.store().dirOf("tiny-vast").resolve("hostkey.vast-4242")).doesNotExist();
    assertThat(factory.store().dirOf("tiny-vast").resolve("known_hosts.vast-4242"))
        .doesNotExist();

    // Another machine answers on the same address.
    int port = server.getPort();
    server.stop(true);
    server = startServer(port, tmp.resolve("hostkey-b.ser"));
    String second = serverFingerprint();
    assertThat(second).isNotEqualTo(first);
    RemoteShell shell = factory.provider(spec, reloaded).shell(reloaded.instance);
    SshShellException e = catchThrowableOfType(SshShellException.class,
        () -> shell.exec("true", Duration.ofSeconds(5)));

    assertThat(e.kind()).isEqualTo(SshShellException.Kind.HOST_KEY_CHANGED);
    assertThat(e.getMessage()).contains("run tiny-vast, instance 4242",
        "recorded " + first, "offered " + second, "sshHostKey",
        factory.store().dirOf("tiny-vast").resolve("record.json").toString());
    assertThat(reloaded.sshHostKey.fingerprint()).isEqualTo(first);

    // The watcher sees a stale monitor (an alert for a person), not a sick run: nothing is
    // destroyed or relaunched because of it.
    Probe probe = new Prober(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(10))
        .probe(shell, reloaded.instance.home(), 0, 50, 0);
    shell.close();
    assertThat(probe.reachable()).isFalse();
    assertThat(probe.problem()).contains(first, second);
    var assessment = new HealthAssessor(new PolicyLoader().load(TestPaths.repoRoot()
        .resolve("policies/default.yaml")).alerts(), new ProgressParser(null, null),
        new FailureClassifier()).assess(probe, WatchMemory.fresh(1), 2000, NOW,
        InstanceState.RUNNING);
    assertThat(assessment.health()).isEqualTo(Health.MONITOR_STALE);
    vast.verify(0, deleteRequestedFor(anyUrl()));
  }

  @Test
  void aProcessThatDoesNotOwnTheRecordChecksTheSavedKeyButNeverWritesIt() throws Exception {
    // `watch` and friends: no owned record. Before the babysitter recorded anything, a first
    // key is trusted for that shell only; the file on disk is untouched.
    String saved = Files.readString(factory.store().dirOf("tiny-vast").resolve("record.json"));
    assertThat(runs(factory.provider(spec).shell(record.instance))).isTrue();
    assertThat(Files.readString(factory.store().dirOf("tiny-vast").resolve("record.json")))
        .isEqualTo(saved);

    // Once the babysitter saved a key, a reader is held to it too.
    record.sshHostKey = new RunRecord.HostKey("4242", "SHA256:somethingElse", NOW);
    factory.store().save(record);
    RemoteShell shell = factory.provider(spec).shell(record.instance);
    SshShellException e = catchThrowableOfType(SshShellException.class,
        () -> shell.exec("true", Duration.ofSeconds(5)));
    shell.close();
    assertThat(e.kind()).isEqualTo(SshShellException.Kind.HOST_KEY_CHANGED);
    assertThat(e.getMessage()).contains("recorded SHA256:somethingElse",
        "offered " + serverFingerprint());
  }

  @Test
  void aKeyRecordedForAnEarlierInstanceDoesNotBindTheNextOne() throws Exception {
    record.sshHostKey = new RunRecord.HostKey("4241", "SHA256:theOldInstance", NOW);
    record.instance = instance("4243");

    assertThat(runs(factory.provider(spec, record).shell(record.instance))).isTrue();

    assertThat(record.sshHostKey).isEqualTo(new RunRecord.HostKey("4243", serverFingerprint(),
        NOW));
  }
}
