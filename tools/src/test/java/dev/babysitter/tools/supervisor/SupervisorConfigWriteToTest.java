package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** supervisor.env carries the spec's env (tokens): it must be readable by its owner only. */
class SupervisorConfigWriteToTest {
  @TempDir Path tmp;

  private SupervisorConfig config() {
    return SupervisorConfig.of("tiny", "python train.py", tmp.resolve("work"), tmp.resolve("out"),
        100, tmp.resolve("train.log")).withExtra(Map.of("HF_TOKEN", "hf_secretvalue0123456789"));
  }

  private void assumePosix() throws Exception {
    assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class));
  }

  @Test
  void supervisorEnvIsOwnerOnly() throws Exception {
    assumePosix();
    Path home = tmp.resolve("home");
    Path file = config().writeTo(home);
    assertThat(file).isEqualTo(home.resolve("supervisor.env"));
    assertThat(Files.readString(file)).contains("HF_TOKEN='hf_secretvalue0123456789'");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    try (Stream<Path> left = Files.list(home)) {
      assertThat(left).containsExactly(file); // no temp file left behind
    }
  }

  @Test
  void aWorldReadableFileFromAnOlderVersionIsReplacedByAnOwnerOnlyOne() throws Exception {
    assumePosix();
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path file = home.resolve("supervisor.env");
    Files.writeString(file, "OLD=1\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    config().writeTo(home);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).doesNotContain("OLD=1").contains("RUN_NAME='tiny'");
  }
}
