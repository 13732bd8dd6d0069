package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The classes of notation from issue #12 that the generic rules must read (or refuse), one line each. */
class ProgressParserNotationsTest {

    private final ProgressParser parser = new ProgressParser();

    @ParameterizedTest
    @ValueSource(strings = {
        "step: 12 Loss: 2.3", "step=12 train_loss=2.3", "iter 12 | loss 2.3 | lr 1e-4", "{\"train/loss\": 2.3, \"trainer/global_step\": 12}",
        "global_step: 12 | lm loss: 2.3E+00 |", "| step 12 | loss 2.3 |", "Step 12: training_loss=2.3", "steps: 12, avg_loss: 2.3",
        "iteration: 12 | total_loss: 2.3", "{'loss_avg': 2.3, 'global_step': 12}", "it=12 ce_loss=2.3 grad_norm=0.9",
        "2024-01-01 12:00:00,123 - INFO - root - step 12: loss = 2.3", "I0101 12:00:00.123 1 train.py:12] step: 12, loss: 2.3",
        "[rank0]: step=12 loss=2.3", "[default0]:step=12 loss=2.3", "0: step=12 loss=2.3", "[1,0]<stdout>: step=12 loss=2.3",
        "Epoch 3/10, Step 12/500, loss: 2.3"})
    void stepAndLossUnderAnyName(String line) {
        Progress p = parser.parseLine(line).orElseThrow(() -> new AssertionError("no reading: " + line));
        assertThat(p.step()).as(line).isEqualTo(12L);
        assertThat(p.loss()).as(line).isEqualTo(2.3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "' 45%|████▌     | 450/1000 [00:10<00:20, 3.20it/s, loss=2.3, lr=1e-4]'|450|2.3",
        "'Epoch 0:  45%|████▌     | 450/1000 [00:10<00:20, 3.20it/s, v_num=3, train_loss_step=2.3]'|450|2.3",
        "'Steps:  45%|████▌     | 450/1000 [00:10<00:20, 3.20it/s, avg_loss=2.3, lr=1e-05]'|450|2.3"})
    void barPostfixLosses(String line, long step, double loss) {
        Progress p = parser.parseLine(line).orElseThrow();
        assertThat(p.step()).isEqualTo(step);
        assertThat(p.loss()).isEqualTo(loss);
    }

    @ParameterizedTest
    @ValueSource(strings = {"loss: NaN step: 3", "step=3 loss=nan", "step: 3 loss: inf", "step: 3 loss: -inf",
        "step 3 | loss Infinity", "{'loss': tensor(nan, device='cuda:0'), 'step': 3}", "{'loss': 'NaN', 'step': 3}"})
    void nanAndInfInAnyNotation(String line) {
        Progress p = parser.parseLine(line).orElseThrow(() -> new AssertionError("no reading: " + line));
        assertThat(p.nanInf()).as(line).isTrue();
        assertThat(p.step()).as(line).isEqualTo(3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"consumed samples: 128000 | loss: 2.3", "tokens: 1.2M loss=2.3", "samples/sec: 64.0 loss: 2.3",
        "seq_len: 2048 batch_size: 8 loss: 2.3", "lr: 3e-4 seed: 42 loss: 2.3", "max_steps: 1000 loss: 2.3",
        "warmup_steps=100 loss=2.3", "Epoch: 3 loss: 2.3"})
    void countersThatAreNotSteps(String line) {
        Progress p = parser.parseLine(line).orElseThrow();
        assertThat(p.step()).as(line).isNull();
        assertThat(p.loss()).as(line).isEqualTo(2.3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Saving checkpoint to /ckpt/step_1000", "Max train steps: 1600", "Gradient accumulation steps: 4",
        "loss_scale: 65536.0 grad_norm: 1.2", "Number of parameters: 7000000000", "Epoch 3/10", "eval step=100 val_loss=2.3",
        "Downloading shards: 100%|██████████| 2/2 [00:10<00:00,  5.00s/it]"})
    void noFalseReadings(String line) {
        Progress p = parser.parseLine(line).orElse(null);
        assertThat(p == null || p.loss() == null && p.step() == null).as(line).isTrue();
    }

    @Test
    void aComponentLossStandsInOnlyWhenNoLossIsPrinted() {
        // issue #12: a single train loss; the loss proper wins, else the first loss-like key
        Progress p = parser.parseLine("box_loss: 0.3 cls_loss: 0.1 step: 4 lr: 0.01").orElseThrow();
        assertThat(p.loss()).isEqualTo(0.3);
        assertThat(p.step()).isEqualTo(4L);
        Progress q = parser.parseLine("loss_rpn_cls: 0.09 loss_cls: 0.19 step: 4 loss: 0.46").orElseThrow();
        assertThat(q.loss()).isEqualTo(0.46);
    }

    @Test
    void multiLineDictsAreJoinedByReadings() {
        List<String> log = List.of("some preamble 12", "{", "  \"train/loss\": 2.5,", "  \"trainer/global_step\": 40,",
                "  \"nested\": {\"a\": 1}", "}", "{'loss': 2.4,", " 'grad_norm': 0.9,", " 'epoch': 1.5}");
        List<Progress> r = parser.readings(log);
        assertThat(r).hasSize(2);
        assertThat(r.get(0).step()).isEqualTo(40L);
        assertThat(r.get(0).loss()).isEqualTo(2.5);
        assertThat(r.get(1).loss()).isEqualTo(2.4);
        assertThat(r.get(1).epoch()).isEqualTo(1L);
        Progress last = parser.lastProgress(log).orElseThrow();
        assertThat(last.step()).isEqualTo(40L);
        assertThat(last.loss()).isEqualTo(2.4);
        // parseLine stays single-line: a lone "{" reads as nothing
        assertThat(parser.parseLine("{")).isEmpty();
        // an unclosed block is read line by line after all, so it cannot swallow the log
        List<String> open = new java.util.ArrayList<>(List.of("{"));
        for (int i = 0; i < 300; i++) {
            open.add("step=" + i + " loss=1.5");
        }
        assertThat(parser.lastProgress(open).orElseThrow().step()).isEqualTo(299L);
    }

    @Test
    void barStepIsKeptWhenADictFollowsOnTheSameCarriageReturnLine() {
        Progress p = parser.parseLine("  5%|▌         | 50/1000 [00:10<03:10,  5.00it/s]\r{'loss': 2.3, 'grad_norm': 1.1,"
                + " 'learning_rate': 5e-05, 'epoch': 0.05}").orElseThrow();
        assertThat(p.step()).isEqualTo(50L);
        assertThat(p.total()).isEqualTo(1000L);
        assertThat(p.loss()).isEqualTo(2.3);
        assertThat(p.format()).isEqualTo("hf_dict");
    }
}
