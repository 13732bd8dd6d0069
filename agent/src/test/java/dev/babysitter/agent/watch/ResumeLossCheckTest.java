package dev.babysitter.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.policy.Policy;
import dev.babysitter.tools.logs.ProgressParser;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Seed 004: |Δloss| ≤ 0.002 on replayed steps; ≤ 1 % above the old level after warmup. */
class ResumeLossCheckTest {
  private static final Policy.ResumeLossRules RULES = new Policy.ResumeLossRules(0.002, 0.01, 20);
  private final ResumeLossCheck check = new ResumeLossCheck(RULES);

  /** A smooth falling curve, the same for every attempt unless told otherwise. */
  private static double curve(long step) {
    return 2.0 + 3.0 * Math.exp(-step / 200.0);
  }

  private static Map<Long, Double> points(long from, long to, LongToDoubleFunction loss) {
    Map<Long, Double> m = new TreeMap<>();
    for (long s = from; s <= to; s += 10) {
      m.put(s, loss.applyAsDouble(s));
    }
    return m;
  }

  /** Attempt 1 logged steps 10..300, crashed; attempt 2 resumed at 200 and logged from..to. */
  private LossLineage resumed(long to, LongToDoubleFunction loss) {
    LossLineage l = LossLineage.empty(1).withPoints(points(10, 300, ResumeLossCheckTest::curve))
        .next(2).withPoints(points(210, to, loss));
    return check.check(l);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("bitwise replay", 400L, (LongToDoubleFunction) ResumeLossCheckTest::curve,
            null),
        Arguments.of("replay within 0.002", 400L,
            (LongToDoubleFunction) s -> curve(s) + 0.0015, null),
        Arguments.of("replay off by 0.003", 230L,
            (LongToDoubleFunction) s -> curve(s) + 0.003, "step 210 replayed"),
        Arguments.of("only the first replayed log off (a shorter averaging window)", 400L,
            (LongToDoubleFunction) s -> s == 210 ? curve(s) + 0.01 : curve(s), null),
        Arguments.of("replay fine, then 5 % worse past the old steps", 400L,
            (LongToDoubleFunction) s -> s <= 300 ? curve(s) : curve(300) * 1.05, "above"),
        Arguments.of("past the old steps, lower is progress", 400L,
            (LongToDoubleFunction) s -> s <= 300 ? curve(s) : curve(s) * 0.9, null),
        Arguments.of("past the old steps within 1 %", 400L,
            (LongToDoubleFunction) s -> s <= 300 ? curve(s) : curve(300) * 1.008, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void table(String name, long to, LongToDoubleFunction loss, String mismatch) {
    LossLineage l = resumed(to, loss);
    if (mismatch == null) {
      assertThat(l.mismatch()).as(name).isNull();
    } else {
      assertThat(l.mismatch()).as(name).contains(mismatch);
    }
  }

  /**
   * A plateau with ±3 % of per-step noise, a function of the step alone; with this hash the
   * first five steps past the old ones have a median 2.9 % above the last five before them, so
   * the 1 % rule alone calls a bit-identical resume a mismatch.
   */
  private static double noisy(long step) {
    double u = Math.abs(Math.sin(step * 11 * 0.7919) * 43758.5453) % 1.0; // uniform in [0, 1)
    return 2.0 * (1 + 0.06 * (u - 0.5));
  }

  @Test
  void aBitIdenticalResumeOfANoisyLineageIsNoMismatch() {
    // The 1 % rule alone compares medians of 5 noisy steps: noise, not a bad resume.
    LossLineage l = check.check(LossLineage.empty(1).withPoints(points(10, 300,
        ResumeLossCheckTest::noisy)).next(2).withPoints(points(210, 500,
        ResumeLossCheckTest::noisy)));
    assertThat(l.mismatch()).isNull();
    assertThat(l.settled()).isTrue();
  }

  @Test
  void aRealJumpStillShowsThroughTheNoise() {
    LossLineage l = check.check(LossLineage.empty(1).withPoints(points(10, 300,
        ResumeLossCheckTest::noisy)).next(2).withPoints(points(210, 500,
        s -> s <= 300 ? noisy(s) : noisy(s) * 1.15)));
    assertThat(l.mismatch()).contains("above").contains("step-to-step noise");
  }

  @Test
  void stepNoiseIgnoresTheTrend() {
    List<Double> falling = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      falling.add(5.0 - 0.01 * i);
    }
    assertThat(ResumeLossCheck.stepNoise(falling)).isLessThan(0.02);
  }

  @Test
  void tooFewPointsAfterWarmupIsNoVerdictYet() {
    LossLineage l = resumed(310, s -> s <= 300 ? curve(s) : 9.0);
    assertThat(l.mismatch()).isNull();
    assertThat(l.settled()).isFalse();
    LossLineage later = check.check(l.withPoints(points(320, 340, s -> 9.0)));
    assertThat(later.mismatch()).contains("above");
  }

  @Test
  void warmupStepsAfterTheResumeAreNotJudgedByTheRelativeRule() {
    // Resumed at the old last step (300): nothing to replay; steps 310..320 are warmup.
    LossLineage l = LossLineage.empty(1).withPoints(points(10, 300, ResumeLossCheckTest::curve))
        .next(2).withPoints(points(301, 321, s -> 9.0));
    assertThat(check.check(l).mismatch()).isNull();
  }

  @Test
  void aRestartFromScratchIsNotAResume() {
    LossLineage l = LossLineage.empty(1).withPoints(points(10, 300, ResumeLossCheckTest::curve))
        .next(2).withPoints(points(1, 200, s -> curve(s) + 0.5));
    LossLineage after = check.check(l);
    assertThat(after.mismatch()).isNull();
    assertThat(after.settled()).isTrue();
  }

  @Test
  void theNewestAttemptWinsInTheLineageAndItIsBounded() {
    LossLineage l = LossLineage.empty(1).withPoints(Map.of(100L, 3.0)).next(2)
        .withPoints(Map.of(100L, 2.9)).next(3);
    assertThat(l.lineage()).containsEntry(100L, 2.9);
    assertThat(l.attempt()).isEmpty();
    assertThat(LossLineage.empty(1).withPoints(points(0, 10 * 1000, s -> 1.0)).attempt())
        .hasSize(LossLineage.KEEP);
  }

  @Test
  void pointsPairHuggingFaceDictsWithTheBarBeforeThem() {
    List<String> log = List.of(
        " 20%|██        | 200/1000 [00:40<02:40,  5.00it/s]",
        "{'loss': 2.9114, 'grad_norm': 1.1, 'learning_rate': 4e-05, 'epoch': 0.2}",
        " 21%|██        | 210/1000 [00:42<02:38,  5.00it/s]",
        "{'loss': 2.8877, 'grad_norm': 1.0, 'learning_rate': 4e-05, 'epoch': 0.21}",
        "{'eval_loss': 3.1, 'eval_runtime': 1.2, 'epoch': 0.21}",
        "iter 220: loss 2.8701, time 12.00ms, mfu 33.00%",
        "{'loss': nan, 'grad_norm': 1.0, 'learning_rate': 4e-05, 'epoch': 0.22}");
    assertThat(ResumeLossCheck.points(new ProgressParser().readings(log)))
        .containsExactlyEntriesOf(new TreeMap<>(Map.of(200L, 2.9114, 210L, 2.8877,
            220L, 2.8701)));
  }
}
