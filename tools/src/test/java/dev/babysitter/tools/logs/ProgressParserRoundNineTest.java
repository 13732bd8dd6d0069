package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ninth round's miss classes (held-apart 25 and 26), each as variants no fixture holds: a JSON metrics record
 * longer than the old 4,096-char cap, an OpenMMLab-looking line with capitalised keys, a data file's commented header
 * over bare rows, rmse as the objective of a regression that names no loss, a training line's format right under
 * an evaluation heading, and held-apart 28's: a key whose first segment is "loss" (Composer's loss/train/total),
 * build-nanogpt's "step split value" records, darknet's iteration line without the word loss; and held-apart 27's:
 * counters in brackets before the metrics, "testing" as an eval marker; and held-apart 29's: tr/te/grad_step, a
 * one-word scope in parentheses after a key, a unit in a table column's name. With guards.
 */
class ProgressParserRoundNineTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void aLongJsonRecordIsReadWholeItsMainKeysFirst() {
        StringBuilder b = new StringBuilder("{\"train_lr\": 0.0001, \"train_loss\": 6.25");
        for (int i = 0; i < 80; i++) { // DETR's log.txt: ~100 keys with long names, 4-10 K chars
            b.append(", \"train_loss_giou_auxiliary_decoder_layer_").append(i).append("_unscaled\": 0.")
                    .append(1000 + i);
        }
        assertThat(b.length()).isGreaterThan(4096); // the old cap kept only its end
        String line = b.append(", \"test_loss\": 5.5, \"epoch\": 41}").toString();
        Progress p = parser.parseLine(line).orElseThrow();
        assertThat(p.loss()).isEqualTo(6.25);
        assertThat(p.evalLoss()).isEqualTo(5.5);
        assertThat(p.epoch()).isEqualTo(41L);
    }

    @Test
    void capitalisedKeysAfterAnEpochAndIterCounterAreTheGenericReadersWhole() {
        Progress p = parser.parseLine("2024-03-01 10:00:00,000 - INFO - Epoch: [12/80] Iter [300/920] || "
                + "Time: 1234.5 sec || lr: 0.0001 || Loss: 0.7311").orElseThrow();
        assertThat(p.step()).isEqualTo(300L);
        assertThat(p.epoch()).isEqualTo(12L);
        assertThat(p.loss()).isEqualTo(0.7311);
        // mmengine's own lines keep their reader
        Progress mm = parser.parseLine("Epoch(train) [3][200/735]  lr: 1.0e-02  time: 0.52  loss: 2.75  "
                + "loss_cls: 1.10").orElseThrow();
        assertThat(mm.format()).isEqualTo("mmengine");
        assertThat(mm.loss()).isEqualTo(2.75);
    }

    @Test
    void aCommentedHeaderNamesTheBareRowsUnderIt() {
        Progress p = parser.lastProgress(List.of(
                "#   step    rmse_val    rmse_trn    rmse_f_val    rmse_f_trn    lr",
                "     100    4.10e+00    3.90e+00      2.1e-01       2.0e-01    1.0e-03",
                "     200    3.20e+00    3.05e+00      1.9e-01       1.8e-01    1.0e-03")).orElseThrow();
        assertThat(p.step()).isEqualTo(200L);
        assertThat(p.loss()).isEqualTo(3.05);
        assertThat(p.evalLoss()).isEqualTo(3.2);
    }

    @Test
    void rmseIsTheLossOnlyWhenNoLossIsNamed() {
        Progress alone = parser.parseLine("epoch 7 | train_rmse: 0.412 | val_rmse: 0.530").orElseThrow();
        assertThat(alone.loss()).isEqualTo(0.412);
        assertThat(alone.evalLoss()).isEqualTo(0.53);
        Progress named = parser.parseLine("epoch 7 | loss: 0.170 | rmse: 0.412 | val_loss: 0.2 | val_rmse: 0.5")
                .orElseThrow();
        assertThat(named.loss()).isEqualTo(0.17);
        assertThat(named.evalLoss()).isEqualTo(0.2);
    }

    @Test
    void aTrainingLinesFormatUnderAnEvaluationHeadingIsThatEvaluation() {
        List<String> log = new ArrayList<>(List.of(
                "epoch: 3, loss: 0.5120, acc: 0.81",
                "Evaluating on the validation set......",
                "epoch: 3, loss: 0.6840, acc: 0.77"));
        Progress p = parser.lastProgress(log).orElseThrow();
        assertThat(p.epoch()).isEqualTo(3L);
        assertThat(p.loss()).isEqualTo(0.512);
        assertThat(p.evalLoss()).isEqualTo(0.684);
        // the next epoch's line is training again, not more of the evaluation
        log.add("epoch: 4, loss: 0.4410, acc: 0.84");
        Progress next = parser.lastProgress(log).orElseThrow();
        assertThat(next.epoch()).isEqualTo(4L);
        assertThat(next.loss()).isEqualTo(0.441);
        assertThat(next.evalLoss()).isEqualTo(0.684);
    }

    @Test
    void aKeyThatOpensWithLossIsALossWhateverItsLastSegment() {
        Progress train = parser.parseLine("[epoch=2][batch=40/100]: loss/train/total: 3.25").orElseThrow();
        assertThat(train.step()).isEqualTo(40L);
        assertThat(train.epoch()).isEqualTo(2L);
        assertThat(train.loss()).isEqualTo(3.25);
        assertThat(parser.parseLine("step 40 | loss/eval/total: 3.5").orElseThrow().evalLoss()).isEqualTo(3.5);
        // a namespace before the loss keeps its meaning
        assertThat(parser.parseLine("step 40 | train/loss: 3.1 | eval/loss: 3.4").orElseThrow().evalLoss())
                .isEqualTo(3.4);
    }

    @Test
    void stepSplitValueRecordsReadTrainAndValOnly() {
        Progress p = parser.lastProgress(List.of("0 val 10.9310", "0 hella 0.2500", "0 train 10.934416",
                "1 train 10.883945", "2 train 10.81")).orElseThrow();
        assertThat(p.step()).isEqualTo(2L);
        assertThat(p.loss()).isEqualTo(10.81);
        assertThat(p.evalLoss()).isEqualTo(10.931);
        assertThat(parser.parseLine("250 hella 0.2466")).isEmpty();
        assertThat(parser.parseLine("3 train 2.5 extra words")).as("not the record's shape")
                .map(Progress::format).isNotEqualTo(java.util.Optional.of("build_nanogpt"));
    }

    @Test
    void darknetsIterationLineGivesTheBatchLossUnlessItsAverageIsNamedTheLoss() {
        Progress p = parser.parseLine("120: 5.512, 6.100 avg, 0.001000 rate, 3.2 seconds, 7680 images")
                .orElseThrow();
        assertThat(p.step()).isEqualTo(120L);
        assertThat(p.loss()).isEqualTo(5.512);
        Progress named = parser.parseLine("2: 2099.206543, 2097.260742 avg loss, 0.000000 rate, 1.98 seconds, "
                + "128 images, 2.26 hours left").orElseThrow();
        assertThat(named.loss()).isEqualTo(2097.260742);
    }

    @Test
    void countersInBracketsBeforeTheMetricsAreTheStep() {
        Progress tutorial = parser.parseLine("[3,  6000] loss: 1.215").orElseThrow();
        assertThat(tutorial.epoch()).isEqualTo(3L);
        assertThat(tutorial.step()).isEqualTo(6000L);
        assertThat(tutorial.loss()).isEqualTo(1.215);
        Progress logged = parser.parseLine("INFO:__main__:[2, 400] loss: 0.5").orElseThrow();
        assertThat(logged.step()).isEqualTo(400L);
        Progress gpt2 = parser.parseLine("[120 | 301.55] loss=3.10 avg=3.40").orElseThrow();
        assertThat(gpt2.step()).isEqualTo(120L);
        assertThat(gpt2.loss()).isEqualTo(3.1);
        // values in brackets are no counters, and a bracket with no loss after it reads nothing of its own
        assertThat(parser.parseLine("[0.5, 0.25] loss: 1.0").orElseThrow().step()).isNull();
        assertThat(parser.parseLine("[1, 2] accuracy: 0.9")).isEmpty();
    }

    @Test
    void testingMarksAnEvalLoss() {
        Progress p = parser.lastProgress(List.of("epoch 4, training avg loss 5.67, training avg acc 0.13",
                "epoch 4, testing avg loss 6.94, testing avg acc 0.10")).orElseThrow();
        assertThat(p.loss()).isEqualTo(5.67);
        assertThat(p.evalLoss()).isEqualTo(6.94);
    }

    @Test
    void abbreviatedSplitsAndAScopeInParenthesesAfterTheKey() {
        Progress p = parser.parseLine("epoch = 0300, grad_step = 004812, tr_loss (epoch) = 0.31, te_loss (epoch) = 0.57")
                .orElseThrow();
        assertThat(p.epoch()).isEqualTo(300L);
        assertThat(p.step()).isEqualTo(4812L);
        assertThat(p.loss()).isEqualTo(0.31);
        assertThat(p.evalLoss()).isEqualTo(0.57);
        assertThat(parser.parseLine("step 9 | loss (avg) = 1.25").orElseThrow().loss()).isEqualTo(1.25);
        // a unit in parentheses stays part of its key: a time, not a loss
        Progress timed = parser.parseLine("step 4 | iter time (ms): 123 | loss: 0.5").orElseThrow();
        assertThat(timed.loss()).isEqualTo(0.5);
        assertThat(timed.rate()).isNotNull();
    }

    @Test
    void aUnitInAColumnsNameKeepsTheTable() {
        Progress p = parser.lastProgress(List.of("  Epoch |  Duration(s) |   Train loss |     Dev loss |  Best",
                "     12 |       2393.6 |       5.6004 |       5.4854 |   yes",
                "     13 |       2406.9 |       5.5846 |       5.5204 |    no")).orElseThrow();
        assertThat(p.epoch()).isEqualTo(13L);
        assertThat(p.loss()).isEqualTo(5.5846);
        assertThat(p.evalLoss()).isEqualTo(5.5204);
    }
}
