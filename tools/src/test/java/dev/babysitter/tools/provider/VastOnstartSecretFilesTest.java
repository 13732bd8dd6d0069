package dev.babysitter.tools.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The onstart, run for real with sh under the usual umask 022: supervisor.env (the run's tokens)
 * lands on the instance owner-only, in both payload modes, even over an older world-readable
 * copy and a leftover temp file.
 */
class VastOnstartSecretFilesTest {
  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() throws Exception {
    assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class));
  }

  private void run(VastOnstart o) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "umask 022\n" + o.onstart())
        .directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("onstart.log").toFile());
    pb.environment().putAll(o.env());
    pb.environment().putAll(Map.of("CONTAINER_ID", "9", "CONTAINER_API_KEY", "ck-9"));
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("onstart.log"))).isZero();
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @ParameterizedTest(name = "inline={0}")
  @ValueSource(booleans = {true, false})
  void supervisorEnvIsWrittenOwnerOnly(boolean inline) throws Exception {
    Path home = tmp.resolve("workspace/babysitter/run");
    Files.createDirectories(home);
    // What an older onstart (or a reboot's earlier run) left: world-readable copies.
    for (String stale : new String[] {"supervisor.env", "supervisor.env.tmp"}) {
      Files.writeString(home.resolve(stale), "OLD=1\n");
      Files.setPosixFilePermissions(home.resolve(stale),
          PosixFilePermissions.fromString("rw-r--r--"));
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("supervisor.env", "HF_TOKEN='hf_secret0123456789'\n".getBytes(StandardCharsets.UTF_8));
    files.put("supervisor.sh", "echo started > started\n".getBytes(StandardCharsets.UTF_8));
    files.put("code/train.py", "print('hi')\n".getBytes(StandardCharsets.UTF_8));
    if (!inline) {
      // Incompressible bytes push the payload past the onstart limit, into env chunks.
      byte[] noise = new byte[6000];
      new Random(7).nextBytes(noise);
      files.put("code/weights.bin", noise);
    }
    VastOnstart o = VastOnstart.build(home.toString(), files, "https://console.vast.ai");
    assertThat(o.env().isEmpty()).isEqualTo(inline);

    run(o);
    // supervisor.sh runs in the background (setsid): let it finish before the checks and cleanup
    for (int i = 0; i < 100 && !Files.exists(home.resolve("started")); i++) {
      Thread.sleep(50);
    }
    Thread.sleep(100);

    assertThat(Files.readString(home.resolve("supervisor.env")))
        .isEqualTo("HF_TOKEN='hf_secret0123456789'\n");
    assertThat(mode(home.resolve("supervisor.env"))).isEqualTo("rw-------");
    assertThat(home.resolve("supervisor.env.tmp")).doesNotExist();
    assertThat(mode(home.resolve("vast.env"))).isEqualTo("rw-------");
    // Nothing else changes: the script stays executable, shipped code keeps the usual mode.
    assertThat(mode(home.resolve("supervisor.sh"))).isEqualTo("rwxr-xr-x");
    assertThat(mode(home.resolve("code/train.py"))).isEqualTo("rw-r--r--");
  }
}
