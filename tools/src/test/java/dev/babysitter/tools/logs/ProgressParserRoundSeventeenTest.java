package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seventeenth round's miss classes (held-apart 76 to 78), each as variants no fixture holds: a federated run's
 * round as its step when nothing else counts ("Round  53, Average loss 1.654"); an epoch's boundary said in one word
 * ("Epoch 31 ended.", Avalanche's TextLogger); Avalanche's metric paths ("Loss_Epoch/train_phase/train_stream/Task000
 * = 0.0970", "Loss_Exp/eval_phase/..."); a value's own "losses" ("cd_losses", "train_losses"); the phase named before
 * a dict ("EPOCH 10 VALIDATION METRICS{..}"); two counters alone on a line ("[0/25][1000/1563]"); "Testing" as an
 * evaluation's label; an evaluation's running average printed after its last batch's loss (held-apart 75); PaddleOCR's values
 * padded with 'x' ("loss: nanxxx", unseen42); the training words of Spanish, Portuguese, French, German,
 * Russian, Japanese and Korean logs (held-apart 72's "loss validación"); a hyphen between a counting word and its
 * integer ("Epoch-85", held-apart 84); the Hugging Face Trainer's notebook display and a loss named before its
 * kind ("valid loss/mse", held-apart 85). With
 * guards.
 */
class ProgressParserRoundSeventeenTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void aRoundIsTheStepWhenNothingElseCounts() {
        Progress p = parser.parseLine("Round  53, Average loss 1.654, Test loss 1.580, Test accuracy 41.25").orElseThrow();
        assertThat(p.step()).isEqualTo(53L);
        assertThat(p.loss()).isEqualTo(1.654);
        assertThat(p.evalLoss()).isEqualTo(1.58);
        Progress counted = parser.parseLine("round 3/100 | train loss 0.25").orElseThrow();
        assertThat(counted.step()).isEqualTo(3L);
        assertThat(counted.total()).isEqualTo(100L);
        // a step printed beside it stays the step
        Progress both = parser.parseLine("Round 4, step 1200, loss 0.5").orElseThrow();
        assertThat(both.step()).isEqualTo(1200L);
        // a word that merely holds "round" counts nothing
        Progress background = parser.parseLine("background 3 loss 0.2").orElseThrow();
        assertThat(background.step()).isNull();
    }

    @Test
    void anEpochsBoundaryInOneWordIsItsEpoch() {
        assertThat(parser.parseLine("Epoch 31 ended.").orElseThrow().epoch()).isEqualTo(31L);
        assertThat(parser.parseLine("epoch 3 done!").orElseThrow().epoch()).isEqualTo(3L);
        assertThat(parser.parseLine("Epoch 2 started").orElseThrow().epoch()).isEqualTo(2L);
        // more words after it make a sentence, not a banner
        assertThat(parser.parseLine("Epoch 31 ended with a new best model")).isEmpty();
        assertThat(parser.parseLine("Epoch 31 went well")).isEmpty();
    }

    @Test
    void avalanchesPathsNameTheMetricFirstAndThePhaseAfter() {
        List<String> log = List.of(
                "Epoch 31 ended.",
                "\tLoss_Epoch/train_phase/train_stream/Task000 = 0.0970",
                "\tTop1_Acc_Epoch/train_phase/train_stream/Task000 = 0.9976",
                "-- >> Start of eval phase << --",
                "\tLoss_Exp/eval_phase/test_stream/Task000/Exp000 = 0.4838",
                "\tTop1_Acc_Exp/eval_phase/test_stream/Task000/Exp000 = 0.8983",
                "\tLoss_Stream/eval_phase/test_stream/Task000 = 0.4838");
        Progress p = parser.lastProgress(log).orElseThrow();
        assertThat(p.epoch()).isEqualTo(31L);
        assertThat(p.loss()).isEqualTo(0.097);
        assertThat(p.evalLoss()).isEqualTo(0.4838);
        // an accuracy under a phase is no loss
        assertThat(parser.parseLine("\tTop1_Acc_Epoch/train_phase/train_stream/Task000 = 0.9976")).isEmpty();
        // a path with no phase segment keeps its last segment's meaning
        assertThat(parser.parseLine("train/loss = 0.5").orElseThrow().loss()).isEqualTo(0.5);
    }

    @Test
    void aValuesOwnLossesIsALoss() {
        assertThat(parser.parseLine("epoch 3 train_losses: 0.3").orElseThrow().loss()).isEqualTo(0.3);
        Progress dict = parser.parseLine("EPOCH 17 TRAIN METRICS{'cd_losses': 0.1288, 'cd_corrects': 98.09,"
                + " 'learning_rate': 0.00025}").orElseThrow();
        assertThat(dict.epoch()).isEqualTo(17L);
        assertThat(dict.loss()).isEqualTo(0.1288);
        // a loss named as such outranks it
        assertThat(parser.parseLine("step 5 loss: 0.4 aux_losses: 0.9").orElseThrow().loss()).isEqualTo(0.4);
        // "Losses:" before a group's own keys reads the group, not a value of its own
        assertThat(parser.parseLine("[Losses: x 0.26, y 0.28, total 8.15, recall: 0.19]").orElseThrow().loss())
                .isEqualTo(8.15);
    }

    @Test
    void thePhaseBeforeADictIsTheDictsPhase() {
        Progress val = parser.parseLine("EPOCH 10 VALIDATION METRICS{'cd_losses': 0.1685, 'cd_corrects': 97.59}")
                .orElseThrow();
        assertThat(val.evalLoss()).isEqualTo(0.1685);
        assertThat(val.loss()).isNull();
        Progress test = parser.parseLine("Test results: {'class_error': 0.87, 'loss': 3.5385, 'loss_ce': 0.52}")
                .orElseThrow();
        assertThat(test.evalLoss()).isEqualTo(3.5385);
        // a training record before its dict stays training
        Progress train = parser.parseLine("Epoch 3 {'loss': 0.3}").orElseThrow();
        assertThat(train.loss()).isEqualTo(0.3);
        assertThat(train.evalLoss()).isNull();
    }

    @Test
    void twoCountersAloneAreTheEpochAndTheBatch() {
        Progress p = parser.parseLine("[0/25][1000/1563] ").orElseThrow();
        assertThat(p.epoch()).isEqualTo(0L);
        assertThat(p.step()).isEqualTo(1000L);
        assertThat(p.total()).isEqualTo(1563L);
        assertThat(parser.parseLine("  [1/3] [2/5]").orElseThrow().step()).isEqualTo(2L);
        // a count past its total is no counter; words after them make something else
        assertThat(parser.parseLine("[5/3][2/5]")).isEmpty();
        assertThat(parser.parseLine("[1/3] [2/5] downloading")).isEmpty();
        assertThat(parser.parseLine("[1/3]")).isEmpty();
    }

    @Test
    void testingLabelsAnEvaluation() {
        Progress p = parser.parseLine("Testing: Loss 0.5 Acc 0.9").orElseThrow();
        assertThat(p.evalLoss()).isEqualTo(0.5);
        assertThat(p.loss()).isNull();
    }

    @Test
    void anEvaluationsLossIsItsRunningAverage() {
        Progress kaggle = parser.parseLine("EVAL: [49/49] Data 0.000 (0.007) Elapsed 0m 3s (remain 0m 0s) Loss:"
                + " 0.0046(0.4666) ").orElseThrow();
        assertThat(kaggle.evalLoss()).isEqualTo(0.4666);
        Progress spaced = parser.parseLine("Test: [220/242]\tTime 0.639 (0.642)\tLoss 2.7356 (3.8444)").orElseThrow();
        assertThat(spaced.evalLoss()).isEqualTo(3.8444);
        // training keeps the value printed first: the current batch's loss
        Progress train = parser.parseLine("Epoch: [8][101/192] Data 0.000 (0.009) Elapsed 0m 44s (remain 0m 40s)"
                + " Loss: 0.0936(0.0672) Grad: 9.2106").orElseThrow();
        assertThat(train.loss()).isEqualTo(0.0936);
        // a lone value stays the evaluation's
        assertThat(parser.parseLine("EVAL: loss: 0.5").orElseThrow().evalLoss()).isEqualTo(0.5);
    }

    @Test
    void paddleOcrsPaddedSpecialValuesAreRead() {
        Progress p = parser.parseLine("[2023/05/26 21:49:42] ppocr INFO: epoch: [1/2000], global_step: 183, lr: 0.000013,"
                + " acc: 0.000000, loss: nanxxx, avg_reader_cost: 0.62102 s").orElseThrow();
        assertThat(p.step()).isEqualTo(183L);
        assertThat(p.loss()).isNaN();
        assertThat(p.nanInf()).isTrue();
        assertThat(parser.parseLine("step 3 loss: -infxx").orElseThrow().loss()).isEqualTo(Double.NEGATIVE_INFINITY);
        // padding past six characters, or by anything but 'x', is a word
        assertThat(parser.parseLine("step 3 loss: nanxxxx").flatMap(x -> java.util.Optional.ofNullable(x.loss())))
                .isEmpty();
    }

    @Test
    void trainingWordsOfOtherLanguagesAreRead() {
        Progress es = parser.parseLine("Época 3/10 - pérdida: 0.4512 - pérdida de validación: 0.5").orElseThrow();
        assertThat(es.epoch()).isEqualTo(3L);
        assertThat(es.loss()).isEqualTo(0.4512);
        assertThat(es.evalLoss()).isEqualTo(0.5);
        Progress unaccented = parser.parseLine("Paso 100/500 - perdida de entrenamiento: 0.3").orElseThrow();
        assertThat(unaccented.step()).isEqualTo(100L);
        assertThat(unaccented.total()).isEqualTo(500L);
        assertThat(unaccented.loss()).isEqualTo(0.3);
        Progress upper = parser.parseLine("ÉPOCA 5 PÉRDIDA 0.5").orElseThrow();
        assertThat(upper.epoch()).isEqualTo(5L);
        assertThat(upper.loss()).isEqualTo(0.5);
        assertThat(parser.parseLine("Epoch 3, perda: 0.45").orElseThrow().loss()).isEqualTo(0.45);
        assertThat(parser.parseLine("Époque 3 perte: 0.45").orElseThrow().loss()).isEqualTo(0.45);
        assertThat(parser.parseLine("Epoche 3 Verlust: 0.45").orElseThrow().epoch()).isEqualTo(3L);
        Progress ru = parser.parseLine("Эпоха 3, шаг 120, потеря: 0.45").orElseThrow();
        assertThat(ru.epoch()).isEqualTo(3L);
        assertThat(ru.step()).isEqualTo(120L);
        assertThat(ru.loss()).isEqualTo(0.45);
        Progress ja = parser.parseLine("エポック 3 ステップ 40 損失: 0.45").orElseThrow();
        assertThat(ja.epoch()).isEqualTo(3L);
        assertThat(ja.step()).isEqualTo(40L);
        assertThat(ja.loss()).isEqualTo(0.45);
        Progress ko = parser.parseLine("학습 손실: 0.12, 검증 손실: 0.2, 에폭: 4").orElseThrow();
        assertThat(ko.loss()).isEqualTo(0.12);
        assertThat(ko.evalLoss()).isEqualTo(0.2);
        // English words that merely start like them read nothing
        assertThat(parser.parseLine("performance 3 period 4 passed 5 verified 6")).isEmpty();
        // an accented word the vocabulary does not hold is no key
        assertThat(parser.parseLine("café 3 résumé 4")).isEmpty();
    }

    @Test
    void aHyphenMayJoinACountingWordToItsInteger() {
        Progress p = parser.parseLine("INFO:utils:Epoch-85\tloss:12.74086").orElseThrow();
        assertThat(p.epoch()).isEqualTo(85L);
        assertThat(p.loss()).isEqualTo(12.74086);
        assertThat(parser.parseLine("step-3, loss 0.5").orElseThrow().step()).isEqualTo(3L);
        // names keep their numbers: a model, a checkpoint's file
        assertThat(parser.parseLine("resnet-50 loss 0.3").orElseThrow().step()).isNull();
        assertThat(parser.parseLine("epoch-3-best.pt loss 0.5").orElseThrow().epoch()).isNull();
    }

    @Test
    void theTrainersNotebookDisplayIsRead() {
        List<String> cell = List.of(
                "    <div>",
                "      <progress value='14885' max='14885' style='width:300px; height:20px;'></progress>",
                "      [14885/14885 9:52:08, Epoch 4/5]",
                "    </div>",
                "    <table border=\"1\" class=\"dataframe\">",
                "  <thead>",
                " <tr style=\"text-align: left;\">",
                "      <th>Epoch</th>",
                "      <th>Training Loss</th>",
                "      <th>Validation Loss</th>",
                "      <th>Spearmanr</th>",
                "    </tr>",
                "  </thead>",
                "  <tbody>",
                "    <tr>",
                "      <td>3</td>",
                "      <td>26.432200</td>",
                "      <td>35.119225</td>",
                "      <td>0.878667</td>",
                "    </tr>",
                "    <tr><td>4</td><td>22.594900</td><td>34.152336</td><td>0.886573</td></tr>",
                "  </tbody>",
                "</table><p>");
        Progress p = parser.lastProgress(cell).orElseThrow();
        assertThat(p.step()).isEqualTo(14885L);
        assertThat(p.total()).isEqualTo(14885L);
        assertThat(p.epoch()).isEqualTo(4L);
        assertThat(p.loss()).isEqualTo(22.5949);
        assertThat(p.evalLoss()).isEqualTo(34.152336);
        Progress running = parser.parseLine("[ 310/1500 02:11 < 08:26, 2.35 it/s, Epoch 1.03/5]").orElseThrow();
        assertThat(running.step()).isEqualTo(310L);
        assertThat(running.epoch()).isEqualTo(1L);
        // "No log" under a loss not logged yet is skipped, the row's other cells still read
        Progress noLog = parser.lastProgress(List.of("<table>", "<tr><th>Step</th><th>Training Loss</th>"
                + "<th>Validation Loss</th></tr>", "<tr><td>500</td><td>No log</td><td>0.71</td></tr>", "</table>"))
                .orElseThrow();
        assertThat(noLog.evalLoss()).isEqualTo(0.71);
        assertThat(noLog.loss()).isNull();
    }

    @Test
    void aLossNamedBeforeItsKindIsTheLoss() {
        assertThat(parser.parseLine("| end of epoch   6 | time: 790.26s | valid loss/mse 120.0637 | mre 9498.3003")
                .orElseThrow().evalLoss()).isEqualTo(120.0637);
        assertThat(parser.parseLine("iter 0: train loss/word=9.0947, ppl=8907.6500").orElseThrow().loss())
                .isEqualTo(9.0947);
        // a step word after the slash makes a ratio, not a kind
        assertThat(parser.parseLine("val loss/step 3")).isEmpty();
    }
}
