package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The sixteenth round's miss classes (held-apart 55 to 58), each as variants no fixture holds: a log level before a
 * bracketed counter ("DBNet INFO: [1/200], [25/288], ..", where the level read as the counter's key hid the epoch);
 * a one-word parenthetical after a loss key ("Test Loss (Normalized): 0.0117", "Val Loss (MSE)"); a bare milestone
 * printed late beside a bar that is ahead of it (block-buffered stdout beside stderr's tqdm); "n of N" in words
 * ("Epoch 6 of 82 took 194.738s", Lasagne); "after N steps" in prose (the TensorFlow book's MNIST loop); LAVIS's
 * "data epoch"; PyMARL's t_env; llm.c's main.log; lit-gpt's "iter N step M:" without a bar; a phase word after a
 * mid-line bar once the training loss is read ("Epoch 019 | Loss 0.0813 | Val Acc 0.75 | Test Acc 0.77"); the
 * 2s-AGCN family's print_log (a bracketed asctime, "Training epoch: N", "Mean test loss of N batches:"); a step
 * counted against its total over an iteration with none (zjy-ucas's ChineseNER); EDSR's "[Epoch N]" banner and a
 * "====> Epoch: N" one; MATLAB's Neural Network Toolbox lines; "Iteration step" as a step key; a boosting library's
 * best-round summary after early stopping. With guards.
 */
class ProgressParserRoundSixteenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void aLogLevelIsNoKeyOfTheCounterAfterIt() {
        Progress p = parser.parseLine("2021-01-31 17:51:48,471 DBNet INFO: [1/200], [25/288], speed: 19.4 samples/sec,"
                + " loss: 3.0727, lr:0.000351852").orElseThrow();
        assertThat(p.epoch()).isEqualTo(1L);
        assertThat(p.step()).isEqualTo(25L);
        assertThat(p.total()).isEqualTo(288L);
        Progress warn = parser.parseLine("trainer WARNING: [3/10] [7/50] loss: 0.5").orElseThrow();
        assertThat(warn.epoch()).isEqualTo(3L);
        assertThat(warn.step()).isEqualTo(7L);
        // a keyed global step stays the step; the epoch still comes from the first counter
        Progress global = parser.parseLine("DBNet INFO: [2/200], [3/288], global_step: 291, loss: 2.8").orElseThrow();
        assertThat(global.step()).isEqualTo(291L);
        assertThat(global.epoch()).isEqualTo(2L);
        // a word that is no level keeps its value: "Percent:[0/6751 (0%)]" is no epoch
        Progress percent = parser.parseLine("Train Epoch:500\tPercent:[0/6751 (0%)]\tLoss:0.021080045").orElseThrow();
        assertThat(percent.epoch()).isEqualTo(500L);
        assertThat(percent.step()).isNull();
    }

    @Test
    void aOneWordQualifierAfterALossKeyIsNoPartOfIt() {
        Progress test = parser.parseLine("Test Loss (Normalized): 0.0117").orElseThrow();
        assertThat(test.evalLoss()).isEqualTo(0.0117);
        Progress both = parser.parseLine("Epoch 4 Train Loss (MSE): 0.03 Val Loss (RMSE): 0.25").orElseThrow();
        assertThat(both.epoch()).isEqualTo(4L);
        assertThat(both.loss()).isEqualTo(0.03);
        assertThat(both.evalLoss()).isEqualTo(0.25);
        Progress camel = parser.parseLine("step 12 valLoss (l1): 0.5 trainLoss (l1): 0.25").orElseThrow();
        assertThat(camel.evalLoss()).isEqualTo(0.5);
        // a qualifier after another metric makes no loss of it
        Progress acc = parser.parseLine("step 12 loss: 0.75 accuracy (top1): 0.5").orElseThrow();
        assertThat(acc.loss()).isEqualTo(0.75);
        assertThat(acc.evalLoss()).isNull();
        // a unit in parentheses after a time key stays the rate's
        Progress megatron = parser.parseLine("iteration 10/100 | elapsed time per iteration (ms): 4103.1 | lm loss: 2.3")
                .orElseThrow();
        assertThat(megatron.stepsPerSecond()).isNotNull();
        assertThat(megatron.loss()).isEqualTo(2.3);
    }

    @Test
    void aBareMilestoneBehindTheBarDoesNotMoveTheStepBack() {
        Progress p = parser.lastProgress(java.util.List.of(
                "Train:  70%|######9   | 21060/30000 [22:52<11:40, 12.75it/s, loss=9.1e-04]\rTrain:  70%|######9   |"
                        + " 21070/30000 [22:53<11:38, 12.80it/s, loss=8.8e-04]",
                "[GR] Iteration 21000: Graph updated (regular) - 66225 nodes, 397350 edges [24/11 20:23:01]")).orElseThrow();
        assertThat(p.step()).isEqualTo(21070L);
        assertThat(p.total()).isEqualTo(30000L);
        // a milestone ahead of the bar is news: the bar's lines stopped (a later stage without a bar)
        Progress ahead = parser.lastProgress(java.util.List.of(
                "Train:  70%|######9   | 21070/30000 [22:53<11:38, 12.80it/s, loss=8.8e-04]",
                "[GR] Iteration 22000: Graph updated (regular) - 66225 nodes")).orElseThrow();
        assertThat(ahead.step()).isEqualTo(22000L);
    }

    @Test
    void aCounterInWordsReadsAsNOfN() {
        Progress epoch = parser.parseLine("Epoch 6 of 82 took 194.738s").orElseThrow();
        assertThat(epoch.epoch()).isEqualTo(6L);
        Progress step = parser.parseLine("Step 100 of 1000, loss: 2.5").orElseThrow();
        assertThat(step.step()).isEqualTo(100L);
        assertThat(step.total()).isEqualTo(1000L);
        Progress both = parser.parseLine("epoch 9 of 55, step 40 of 2006, loss = 0.64").orElseThrow();
        assertThat(both.epoch()).isEqualTo(9L);
        assertThat(both.total()).isEqualTo(2006L);
        // "of" before a word is no counter; a smaller number after "of" is none either
        assertThat(parser.parseLine("Step 100 of training, loss: 2.5").map(Progress::total).orElse(null)).isNull();
        assertThat(parser.parseLine("Step 100 of 10, loss: 2.5").map(Progress::total).orElse(null)).isNull();
    }

    @Test
    void afterNStepsInProseIsTheStep() {
        Progress p = parser.parseLine("After 29001 training step(s), loss on training batch is 0.0361443.").orElseThrow();
        assertThat(p.step()).isEqualTo(29001L);
        assertThat(p.loss()).isEqualTo(0.0361443);
        assertThat(parser.parseLine("after 300 iterations, loss = 1.5").orElseThrow().step()).isEqualTo(300L);
        // a total announced ("Train for 53 steps") or a count with no loss on its line is no step
        assertThat(parser.parseLine("Train for 53 steps, validate for 12 steps").map(Progress::step).orElse(null))
                .isNull();
        assertThat(parser.parseLine("[Rank 0] (after 2 iterations) memory (MB) | allocated: 14234.91")).isEmpty();
        // a keyed step wins
        assertThat(parser.parseLine("step: 7 after 300 steps loss: 1.0").orElseThrow().step()).isEqualTo(7L);
    }

    @Test
    void lavisDataEpochIsTheEpoch() {
        Progress p = parser.parseLine("Train: data epoch: [1]  [4450/4498]  eta: 0:02:50  lr: 0.000098  loss: 5.6017"
                + "  time: 3.5613  data: 0.0000  max mem: 37493").orElseThrow();
        assertThat(p.epoch()).isEqualTo(1L);
        assertThat(p.step()).isEqualTo(4450L);
        // "data" alone is the data-loading time, no counter
        Progress time = parser.parseLine("iter: 5  data: 0.0120  loss: 2.3").orElseThrow();
        assertThat(time.step()).isEqualTo(5L);
        assertThat(time.epoch()).isNull();
    }

    @Test
    void pymarlsEnvironmentStepsAreTheStep() {
        Progress p = parser.lastProgress(java.util.List.of(
                "[INFO 02:08:01] my_main Recent Stats | t_env:      50126 | Episode:      981",
                "battle_won_mean:           0.0053\tep_length_mean:           50.5379\tepsilon:                   0.2379",
                "loss:                      0.0517\tq_taken_mean:              0.1204\treturn_mean:               6.6096"))
                .orElseThrow();
        assertThat(p.step()).isEqualTo(50126L);
        assertThat(p.loss()).isEqualTo(0.0517);
        // a longer key that only ends in t_env is no step
        assertThat(parser.parseLine("max_t_env: 2050000 | loss: 0.5").orElseThrow().step()).isNull();
    }

    @Test
    void llmcsMainLogRecords() {
        Progress p = parser.lastProgress(java.util.List.of("s:19500 tel:3.2731", "s:19500 eval:0.3012",
                "s:19541 trl:3.2652 lr:0.000000 norm:0.23", "s:19542 trl:3.0810 lr:0.000000 norm:0.29")).orElseThrow();
        assertThat(p.step()).isEqualTo(19542L);
        assertThat(p.loss()).isEqualTo(3.081);
        assertThat(p.evalLoss()).isEqualTo(3.2731); // HellaSwag's accuracy ("eval:") is no loss
        assertThat(parser.parseLine("s:3 is not a record")).isEmpty();
        // one format name for llm.c's two outputs: listed once, and forcing it reads both
        assertThat(ProgressParser.formats()).doesNotHaveDuplicates();
        ProgressParser llmc = new ProgressParser("llmc");
        assertThat(llmc.parseLine("s:19542 trl:3.0810 lr:0.000000 norm:0.29").orElseThrow().loss()).isEqualTo(3.081);
        assertThat(llmc.parseLine("step   10/5000 | train loss 9.1234 | norm 1.2 | lr 6.00e-04 | (123.45 ms | 456789"
                + " tok/s)").orElseThrow().step()).isEqualTo(10L);
    }

    @Test
    void litGptsIterationAndOptimizerStepWithoutABar() {
        Progress p = parser.parseLine("iter 21 step 10: loss 2.8014, iter time: 628.57ms").orElseThrow();
        assertThat(p.step()).isEqualTo(10L);
        assertThat(p.loss()).isEqualTo(2.8014);
        assertThat(parser.parseLine("iter 1760 | step 220: loss 1.5947, iter time: 263.85 ms").orElseThrow().step())
                .isEqualTo(220L);
    }

    @Test
    void aLaterFieldsPhaseScopesOnlyWhatFollowsIt() {
        Progress p = parser.parseLine("Epoch 019 | Loss 0.0813 | Val Acc 0.7540 | Test Acc 0.7690").orElseThrow();
        assertThat(p.epoch()).isEqualTo(19L);
        assertThat(p.loss()).isEqualTo(0.0813);
        assertThat(p.evalLoss()).isNull();
        Progress both = parser.parseLine("Epoch 3 | Loss 0.5 | Val Acc 0.75 | Val Loss 0.625").orElseThrow();
        assertThat(both.loss()).isEqualTo(0.5);
        assertThat(both.evalLoss()).isEqualTo(0.625);
        // a logger's "| INFO |" before the phase word keeps the whole line an evaluation's
        Progress eval = parser.parseLine("2025-09-24,07:39:36 | INFO | Eval Epoch: 12 [784 / 4634]\tClip Loss: 6.919423")
                .orElseThrow();
        assertThat(eval.step()).isNull();
        assertThat(eval.loss()).isNull();
        assertThat(eval.evalLoss()).isEqualTo(6.919423);
    }

    @Test
    void skeletonActionRecognitionsPrintLog() {
        Progress p = parser.lastProgress(java.util.List.of(
                "[ Sun Oct 29 17:17:19 2023 ] Training epoch: 56",
                "[ Sun Oct 29 17:17:40 2023 ] \tMean training loss: 0.2872. Mean graph loss: 0.0000.  Mean training acc: 89.68%.",
                "[ Sun Oct 29 17:17:40 2023 ] \tTime consumption: [Data]15%, [Network]85%",
                "[ Sun Oct 29 17:17:40 2023 ] Eval epoch: 56",
                "[ Sun Oct 29 17:17:45 2023 ] \tMean test loss of 8 batches: 0.2685295604169369.",
                "[ Sun Oct 29 17:17:45 2023 ] \tTop1: 91.59%")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(56L);
        assertThat(p.loss()).isEqualTo(0.2872);
        assertThat(p.evalLoss()).isEqualTo(0.2685295604169369);
        // the asctime's day, time and year are no values; a one-digit day is padded
        assertThat(parser.parseLine("Sun Oct  1 17:17:19 2023 step 5 loss 2.0").orElseThrow().step()).isEqualTo(5L);
        // a banner with more after it is a setting; "Train epoch: 0" is Composer's metric line, not a banner
        assertThat(parser.parseLine("Training epoch: 56, lr: 0.1")).isEmpty();
        assertThat(parser.parseLine("Train epoch: 0")).isEmpty();
        // "of N" before another word keeps the key whole
        assertThat(parser.parseLine("number of batches: 5")).isEmpty();
    }

    @Test
    void aCountedStepOutranksAnIterationWithNone() {
        Progress p = parser.parseLine("2021-04-13 00:23:07,988 - log/train.log - INFO - iteration:98 step:46/82, NER loss:"
                + " 0.329804").orElseThrow();
        assertThat(p.step()).isEqualTo(46L);
        assertThat(p.total()).isEqualTo(82L);
        assertThat(p.epoch()).isEqualTo(98L);
        assertThat(p.stepKind()).isEqualTo("epoch_batch");
        // without a total nothing says which counts what: the first stays the step
        assertThat(parser.parseLine("iteration 5 step 100 loss 2.0").orElseThrow().step()).isEqualTo(5L);
    }

    @Test
    void epochBannersInBracketsAndAfterAnArrow() {
        assertThat(parser.parseLine("[Epoch 2]\tLearning rate: 1.00e-4").orElseThrow().epoch()).isEqualTo(2L);
        assertThat(parser.parseLine("====> Epoch: 14").orElseThrow().epoch()).isEqualTo(14L);
        // not at the line's start, or an arrow without a rule: no banner
        assertThat(parser.parseLine("x [Epoch 3] lr 0.1")).isEmpty();
        assertThat(parser.parseLine("> Epoch: 5")).isEmpty();
    }

    @Test
    void matlabsNeuralNetworkToolboxLines() {
        Progress p = parser.parseLine("Epoch 751/10000, Time 99.7285, Performance 4.7255e-11/1e-12, Gradient 2.516e-05/1e-06,"
                + " Validation Checks 500/500").orElseThrow();
        assertThat(p.epoch()).isEqualTo(751L);
        assertThat(p.loss()).isEqualTo(4.7255e-11);
        Progress nan = parser.parseLine("Epoch 3/100, Time 1.2, Performance NaN/0, Gradient NaN/1e-07, Mu 0.001/1e+10,"
                + " Validation Checks 0/6").orElseThrow();
        assertThat(nan.nanInf()).isTrue();
        // a performance that is no training function's ("Performance 12 fps") is none
        assertThat(parser.parseLine("Epoch 3, Performance 12 fps")).isEmpty();
    }

    @Test
    void iterationStepIsAStepKey() {
        Progress p = parser.parseLine("2025-01-12 11:45:59,006 INFO: Epoch: 19/20, Iteration step: 62400, loss: 3.3263")
                .orElseThrow();
        assertThat(p.step()).isEqualTo(62400L);
        assertThat(p.epoch()).isEqualTo(19L);
        // an identifier of the two words is as often a setting, and other words before "step" stay one
        assertThat(parser.parseLine("iter_step: 5, loss: 2").orElseThrow().step()).isNull();
        assertThat(parser.parseLine("warmup step: 500, loss: 2").orElseThrow().step()).isNull();
    }

    @Test
    void theBestRoundAfterEarlyStoppingIsNoProgress() {
        Progress p = parser.lastProgress(java.util.List.of(
                "[25]\ttraining's l2: 0.713979\tvalid_1's l2: 0.83968",
                "[26]\ttraining's l2: 0.712694\tvalid_1's l2: 0.838017",
                "Early stopping, best iteration is:",
                "[16]\ttraining's l2: 0.728621\tvalid_1's l2: 0.837482")).orElseThrow();
        assertThat(p.step()).isEqualTo(26L);
        Progress xgb = parser.lastProgress(java.util.List.of("[106]\tvalidation_0-logloss:0.30129",
                "Stopping. Best iteration:", "[96]\tvalidation_0-logloss:0.30023")).orElse(null);
        assertThat(xgb == null ? null : xgb.step()).isNotEqualTo(96L);
        // a round after any other line is a round
        assertThat(parser.lastProgress(java.util.List.of("[25]\ttraining's l2: 0.71", "training goes on:",
                "[26]\ttraining's l2: 0.70")).orElseThrow().step()).isEqualTo(26L);
    }
}
