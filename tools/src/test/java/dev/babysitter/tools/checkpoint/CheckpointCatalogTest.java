package dev.babysitter.tools.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckpointCatalogTest {
  private static final Instant T = Instant.parse("2026-11-23T14:00:00Z");
  private static final String DIR = "/out/checkpoints";

  private static CheckpointCatalog.Entry e(String name, boolean complete, long secondsAfterT) {
    return new CheckpointCatalog.Entry(name, complete, T.plusSeconds(secondsAfterT));
  }

  @Test
  void ordersByNumericStepNotByText() {
    CheckpointCatalog c = CheckpointCatalog.of(DIR, "step-{n}", List.of(
        e("step-9", true, 0), e("step-100", true, 0), e("step-10", true, 0), e("step-2", true, 0)));

    assertThat(c.all()).extracting(Checkpoint::name)
        .containsExactly("step-2", "step-9", "step-10", "step-100");
    assertThat(c.all()).extracting(Checkpoint::step).containsExactly(2L, 9L, 10L, 100L);
    assertThat(c.newestComplete(Set.of())).get().extracting(Checkpoint::name).isEqualTo("step-100");
  }

  @Test
  void theNextSaveFollowsTheIntervalOfTheTwoNewestCompleteCheckpoints() {
    // step-300 is still being written: the interval is step-100 to step-200
    CheckpointCatalog c = CheckpointCatalog.of(DIR, "step-{n}", List.of(
        e("step-100", true, 0), e("step-200", true, 0), e("step-300", false, 0)));

    assertThat(c.nextSaveAfter(250)).hasValue(300);
    assertThat(c.nextSaveAfter(300)).hasValue(400);
    assertThat(c.nextSaveAfter(420)).hasValue(500);
    assertThat(c.nextSaveAfter(150)).hasValue(300);
    assertThat(CheckpointCatalog.of(DIR, "step-{n}", List.of(e("step-100", true, 0)))
        .nextSaveAfter(150)).isEmpty();
  }

  @Test
  void orderDoesNotDependOnModificationTimeAcrossSteps() {
    // step-9 was touched after step-10: numeric step still decides
    CheckpointCatalog c = CheckpointCatalog.of(DIR, "step-{n}", List.of(
        e("step-9", true, 500), e("step-10", true, 0)));

    assertThat(c.newestComplete(Set.of())).get().extracting(Checkpoint::name).isEqualTo("step-10");
  }

  @Test
  void tiesOnStepAreBrokenByModificationTime() {
    CheckpointCatalog c = CheckpointCatalog.of(DIR, "step-{n}", List.of(
        e("step-010", true, 60), e("step-10", true, 0)));

    assertThat(c.all()).extracting(Checkpoint::name).containsExactly("step-10", "step-010");
    assertThat(c.newestComplete(Set.of())).get().extracting(Checkpoint::name)
        .isEqualTo("step-010");
    assertThat(c.atStep(10)).get().extracting(Checkpoint::name).isEqualTo("step-010");
  }

  @Test
  void namesThatDoNotMatchThePatternAreIgnored() {
    CheckpointCatalog c = CheckpointCatalog.of(DIR, "step-{n}", List.of(
        e("step-5", true, 0), e("latest", true, 0), e("step-abc", true, 0),
        e("step-7-tmp", true, 0), e("xstep-8", true, 0), e("step-", true, 0), e("runs", true, 0)));

    assertThat(c.all()).extracting(Checkpoint::name).containsExactly("step-5");
  }

  @Test
  void pathsJoinTheDirectoryOnce() {
    CheckpointCatalog plain = CheckpointCatalog.of(DIR, "step-{n}", List.of(e("step-5", true, 0)));
    CheckpointCatalog slash = CheckpointCatalog.of(DIR + "/", "step-{n}",
        List.of(e("step-5", true, 0)));

    assertThat(plain.all().get(0).path()).isEqualTo(DIR + "/step-5");
    assertThat(slash.all().get(0).path()).isEqualTo(DIR + "/step-5");
    assertThat(plain.byPath(DIR + "/step-5")).isPresent();
    assertThat(plain.byPath(DIR + "/step-6")).isEmpty();
  }

  @Test
  void newestCompleteSkipsIncompleteAndRejected() {
    CheckpointCatalog c = CheckpointCatalog.of(DIR, "step-{n}", List.of(
        e("step-8", true, 0), e("step-9", true, 0), e("step-10", true, 0), e("step-11", false, 0)));

    assertThat(c.newestComplete(Set.of())).get().extracting(Checkpoint::path)
        .isEqualTo(DIR + "/step-10");
    assertThat(c.newestComplete(Set.of(DIR + "/step-10"))).get().extracting(Checkpoint::path)
        .isEqualTo(DIR + "/step-9");
    assertThat(c.newestComplete(Set.of(DIR + "/step-10", DIR + "/step-9", DIR + "/step-8")))
        .isEmpty();
  }

  @Test
  void newestCompleteOfNothingIsEmpty() {
    assertThat(CheckpointCatalog.of(DIR, "step-{n}", List.of()).newestComplete(Set.of())).isEmpty();
    assertThat(CheckpointCatalog.of(DIR, "step-{n}", List.of(e("step-3", false, 0)))
        .newestComplete(Set.of())).isEmpty();
  }

  @Test
  void stepOfReadsTheLastSegmentOfAPathWithOrWithoutTrailingSlash() {
    assertThat(CheckpointCatalog.stepOf("step-{n}", "/out/checkpoints/step-1500/")).hasValue(1500);
    assertThat(CheckpointCatalog.stepOf("step-{n}", "/out/checkpoints/step-1500//")).hasValue(1500);
    assertThat(CheckpointCatalog.stepOf("step-{n}", "/out/checkpoints/step-1500")).hasValue(1500);
    assertThat(CheckpointCatalog.stepOf("step-{n}", "step-42")).hasValue(42);
    assertThat(CheckpointCatalog.stepOf("step-{n}", "/out/step-7/extra")).isEmpty();
    assertThat(CheckpointCatalog.stepOf("step-{n}", "/out/checkpoints/")).isEmpty();
  }

  @Test
  void patternWithASuffixMatchesExactly() {
    String pattern = "ckpt_{n}.pt";

    assertThat(CheckpointCatalog.stepOf(pattern, "/ck/ckpt_12.pt")).hasValue(12);
    assertThat(CheckpointCatalog.stepOf(pattern, "ckpt_12.ptx")).isEmpty();
    assertThat(CheckpointCatalog.stepOf(pattern, "ckpt_12xpt")).isEmpty(); // '.' is literal
    assertThat(CheckpointCatalog.stepOf(pattern, "ckpt_.pt")).isEmpty();

    CheckpointCatalog c = CheckpointCatalog.of("/ck", pattern, List.of(
        e("ckpt_100.pt", true, 0), e("ckpt_20.pt", true, 0), e("ckpt_20.pt.tmp", true, 0)));
    assertThat(c.all()).extracting(Checkpoint::step).containsExactly(20L, 100L);
  }

  @Test
  void patternWithoutAStepPlaceholderIsRejected() {
    assertThatThrownBy(() -> CheckpointCatalog.of(DIR, "step-", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{n}");
    assertThatThrownBy(() -> CheckpointCatalog.stepOf("checkpoint", "checkpoint"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{n}");
  }
}
