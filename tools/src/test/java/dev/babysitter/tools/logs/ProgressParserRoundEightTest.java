package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The eighth round's miss classes (held-apart 21), each as variants no fixture holds: a key written as words whose
 * last word names the counter ("Epoch Step"), a loss qualified as expected, a loss averaged "per" what counts, a tqdm
 * bar with no total, and a loss named for when it was taken with its counters before the colon. With guards.
 */
class ProgressParserRoundEightTest {

    private final ProgressParser parser = new ProgressParser();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
        // line § step § epoch § loss § eval
        "Epoch Iter: 12 Loss: 0.9 Tokens per Sec: 100.5 § 12 § null § 0.9 § null",
        "epoch 4, expected loss 0.91 § null § 4 § 0.91 § null",
        "Epoch 2/10: 57it [00:03, 18.2it/s, lossPerSample=0.73] § 57 § 2 § 0.73 § null",
        "Epoch 2/10: 12it [00:01, 9.1it/s, valLossPerBatch=1.4] § 12 § 2 § null § 1.4",
        "12:00:01 | Loss after epoch 5: 1.234 § null § 5 § 1.234 § null",
        "[train] loss at iter-300: 0.88 § 300 § null § 0.88 § null",
        "Training loss for step 40 of epoch 2: 3.5e-01 § 40 § 2 § 0.35 § null",
        "INFO Epoch[3] Batch [40]#011Speed: 512.0 samples/sec#011loss=0.4125 § 40 § 3 § 0.4125 § null",
        "[1,mpirank:0,algo-1]<stdout>:#015Epoch 0:  50% 1/2 [00:00<00:00,  6.54it/s, loss=2.29] § 1 § 0 § 2.29 § null",
        "Epoch 3, Step 120: Recon Loss=0.51, KL Loss=0.02, Total Loss=0.53, Val Loss=0.61 § 120 § 3 § 0.53 § 0.61",
        "L: 3.10, L_rec: 2.20, L_adv: 0.90, epoch: 2/9:: 10%|#  | 40/400 [00:10<01:30, 4.0it/s] § 40 § 2 § 3.1 § null",
        "[2400/9000]\t[L1: 6.1250]\t11.2+0.4s § 2400 § null § 6.125 § null",
        "第 3 轮，步数：120，训练损失：0.52，验证损失：0.61 § 120 § 3 § 0.52 § 0.61", // "第 3 轮": round 3, read since round eleven
        "2026-01-02 10:00:00 - INFO - 迭代 300 | 平均损失: 1.25 § 300 § null § 1.25 § null",
        "Stage 2, Epoch 3, Batch 400, Train Loss (mean of the last 50): 0.75 § 400 § 3 § 0.75 § null",
        "Ep 2 (Step 000120): Train loss 3.1, Val loss 3.4 § 120 § 2 § 3.1 § 3.4",
        "Episode 12/500 | Reward: 31.0 | Loss: 0.0412 § 12 § null § 0.0412 § null",
        "  1200/50000: episode: 7, duration: 0.07s, loss: 1.25 § 1200 § null § 1.25 § null",
    })
    void readsTheCountersAndTheLoss(String line, String step, String epoch, String loss, String eval) {
        Progress p = parser.parseLine(line).orElseThrow(() -> new AssertionError("no reading: " + line));
        assertThat(p.step()).as("step of " + line).isEqualTo(n(step));
        assertThat(p.epoch()).as("epoch of " + line).isEqualTo(n(epoch));
        assertThat(p.loss()).as("loss of " + line).isEqualTo(d(loss));
        assertThat(p.evalLoss()).as("eval of " + line).isEqualTo(d(eval));
    }

    @Test
    void guardsAgainstFalseReadings() {
        // "per last 100 batches" is not a loss per batch: 100 is no loss
        assertThat(parser.parseLine("Avg. loss per last 100 batches: 6.146358").map(Progress::loss).orElse(-1.0))
                .isNotEqualTo(100.0);
        // an identifier is as often a setting: the epochs at which the learning rate steps
        assertThat(parser.parseLine("{\"epoch_step\": 60, \"epoch\": 3, \"loss\": 0.5}").map(Progress::step)
                .orElse(null)).isNull();
        // with '=' separators the word before a key is the previous field's, not part of the key
        Progress f = parser.parseLine("run=7 format=plain step=23897 loss=6.234").orElseThrow();
        assertThat(f.step()).isEqualTo(23897L);
        Progress g = parser.parseLine("Step 400 Train loss 8735.57 ACC 0.0 on epoch=24").orElseThrow();
        assertThat(g.epoch()).isEqualTo(24L);
        // a Chinese key of words that name no loss
        assertThat(parser.parseLine("步数 40 成功率: 13.3").map(Progress::loss).orElse(null)).isNull();
        // a Lightning CSVLogger row whose last cells are empty
        Progress csv = parser.lastProgress(java.util.List.of("epoch,step,train_loss,val_loss",
                "1,99,0.52,", "1,99,,0.61", "2,149,0.48,")).orElseThrow();
        assertThat(csv.step()).isEqualTo(149L);
        assertThat(csv.loss()).isEqualTo(0.48);
        assertThat(csv.evalLoss()).isEqualTo(0.61);
        // a loss sentence needs a counter before its colon
        assertThat(parser.parseLine("Loss of the model: 0.5").map(Progress::step).orElse(null)).isNull();
    }

    @Test
    void aPhaseWordAfterTheEpochScopesTheLineAsEvaluation() {
        Progress p = parser.parseLine("12:00:00 - Epoch 4 Validation | AUC: 0.97, LogLoss: 0.31").orElseThrow();
        assertThat(p.loss()).isNull();
        assertThat(p.evalLoss()).isEqualTo(0.31);
    }

    @Test
    void aTableRenderedByKnitrWithAnUnmeasuredColumnIsRead() {
        Progress p = parser.lastProgress(java.util.List.of(
                "    ## Iter   TrainDeviance   ValidDeviance   StepSize   Improve",
                "    ##      1        1.0986             nan     0.1000    0.0612",
                "    ##     50        0.4410             nan     0.1000    0.0021")).orElseThrow();
        assertThat(p.step()).isEqualTo(50L);
        assertThat(p.loss()).isEqualTo(0.441);
        assertThat(p.nanInf()).as("a column nobody filled is no NaN loss").isFalse();
    }

    private static Long n(String s) {
        return "null".equals(s) ? null : Long.parseLong(s);
    }

    private static Double d(String s) {
        return "null".equals(s) ? null : Double.parseDouble(s);
    }
}
