package dev.babysitter.agent.demo.sim;

import dev.babysitter.tools.shell.ShellExecCommand;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.KeySetPublickeyAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * Vast.ai on this machine, offline: WireMock on 127.0.0.1 serving the documented API from a
 * {@link SimCloud}, and a MINA SSHD on 127.0.0.1 whose exec channel runs real {@code sh -c}, so
 * the whole Vast code path (offers, create, onstart, SSH probe, event tail, destroy, and the
 * dead-man switch's own destroy call) runs against it unchanged.
 *
 * <p>Layout under {@code root}: {@code id_ed25519} (the "user's" key), {@code containers/<id>}
 * (each instance's cwd and onstart.log), {@code workspace/babysitter} (the instances' remote
 * root, standing in for {@code /workspace/babysitter}).
 */
public final class VastSim implements AutoCloseable {
  private final Path root;
  private final String apiKey;
  private final WireMockServer wireMock;
  private final SshServer sshd;
  private final SimCloud cloud;
  private final ScheduledExecutorService timers;

  private VastSim(Path root, String apiKey, WireMockServer wireMock, SshServer sshd, SimCloud cloud,
      ScheduledExecutorService timers) {
    this.root = root;
    this.apiKey = apiKey;
    this.wireMock = wireMock;
    this.sshd = sshd;
    this.cloud = cloud;
    this.timers = timers;
  }

  /**
   * @param loadingFor how long a new instance stays provisioning/loading before it runs
   * @param firstOfferGone whether the cheapest offer is taken between search and create
   */
  public static VastSim start(Path root, Duration loadingFor, boolean firstOfferGone, Clock clock)
      throws IOException {
    Files.createDirectories(root.resolve("workspace/babysitter"));
    KeyPair user;
    try {
      user = KeyUtils.generateKeyPair("ssh-ed25519", 256);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot generate the sim's SSH key", e);
    }
    Path keyFile = root.resolve("id_ed25519");
    try (OutputStream out = Files.newOutputStream(keyFile)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(user, "demo@vast-sim", null, out);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write the sim's SSH key", e);
    }
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolve("hostkey.ser")));
    sshd.setPublickeyAuthenticator(new KeySetPublickeyAuthenticator("vast-sim",
        List.of(user.getPublic())));
    Path containers = Files.createDirectories(root.resolve("containers"));
    sshd.setCommandFactory((channel, command) -> new ShellExecCommand(command, containers));
    sshd.start();

    ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vast-sim-timers");
      t.setDaemon(true);
      return t;
    });
    String key = "sim-" + UUID.randomUUID().toString().replace("-", "");
    SimCloud cloud = new SimCloud(key, root, root.resolve("workspace/babysitter"), sshd.getPort(),
        loadingFor, firstOfferGone, timers, clock);
    WireMockServer wm = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
        .dynamicPort().extensions(cloud));
    wm.start();
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    return new VastSim(root, key, wm, sshd, cloud, timers);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + wireMock.port();
  }

  /** The "user's" Vast API key; the demo hands it over as VAST_API_KEY. */
  public String apiKey() {
    return apiKey;
  }

  public Path sshKeyFile() {
    return root.resolve("id_ed25519");
  }

  /** Stands in for {@code /workspace/babysitter} on the instance. */
  public Path remoteRoot() {
    return root.resolve("workspace/babysitter");
  }

  /** From now on a stopped instance cannot be started again: its GPUs were rented meanwhile. */
  public void takeGpusWhileStopped() {
    cloud.takeGpusWhileStopped();
  }

  public int instancesCreated() {
    return cloud.created();
  }

  public List<Long> liveInstances() {
    return cloud.live();
  }

  /** Every request WireMock saw, newest first (its journal). */
  public List<ServeEvent> journal() {
    return wireMock.getAllServeEvents();
  }

  @Override
  public void close() throws IOException {
    // Nothing of the demo may outlive it; done outside the API so the journal stays honest.
    cloud.destroyAll();
    timers.shutdownNow();
    wireMock.stop();
    sshd.stop(true);
  }
}
