package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The classes of notation the first held-apart measurement missed (issue #12), one line each from the issue's own
 * examples and variants of them: counters without a key, a counter in a quoted value, a bar without a total, loss
 * names outside the vocabulary, a loss stored as a name/value pair, eval loss naming. A tuning set: the rules were
 * written against it.
 */
class ProgressParserTuningTest {

    private final ProgressParser parser = new ProgressParser();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '§', value = {
        // line § step § epoch § total § loss
        "[2022-03-14 09:05:48 swin] (main.py 226): INFO Train: [14/300][300/1251]\teta 0:10:17 lr 0.000712\ttime 0.6398 (0.6494)\tloss 6.0243 (6.2928)\tgrad_norm 8.5172 (10.1990)\tmem 14764MB § 300 § 14 § 1251 § 6.0243",
        "Epoch:[0/19](1800/24681) loss:2.589 lr:0.00019999 epoch_Time:87.0min: § 1800 § 0 § 24681 § 2.589",
        "Epoch  1, 13400/37527; acc:   1.89; ppl: 20872.71; xent:   9.95; 3595 src tok/s; 3669 tgt tok/s;  10233 s elapsed § 13400 § 1 § 37527 § 9.95",
        "[gpu01:0/2] 2020-07-19 08:59:15,042 (trainer:464) INFO: 1epoch:train:1365-2046batch: iter_time=5.663e-05, forward_time=0.134, loss=61.936, loss_att=59.201, acc=0.134 § 2046 § 1 § null § 61.936",
        "2023-01-05 16:35:11,175   INFO  Train:    1/3 ( 33%) [ 149/323 ( 46%)]  Loss: 28.79 (45.1)  LR: 3.910e-04  Time cost: 00:37/00:43 [00:37/03:24]  Acc_iter 150         Data time: 0.00(0.01) § 150 § 1 § null § 28.79",
        "Train: 12 [ 100/1251 (  8%)]  Loss: 3.2 (3.4)  Time: 0.5s,  250/s  LR: 1.0e-03  Data: 0.01 § 100 § 12 § 1251 § 3.2",
        "{\"loss\": 0.0, \"grad_norm\": 0.0, \"learning_rate\": 1e-06, \"epoch\": 0.0002, \"global_step/max_steps\": \"78/176\", \"elapsed_time\": \"39s\"} § 78 § 0 § 176 § 0.0",
        "Loss: 0.5080998133529316: : 11it [00:06,  1.61it/s] § 11 § null § null § 0.5080998133529316",
        "[05:27:23.812437] Epoch: [2]  [30/1504]  lr: 0.000012  closs: 0.9175 (0.9249)  time: 4.5800  data: 0.0002 § 30 § 2 § 1504 § 0.9175",
        "[Epoch 3/200] [Batch 120/938] [D loss: 0.412] [G loss: 1.87] § 120 § 3 § 938 § 0.412",
        "epoch 3 iter 120 lossG 1.87 lossD 0.41 § 120 § 3 § null § 1.87",
        "step 40 loss_G 1.87 loss_D 0.41 § 40 § null § null § 1.87",
        "iter 40 g_loss 1.87 d_loss 0.41 total_loss 2.28 § 40 § null § null § 2.28",
        "box_loss: 0.3 cls_loss: 0.1 step: 4 lr: 0.01 § 4 § null § null § 0.3",
        "INFO - 10/04/19 14:41:33 - 0:11:20 -    1150 -   55.94 sent/s -  2176.00 words/s - MLM-en:  7.6046 -  - model LR: 3.9295e-06 § 1150 § null § null § 7.6046",
        "step=10 train_ppl=12.3 loss=2.5 § 10 § null § null § 2.5",
    })
    void readsTheStepAndTheLoss(String line, String step, String epoch, String total, String loss) {
        Progress p = parser.parseLine(line).orElseThrow(() -> new AssertionError("no reading: " + line));
        assertThat(p.step()).as("step of " + line).isEqualTo(n(step));
        assertThat(p.epoch()).as("epoch of " + line).isEqualTo(n(epoch));
        assertThat(p.total()).as("total of " + line).isEqualTo(n(total));
        assertThat(p.loss()).as("loss of " + line).isEqualTo("null".equals(loss) ? null : Double.parseDouble(loss));
    }

    private static Long n(String s) {
        return "null".equals(s) ? null : Long.parseLong(s);
    }

    @Test
    void lossAsNameAndValue() {
        Progress p = parser.parseLine("{\"name\": \"loss\", \"data\": {\"epoch\": 0.01, \"step\": 2, \"value\": 4.4904,"
                + " \"timestamp\": \"2023-09-26T19:25:19.316729\"}}").orElseThrow();
        assertThat(p.step()).isEqualTo(2L);
        assertThat(p.loss()).isEqualTo(4.4904);
        Progress e = parser.parseLine("{\"name\": \"validation_loss\", \"data\": {\"step\": 4, \"value\": 3.1}}").orElseThrow();
        assertThat(e.loss()).isNull();
        assertThat(e.evalLoss()).isEqualTo(3.1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '§', value = {
        "Epoch: 19, Steps: 569 | Train Loss: 0.1295379 Vali Loss: 0.1200511 Test Loss: 0.1428440 § 0.1295379 § 0.1200511",
        "epoch 3 step 100 train_loss 2.1 val_loss 2.4 § 2.1 § 2.4",
        "step 100 | loss 2.1 | valid loss 2.5 | test loss 2.7 § 2.1 § 2.5",
        "{\"train/loss\": 2.1, \"eval/loss\": 2.6, \"train/global_step\": 100} § 2.1 § 2.6",
        "step 100 loss 2.1 Test Loss: 2.9 § 2.1 § 2.9",
    })
    void evalLossNames(String line, double loss, double eval) {
        Progress p = parser.parseLine(line).orElseThrow();
        assertThat(p.loss()).as(line).isEqualTo(loss);
        assertThat(p.evalLoss()).as(line).isEqualTo(eval);
    }

    @Test
    void anEvaluationLineGivesTheEvalLossOnly() {
        List<String> log = List.of(
                "INFO:tensorflow:Step = 20000 ; steps/s = 2.09 ; Loss = 3.9",
                "INFO:tensorflow:Evaluation result for step 20000: perplexity = 99.456184 ; loss = 4.599717");
        Progress p = parser.lastProgress(log).orElseThrow();
        assertThat(p.step()).isEqualTo(20000L);
        assertThat(p.loss()).isEqualTo(3.9);
        assertThat(p.evalLoss()).isEqualTo(4.599717);
    }

    @Test
    void maxStepsIsTheTotal() {
        Progress p = parser.parseLine("num_updates: 10500, iterations: 10500, max_updates: 22000, train/total_loss: 0.0024")
                .orElseThrow();
        assertThat(p.step()).isEqualTo(10500L);
        assertThat(p.total()).isEqualTo(22000L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '§', value = {
        "2023-01-05 16:34:49,377 INFO Time cost: 00:15/01:25 [00:15/04:48] Data time: 0.00(0.02)",
        "Folder 60_Jojo Jojo: 20 * 60 = 1200 steps",
        "Downloading 3/10 files [12/40 MB]",
        "prior_loss_weight = 1.0 loss_scale: 1024 kl_coef: 0.1",
        "INFO - 10/04/19 14:41:33 - 12/20 - saving",
        "Loading checkpoint shards: 100%|██████████| 4/4 [00:03<00:00,  1.10it/s]",
    })
    void noFalseReadings(String line) {
        Progress p = parser.parseLine(line).orElse(null);
        assertThat(p == null || p.loss() == null && p.step() == null).as(line + " -> " + p).isTrue();
    }
}
