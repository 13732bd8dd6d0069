package dev.babysitter.agent.hero;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.checkpoint.CheckpointLayout;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.Prober;
import dev.babysitter.tools.shell.LocalShell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Real checkpoint directories on disk, listed by the real probe over a local shell. */
final class CheckpointDirs {
  final Path home;
  final Path dir;

  CheckpointDirs(Path root) throws IOException {
    home = Files.createDirectories(root.resolve("instance"));
    dir = Files.createDirectories(root.resolve("out/checkpoints"));
    Files.writeString(home.resolve("supervisor.env"), "CHECKPOINT_DIR='" + dir + "'\n"
        + "COMPLETE_MARKER='metadata.json'\n");
  }

  /** A checkpoint {@code step-N}, complete or not, last written at {@code modified}. */
  Path add(long step, boolean complete, Instant modified) throws IOException {
    Path d = Files.createDirectories(dir.resolve("step-" + step));
    Files.writeString(d.resolve("model.bin"), "weights " + step);
    if (complete) {
      Files.writeString(d.resolve("metadata.json"), "{\"step\": " + step + "}");
    }
    Files.setLastModifiedTime(d, FileTime.from(modified));
    return d;
  }

  Probe probe() {
    Probe probe = new Prober(Clock.systemUTC(), Duration.ofSeconds(60))
        .probe(new LocalShell(), home.toString(), 0, 50, 0);
    if (!probe.reachable()) {
      throw new AssertionError("probe failed: " + probe);
    }
    return probe;
  }

  CheckpointCatalog catalog() {
    Probe probe = probe();
    return CheckpointCatalog.of(CheckpointLayout.of(dir.toString(), "step-{n}", "directory",
        "metadata.json"), probe.checkpoints());
  }

  String path(long step) {
    return dir + "/step-" + step;
  }
}
