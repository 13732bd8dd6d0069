package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fourteenth round's miss classes (held-apart 39 and 40), each as variants no fixture holds: gradient boosting's
 * per-round lines with their tabs turned to blanks, behind a time, or with LightGBM's R "[30]:"; "Tot Loss" beside
 * its components; an RL episode counted against its total beside a per-episode "Steps:"; and an evaluation's own bars
 * under a heading ("Test on Epoch 30", a tqdm percentage right-aligned, a counter out of another total); and
 * held-apart 42's keys written as calls with Flux's tracked values, MATLAB's training table (an elapsed-time cell, a
 * blank validation cell) and "次数" as a step word. With guards.
 */
class ProgressParserRoundFourteenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void boostingRoundsReadWithBlanksForTabsBehindATimeAndWithRsColon() {
        Progress r = parser.parseLine("[12]:  training's binary_logloss:0.4113   valid_1's binary_logloss:0.4461")
                .orElseThrow();
        assertThat(r.step()).isEqualTo(12L);
        assertThat(r.loss()).isEqualTo(0.4113);
        assertThat(r.evalLoss()).isEqualTo(0.4461);
        Progress x = parser.parseLine("[09:13:01] [140] train-rmse:0.2518  eval-rmse:0.3307").orElseThrow();
        assertThat(x.step()).isEqualTo(140L);
        assertThat(x.loss()).isEqualTo(0.2518);
        assertThat(x.evalLoss()).isEqualTo(0.3307);
        Progress spaced = parser.parseLine("[7] training's l2: 0.25  valid_1's l2: 0.31").orElseThrow();
        assertThat(spaced.loss()).isEqualTo(0.25);
        assertThat(spaced.evalLoss()).isEqualTo(0.31);
        // a bracketed counter before plain keys is not a boosting round
        Progress plain = parser.parseLine("[3] loss: 0.52 acc: 0.81").orElse(null);
        assertThat(plain == null ? null : plain.format()).isNotEqualTo("gbdt");
    }

    @Test
    void aTotalLossAbbreviatedTotWinsOverItsComponents() {
        Progress p = parser.parseLine("Train step:1200/5000,Box Loss: 0.31,Cls Loss: 0.77,Tot Loss: 0.54")
                .orElseThrow();
        assertThat(p.loss()).isEqualTo(0.54);
        assertThat(p.step()).isEqualTo(1200L);
    }

    @Test
    void anEpisodeCountedAgainstItsTotalIsTheStepBesideAnEpisodesLength() {
        Progress p = parser.parseLine("Episode 812/2000 | Reward: 41.0 | Eps: 0.12 | Steps: 377").orElseThrow();
        assertThat(p.step()).isEqualTo(812L);
        assertThat(p.total()).isEqualTo(2000L);
        // without a total the cumulative steps stay the step
        Progress cumulative = parser.parseLine("Episode: 2450  Avg: 0.501  |  Steps: 75115  Secs: 1614")
                .orElseThrow();
        assertThat(cumulative.step()).isEqualTo(75115L);
    }

    @Test
    void anEvaluationsOwnBarsUnderItsHeadingAreNotTraining() {
        Progress p = parser.lastProgress(List.of(
                "Epoch 7[3200/4000]: loss:0.0231, lr:0.0001",
                "Epoch 7[3999/4000]: loss:0.0198, lr:0.0001",
                "Validate on Epoch 7",
                "  0%|                                     | 0/125 [00:00<?, ?it/s]",
                " 64%|███████████████████                  | 80/125 [00:08<00:04,  9.61it/s]",
                "100%|█████████████████████████████████████| 125/125 [00:13<00:00,  9.69it/s]",
                "mAP: 0.9467")).orElseThrow();
        assertThat(p.step()).isEqualTo(3999L);
        assertThat(p.total()).isEqualTo(4000L);
        assertThat(p.loss()).isEqualTo(0.0198);
    }

    @Test
    void anEvaluationsOwnCounterKeepsItsSectionOpenAndTrainingAfterItCounts() {
        Progress p = parser.lastProgress(List.of(
                "    step 300/300 - loss: 0.21 - acc: 0.91",
                "    Eval begin...",
                "    step 10/40 - loss: 0.25 - acc: 0.90",
                "    step 20/40 - loss: 0.23 - acc: 0.90",
                "    step 30/40 - loss: 0.26 - acc: 0.89",
                "    step 40/40 - loss: 0.24 - acc: 0.90",
                "    step 40/40 - loss: 0.22 - acc: 0.91",
                "    Eval samples: 1280",
                "    Epoch 2/10",
                "    step  10/300 - loss: 0.19 - acc: 0.92")).orElseThrow();
        assertThat(p.step()).isEqualTo(10L);
        assertThat(p.total()).isEqualTo(300L);
        assertThat(p.loss()).isEqualTo(0.19);
        assertThat(p.evalLoss()).isEqualTo(0.22);
    }

    @Test
    void aKeyWrittenAsACallAndATrackedValueRead() {
        assertThat(parser.parseLine("loss(x, y) = param(0.0117668)").orElseThrow().loss()).isEqualTo(0.0117668);
        assertThat(parser.parseLine("loss(xs, ys) = 0.42").orElseThrow().loss()).isEqualTo(0.42);
        // a qualifier after a blank stays a qualifier
        assertThat(parser.parseLine("Training Loss (avg over last 100): 0.2409").orElseThrow().loss())
                .isEqualTo(0.2409);
    }

    @Test
    void matlabsTrainingTableRowsWithAnElapsedTimeAndABlankValidationCell() {
        Progress p = parser.lastProgress(List.of(
                "    Epoch    Iteration    TimeElapsed    LearnRate    TrainingLoss    ValidationLoss",
                "    _____    _________    ___________    _________    ____________    ______________",
                "      1         100        00:02:10        0.001         12.031            11.204    ",
                "      1         120        00:02:41        0.001         10.877                      ")).orElseThrow();
        assertThat(p.step()).isEqualTo(120L);
        assertThat(p.epoch()).isEqualTo(1L);
        assertThat(p.loss()).isEqualTo(10.877);
        // a row short of a column is read by where its cells stand: under their names, the blank one is known
        assertThat(parser.lastProgress(List.of(
                "    Epoch    Iteration    TrainingLoss    LearnRate",
                "      1         120        10.877")).map(Progress::loss).orElse(null)).isEqualTo(10.877);
        // and is no row when they stand under no name: which column is blank cannot be told
        assertThat(parser.lastProgress(List.of(
                "    Epoch    Iteration    TrainingLoss    LearnRate",
                "1 120 10.877")).map(Progress::loss).orElse(null)).isNull();
    }

    @Test
    void theChineseCountOfTrainingStepsIsTheStep() {
        Progress p = parser.parseLine("迭代次数：300, 损失：0.8123").orElseThrow();
        assertThat(p.step()).isEqualTo(300L);
        assertThat(p.loss()).isEqualTo(0.8123);
    }
}
