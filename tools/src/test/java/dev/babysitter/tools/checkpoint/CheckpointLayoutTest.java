package dev.babysitter.tools.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLayoutTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
  private static final String DIR = "/out/checkpoints";

  private static CheckpointCatalog.Entry file(String name) {
    return new CheckpointCatalog.Entry(name, true, T, false);
  }

  private static CheckpointCatalog.Entry dir(String name, boolean marker) {
    return new CheckpointCatalog.Entry(name, marker, T, true);
  }

  @Test
  void kindIsInferredFromTheFileSuffix() {
    assertThat(CheckpointLayout.of(DIR, "ckpt_{n}.pt", null, null).kind())
        .isEqualTo(CheckpointLayout.Kind.FILE);
    assertThat(CheckpointLayout.of(DIR, "epoch={e}-step={n}.ckpt", null, null).kind())
        .isEqualTo(CheckpointLayout.Kind.FILE);
    assertThat(CheckpointLayout.of(DIR, "model_{n}.safetensors", null, null).kind())
        .isEqualTo(CheckpointLayout.Kind.FILE);
    CheckpointLayout steps = CheckpointLayout.of(DIR, "step-{n}", null, null);
    assertThat(steps.kind()).isEqualTo(CheckpointLayout.Kind.DIRECTORY);
    assertThat(steps.marker()).isEqualTo("metadata.json");
    assertThat(CheckpointLayout.of(DIR, "checkpoint-{n}", null, null).marker())
        .isEqualTo("trainer_state.json");
    // said explicitly, a ".pt" name can still be a directory
    assertThat(CheckpointLayout.of(DIR, "iter_{n}.pt", "directory", "done").kind())
        .isEqualTo(CheckpointLayout.Kind.DIRECTORY);
  }

  @Test
  void problemsAreListedTogether() {
    assertThat(CheckpointLayout.problems("ckpt.pt", "folder", null))
        .anyMatch(p -> p.startsWith("pattern: must contain exactly one {n}"))
        .anyMatch(p -> p.startsWith("layout: must be directory or file"));
    assertThat(CheckpointLayout.problems("ckpt_{n}.pt", null, "metadata.json"))
        .singleElement().asString().startsWith("complete_marker:").contains("single files");
    assertThat(CheckpointLayout.problems("a/{n}", null, null)).anyMatch(p -> p.contains("'/'"));
    assertThat(CheckpointLayout.problems("step-{n}-{x}", null, null))
        .anyMatch(p -> p.contains("only {n}"));
    assertThat(CheckpointLayout.problems("step-{n}", null, null)).isEmpty();
  }

  @Test
  void singleFilesCountOnlyUnderTheirFinalName() {
    CheckpointLayout layout = CheckpointLayout.of(DIR, "ckpt_{n}.pt", null, null);
    CheckpointCatalog c = CheckpointCatalog.of(layout, List.of(file("ckpt_100.pt"),
        file("ckpt_200.pt.tmp"), file("ckpt_9.pt"), dir("ckpt_300.pt", true), file("last.pt")));

    assertThat(c.all()).extracting(Checkpoint::step).containsExactly(9L, 100L);
    assertThat(c.newestComplete(Set.of())).get().extracting(Checkpoint::path)
        .isEqualTo("/out/checkpoints/ckpt_100.pt");
  }

  @Test
  void directoriesNeedTheirMarkerAndFilesOfTheSameNameAreIgnored() {
    CheckpointLayout layout = CheckpointLayout.of(DIR, "checkpoint-{n}", null, null);
    CheckpointCatalog c = CheckpointCatalog.of(layout, List.of(dir("checkpoint-500", true),
        dir("checkpoint-1000", false), file("checkpoint-2000")));

    assertThat(c.all()).extracting(Checkpoint::step).containsExactly(500L, 1000L);
    assertThat(c.newestComplete(Set.of())).get().extracting(Checkpoint::step).isEqualTo(500L);
  }

  @Test
  void lightningNamesReadTheStepNotTheEpoch() {
    CheckpointLayout layout = CheckpointLayout.of(DIR, "epoch={e}-step={n}.ckpt", null, null);
    assertThat(layout.stepOf("/x/epoch=12-step=4800.ckpt")).hasValue(4800);
    assertThat(layout.stepOf("epoch=12-step=4800.ckpt.tmp")).isEmpty();
    assertThat(layout.stepOf("last.ckpt")).isEmpty();
    CheckpointLayout star = CheckpointLayout.of(DIR, "*-step{n}.pt", null, null);
    assertThat(star.stepOf("run7-step0042.pt")).hasValue(42);
  }

  @Test
  void describesWhatWasUnderstood() {
    assertThat(CheckpointLayout.of(DIR, "ckpt_{n}.pt", null, null).describe())
        .isEqualTo("single files /out/checkpoints/ckpt_{n}.pt, complete once present under the "
            + "final name (a saver writes a temporary name, then renames it)");
    assertThat(CheckpointLayout.of(DIR, "step-{n}", null, null).describe())
        .isEqualTo("directories /out/checkpoints/step-{n}/, complete when metadata.json exists"
            + " inside");
  }

  @Test
  void completeOnDiskFollowsTheKind(@TempDir Path tmp) throws Exception {
    CheckpointLayout files = CheckpointLayout.of(tmp.toString(), "ckpt_{n}.pt", null, null);
    Files.writeString(tmp.resolve("ckpt_5.pt"), "x");
    Files.createDirectories(tmp.resolve("ckpt_6.pt"));
    assertThat(files.completeOnDisk(tmp.resolve("ckpt_5.pt"))).isTrue();
    assertThat(files.completeOnDisk(tmp.resolve("ckpt_6.pt"))).isFalse();
    CheckpointLayout dirs = CheckpointLayout.of(tmp.toString(), "step-{n}", null, null);
    Files.createDirectories(tmp.resolve("step-5"));
    assertThat(dirs.completeOnDisk(tmp.resolve("step-5"))).isFalse();
    Files.writeString(tmp.resolve("step-5/metadata.json"), "{}");
    assertThat(dirs.completeOnDisk(tmp.resolve("step-5"))).isTrue();
  }

  /** The shell's regex and Java's agree on real names (sed -E, as the supervisor runs it). */
  @Test
  void posixRegexMatchesTheSameNamesAsJava(@TempDir Path tmp) throws Exception {
    String[][] cases = {
        {"ckpt_{n}.pt", "ckpt_120.pt", "120"}, {"ckpt_{n}.pt", "ckpt_120xpt", ""},
        {"ckpt_{n}.pt", "ckpt_120.pt.tmp", ""}, {"epoch={e}-step={n}.ckpt", "epoch=3-step=90.ckpt", "90"},
        {"model_{n}.safetensors", "model_007.safetensors", "007"}, {"step-{n}", "step-5", "5"},
        {"a+b(c)[{n}]$", "a+b(c)[12]$", "12"}, {"a+b(c)[{n}]$", "aab(c)[12]$", ""},
    };
    for (String[] c : cases) {
      CheckpointLayout layout = CheckpointLayout.of(DIR, c[0], "file", null);
      Process p = new ProcessBuilder("sh", "-c", "printf '%s\\n' \"$1\" | sed -En \"s/$2/\\1/p\"",
          "sh", c[1], layout.posixRegex()).redirectErrorStream(true).start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      String shell = new String(p.getInputStream().readAllBytes()).strip();
      assertThat(shell).as("sed on %s with %s", c[1], c[0]).isEqualTo(c[2]);
      assertThat(layout.stepOf(c[1]).isPresent()).as("java on %s", c[1]).isEqualTo(!c[2].isEmpty());
    }
  }

  @Test
  void newestCompleteBeforeAStepSkipsIncompleteAndRejectedOnes() {
    CheckpointLayout layout = CheckpointLayout.of(DIR, "ckpt_{n}.pt", null, null);
    CheckpointCatalog c = CheckpointCatalog.of(layout, List.of(file("ckpt_10.pt"),
        file("ckpt_20.pt"), file("ckpt_30.pt"), file("ckpt_40.pt")));
    assertThat(c.newestCompleteBefore(30, Set.of())).get().extracting(Checkpoint::step)
        .isEqualTo(20L);
    assertThat(c.newestCompleteBefore(30, Set.of(DIR + "/ckpt_20.pt"))).get()
        .extracting(Checkpoint::step).isEqualTo(10L);
    assertThat(c.newestCompleteBefore(10, Set.of())).isEmpty();
  }
}
