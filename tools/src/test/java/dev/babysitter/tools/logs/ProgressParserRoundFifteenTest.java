package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fifteenth round's miss classes (held-apart 45 and 46), each as variants no fixture holds: values in a Markdown
 * log's code spans, " >> " as a separator, an epoch banner closed by a note in words and a colon, a two-word
 * "Step Loss" header over bare rows, a column named "Train(loss)", NGCF's "train==[total=parts]" and ColBERT's
 * stamped "batch average" lines; and two classes from older sets' misses, a value glued to its loss word
 * (LightGCN-PyTorch's "aver loss2.056e-02") and a "Losses:" group's total (PyTorch-YOLOv3); held-apart 48's
 * tutorial shapes, an epoch line with only its duration after a bar and a phase glued after a loss ("0.0000(valid)");
 * held-apart 47's counters glued to their words ("epoch1, iter120,") and two decimals after a loss key, which hold
 * no iteration between them ("loss_shared 0.0 0.0"); held-apart 49's RL records with an episode counter, a reward
 * and no loss, and a counter before a dict ("Step 10, Losses: {" over several lines); held-apart 52's scikit-learn
 * verbose table (names with a blank, columns two or more apart) and a log quoted line by line with "> "; held-apart 54's
 * VITS list, "[disc, gen, fm, mel, kl, global_step, lr]" with no labels (so-vits-svc, RVC). With guards.
 */
class ProgressParserRoundFifteenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void valuesInCodeSpansReadAsPlainValues() {
        Progress p = parser.parseLine("- epoch `7`, loss `1.25`, time `2021-06-25 00:53:33`").orElseThrow();
        assertThat(p.epoch()).isEqualTo(7L);
        assertThat(p.loss()).isEqualTo(1.25);
        Progress step = parser.parseLine("* step `300` train_loss `0.5` val_loss `0.75`").orElseThrow();
        assertThat(step.step()).isEqualTo(300L);
        assertThat(step.loss()).isEqualTo(0.5);
        assertThat(step.evalLoss()).isEqualTo(0.75);
        // a code span with no number in it is prose
        assertThat(parser.parseLine("the `loss` is computed in `train.py`")).isEmpty();
    }

    @Test
    void chevronsSeparateAKeyFromItsValue() {
        Progress p = parser.parseLine("COST >> 0.4211 +/- 0.0301, % updates: 21.5%").orElseThrow();
        assertThat(p.loss()).isEqualTo(0.4211);
        Progress loss = parser.parseLine("step 40 >> loss >> 2.5").orElse(null);
        assertThat(loss == null ? null : loss.loss()).isEqualTo(2.5);
        // a shell redirection is no metric
        assertThat(parser.parseLine("echo 1 >> train.log")).isEmpty();
    }

    @Test
    void anEpochBannerMayCloseWithANoteInWordsAndAColon() {
        assertThat(parser.parseLine("-- EPOCH 40 (2.5 seconds per epoch):").orElseThrow().epoch()).isEqualTo(40L);
        assertThat(parser.parseLine("Epoch 3:").orElseThrow().epoch()).isEqualTo(3L);
        // a counter in the parentheses is not a note: which epoch is meant stays open
        assertThat(parser.parseLine("Epoch 5 (18/200):")).isEmpty();
        // nor is a sentence after the number
        assertThat(parser.parseLine("Epoch 5 finished in 12 s (fast):")).isEmpty();
        Progress p = parser.lastProgress(List.of("-- EPOCH 20 (13.1 seconds per epoch):",
                "COST >> 0.61 +/- 0.02, % updates: 30.1%")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(20L);
        assertThat(p.loss()).isEqualTo(0.61);
    }

    @Test
    void aTwoWordHeaderIsAHeaderOnlyAsACounterAndALoss() {
        Progress p = parser.lastProgress(List.of("Epoch    Loss", "1 0.93", "2 0.71", "3 0.66")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(3L);
        assertThat(p.loss()).isEqualTo(0.66);
        // two words that are not a counter and a loss head nothing
        assertThat(parser.lastProgress(List.of("Training done", "1 2", "3 4"))).isEmpty();
    }

    @Test
    void aColumnNamedWithWhatItMeasuresInParentheses() {
        Progress p = parser.lastProgress(List.of("Step\tTrain(loss)\tValid(MRR)", "100\t0.52\t0.31",
                "200\t0.47\t0.35")).orElseThrow();
        assertThat(p.step()).isEqualTo(200L);
        assertThat(p.loss()).isEqualTo(0.47);
        assertThat(p.evalLoss()).as("an MRR is no loss").isNull();
        // a unit in parentheses names no loss
        assertThat(parser.lastProgress(List.of("Step\tTime(ms)\tThroughput(img/s)", "100\t52\t310")))
                .isEmpty();
    }

    @Test
    void ngcfsTrainLineGivesTheTotalBeforeItsParts() {
        Progress p = parser.parseLine("Epoch 12 [33.0s + 12.5s]: train==[0.51234=0.40021 + 0.10000 + 0.01213], "
                + "recall=[0.1, 0.2], precision=[0.03, 0.02], hit=[0.5, 0.7], ndcg=[0.1, 0.2]").orElseThrow();
        assertThat(p.epoch()).isEqualTo(12L);
        assertThat(p.loss()).isEqualTo(0.51234);
        assertThat(parser.parseLine("Epoch 13 [30.1s]: train==[nan=nan + 0.10000]").orElseThrow().nanInf())
                .isTrue();
    }

    @Test
    void colbertsStampedBatchAndAverageLoss() {
        Progress p = parser.parseLine("[Jan 5, 09:01:02] 250 3.141592").orElseThrow();
        assertThat(p.step()).isEqualTo(250L);
        assertThat(p.loss()).isEqualTo(3.141592);
        assertThat(p.format()).isEqualTo("colbert");
        // its other messages under the same stamp, and a third number, are not the training line
        assertThat(parser.parseLine("[Jan 5, 09:01:02] #> Done with all triples!")).isEmpty();
        assertThat(parser.parseLine("[Jan 5, 09:01:02] 250 3.14 7").map(Progress::format).orElse(""))
                .isNotEqualTo("colbert");
    }

    @Test
    void aDecimalGluedToItsLossWordIsTheLoss() {
        assertThat(parser.parseLine("[saved][[BPR[aver loss3.5e-01]]").orElseThrow().loss()).isEqualTo(0.35);
        assertThat(parser.parseLine("epoch 3 loss0.125 acc0.9").orElseThrow().loss()).isEqualTo(0.125);
        // a key with a digit in its name keeps its own value
        assertThat(parser.parseLine("loss2: 0.5 acc: 0.9").orElseThrow().loss()).isEqualTo(0.5);
        // a file name is no glued value
        assertThat(parser.parseLine("saved to model_loss2_best.pt")).isEmpty();
    }

    @Test
    void aLossesGroupsTotalIsTheLoss() {
        Progress p = parser.parseLine("[Epoch 2/30, Batch 9/500] [Losses: x 0.21, y 0.22, w 1.1, h 1.2, conf 2.5, "
                + "cls 0.7, total 5.93, recall: 0.31, precision: 0.01]").orElseThrow();
        assertThat(p.loss()).isEqualTo(5.93);
        assertThat(p.step()).isEqualTo(9L);
        // outside such a group "total" is no loss
        Progress q = parser.parseLine("Step 5 total 12 loss 0.5").orElseThrow();
        assertThat(q.loss()).isEqualTo(0.5);
    }

    @Test
    void anEpochLineWithOnlyItsDurationAfterABar() {
        Progress p = parser.lastProgress(List.of("Epoch: 07 | Epoch Time: 0m 58s",
                "\tTrain Loss: 0.211 | Train Acc: 91.50%", "\t Val. Loss: 0.305 |  Val. Acc: 87.10%")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(7L);
        assertThat(p.loss()).isEqualTo(0.211);
        assertThat(p.evalLoss()).isEqualTo(0.305);
        assertThat(parser.parseLine("Epoch: 4  | time in 1 minutes, 2 seconds").orElseThrow().epoch()).isEqualTo(4L);
        // a setting stays a setting, and a further field after the time is not the epoch's line alone
        assertThat(parser.parseLine("Epoch: 10")).isEmpty();
        assertThat(parser.parseLine("Epoch: 3 | Time: 2s | lr: 0.1")).isEmpty();
    }

    @Test
    void aPhaseGluedAfterALossNamesItsSection() {
        Progress p = parser.lastProgress(List.of("Epoch: 2  | time in 0 minutes, 30 seconds",
                "\tLoss: 0.0119(train)\t|\tAcc: 93.7%(train)", "\tLoss: 0.0301(valid)\t|\tAcc: 89.8%(valid)"))
                .orElseThrow();
        assertThat(p.loss()).isEqualTo(0.0119);
        assertThat(p.evalLoss()).isEqualTo(0.0301);
        assertThat(p.epoch()).isEqualTo(2L);
    }

    @Test
    void countersGluedToTheirWordsBeforeAComma() {
        Progress p = parser.parseLine("epoch3, iter40, loss: 0.25").orElseThrow();
        assertThat(p.epoch()).isEqualTo(3L);
        assertThat(p.step()).isEqualTo(40L);
        assertThat(p.loss()).isEqualTo(0.25);
        // a file name and a name with a digit are no counters
        Progress q = parser.parseLine("saved epoch10.pt loss 0.3").orElseThrow();
        assertThat(q.epoch()).isNull();
        assertThat(parser.parseLine("iter2 model ready")).isEmpty();
    }

    @Test
    void twoDecimalsAfterALossKeyHoldNoIteration() {
        Progress p = parser.parseLine("loss_shared 0.0 0.0").orElseThrow();
        assertThat(p.step()).isNull();
        // an integer between a loss key and its value still is one
        assertThat(parser.parseLine("Train loss 7 5.79").orElseThrow().step()).isEqualTo(7L);
    }

    @Test
    void anRlRecordWithAnEpisodeARewardAndNoLossMovesItsStep() {
        Progress p = parser.parseLine("INFO:root:Episode 420 | Avg Reward: 12.5 | Epsilon: 0.10").orElseThrow();
        assertThat(p.step()).isEqualTo(420L);
        assertThat(p.loss()).isNull();
        assertThat(parser.parseLine("episode 40 return 12.5 length 200").orElseThrow().step()).isEqualTo(40L);
        // an episode named alone, or without a reward, is no record
        assertThat(parser.parseLine("Episode 3 started")).isEmpty();
        assertThat(parser.parseLine("Episode 3 | length 200 | seed 7")).isEmpty();
    }

    @Test
    void aCounterBeforeADictIsTheRecordsWhenTheDictHasNone() {
        assertThat(parser.parseLine("step 300: {'loss': 1.25, 'lr': 0.001}").orElseThrow().step()).isEqualTo(300L);
        Progress p = parser.lastProgress(List.of("Step 20, Losses: {", "  total_loss: 21.5,",
                "  v_loss: 2.1 (0.42 per step)", "}")).orElseThrow();
        assertThat(p.step()).isEqualTo(20L);
        assertThat(p.loss()).isEqualTo(21.5);
        // the dict's own step wins
        assertThat(parser.parseLine("step 300: {'loss': 1.25, 'step': 310}").orElseThrow().step())
                .isEqualTo(310L);
    }

    @Test
    void aHeaderWhoseNamesHoldABlankWhenColumnsStandTwoApart() {
        Progress p = parser.lastProgress(List.of("      Iter       Train Loss      OOB Improve   Remaining Time ",
                "         1           1.3031           0.0121            0.34s",
                "         2           1.2332           0.0119            0.33s")).orElseThrow();
        assertThat(p.step()).isEqualTo(2L);
        assertThat(p.loss()).isEqualTo(1.2332);
        // single-blank names stay words of their own
        Progress q = parser.lastProgress(List.of("Epoch   gpu_mem   box   total", "3/10   1.2G   0.05   0.09"))
                .orElseThrow();
        assertThat(q.loss()).isEqualTo(0.09);
    }

    @Test
    void aLogQuotedLineByLineIsReadAsTheLog() {
        Progress p = parser.lastProgress(List.of("> [40]\ttraining's multi_logloss: 0.0542",
                "> [41]\ttraining's multi_logloss: 0.0533")).orElseThrow();
        assertThat(p.step()).isEqualTo(41L);
        assertThat(p.loss()).isEqualTo(0.0533);
        // a nested quote is no single quote marker: that line keeps its marker, and its round is not read
        assertThat(parser.parseLine(">> [41]\ttraining's multi_logloss: 0.0533").map(Progress::step).orElse(null))
                .isNull();
    }

    @Test
    void vitssUnlabelledListGivesItsGlobalStep() {
        Progress p = parser.parseLine("2023-09-17 01:49:54,707\t32k\tINFO\t[2.48, 2.17, 10.19, 16.57, 0.72, 4640, "
                + "9.841263358464336e-05]").orElseThrow();
        assertThat(p.step()).isEqualTo(4640L);
        assertThat(p.loss()).as("parts with no total").isNull();
        assertThat(parser.parseLine("[INFO] [2.7, 1.6, 2.2, 22.5, 1.2, 1.6, 5000, 0.0001997]").orElseThrow().step())
                .isEqualTo(5000L);
        // a list whose last element is no learning rate, or whose step is a decimal, is not the line
        assertThat(parser.parseLine("[1.0, 2.0, 3.0, 4640, 7.5]").map(Progress::format).orElse(""))
                .isNotEqualTo("vits");
        assertThat(parser.parseLine("[1.0, 2.0, 3.0, 46.4, 0.0001]").map(Progress::format).orElse(""))
                .isNotEqualTo("vits");
    }
}
