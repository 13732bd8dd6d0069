package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Robustness and merge rules of the progress parser. */
class ProgressParserTest {

    private final ProgressParser parser = new ProgressParser();

    @Test
    void carriageReturnJoinedTqdmUsesTheLastUpdate() {
        String line = " 10%|█         | 100/1000 [00:10<01:30,  9.90it/s]\r 11%|█         | 110/1000 [00:11<01:29,"
                + "  9.91it/s]\r 12%|█▏        | 120/1000 [00:12<01:28,  1.25s/it, loss=2.31]\r";
        Progress p = parser.parseLine(line).orElseThrow();
        assertThat(p.step()).isEqualTo(120);
        assertThat(p.total()).isEqualTo(1000);
        assertThat(p.rate()).isEqualTo(new Rate(1.25, "s/it"));
        assertThat(p.stepsPerSecond()).isEqualTo(0.8);
        assertThat(p.loss()).isEqualTo(2.31);
    }

    @Test
    void megatronNanIterationCounterIsNotANan() {
        Progress p = parser.parseLine(" iteration       10/   10000 | consumed samples: 320 | elapsed time per iteration (ms):"
                + " 1234.5 | learning rate: 1.0E-04 | global batch size:    32 | lm loss: 9.876543E+00 | loss scale: 1.0 |"
                + " grad norm: 12.3 | number of skipped iterations:   0 | number of nan iterations:   0 |").orElseThrow();
        assertThat(p.loss()).isEqualTo(9.876543);
        assertThat(p.nanInf()).isFalse();
        assertThat(p.stepsPerSecond()).isCloseTo(1000 / 1234.5, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void hfEvalDictGivesEvalLossAndSummaryIsNotAStep() {
        Progress e = parser.parseLine("{'eval_loss': 1.8734, 'eval_runtime': 12.3, 'epoch': 1.0}").orElseThrow();
        assertThat(e.evalLoss()).isEqualTo(1.8734);
        assertThat(e.loss()).isNull();
        assertThat(parser.parseLine("{'train_runtime': 1234.5, 'train_samples_per_second': 3.2, 'train_loss': 1.9,"
                + " 'epoch': 3.0}")).isEmpty();
        assertThat(parser.parseLine("{'loss': 'NaN', 'grad_norm': nan, 'epoch': 0.1}").orElseThrow().nanInf()).isTrue();
    }

    @Test
    void levanterWithPrefixAndKiloSuffix() {
        Progress p = parser.parseLine("2024-02-24T13:38:44 - 0 - tqdm_loggable - tqdm_logging.py:136 - INFO :: "
                + "Progress on:train 1.20kit/5.00kit rate:2.1it/s remaining:09:10 elapsed:10:00 postfix:loss=inf").orElseThrow();
        assertThat(p.step()).isEqualTo(1200);
        assertThat(p.total()).isEqualTo(5000);
        assertThat(p.rate()).isEqualTo(new Rate(2.1, "it/s"));
        assertThat(p.nanInf()).isTrue();
    }

    @Test
    void rankPrefixesAnsiAndEvalBarsAreHandled() {
        assertThat(parser.parseLine("[rank0]: \u001B[32miter 5: loss 3.2100, time 12.00ms, mfu 1.00%\u001B[0m")
                .orElseThrow().step()).isEqualTo(5);
        assertThat(parser.parseLine("0: Epoch 2:  10%|█ | 10/100 [00:01<00:09, 9.00it/s, v_num=3, train_loss=0.345]")
                .orElseThrow().loss()).isEqualTo(0.345);
        assertThat(parser.parseLine("Validation DataLoader 0:  46%|████ | 73/157 [00:02<00:02, 37.48it/s]")).isEmpty();
    }

    @Test
    void otherFrameworks() {
        Progress tt = parser.parseLine("1|25|Loss: 1.2345:   5%|▌         | 25/500 [00:30<09:30,  1.20s/it]").orElseThrow();
        assertThat(tt.format()).isEqualTo("torchtune");
        assertThat(tt.step()).isEqualTo(25);
        assertThat(tt.loss()).isEqualTo(1.2345);
        Progress fs = parser.parseLine("2020-10-10 10:10:10 | INFO | train_inner | epoch 001:    100 / 1000 loss=9.5,"
                + " nll_loss=9.1, ppl=550.2, wps=1234, ups=1.5, wpb=4096, bsz=64, num_updates=100, lr=1e-05").orElseThrow();
        assertThat(fs.format()).isEqualTo("fairseq");
        assertThat(fs.step()).isEqualTo(100);
        assertThat(fs.rate()).isEqualTo(new Rate(1.5, "it/s"));
        Progress lg = parser.parseLine("Epoch 1 | iter 100 step 25 | loss train: 2.345, val: n/a | iter time: 123.45 ms"
                + " (step)").orElseThrow();
        assertThat(lg.format()).isEqualTo("litgpt");
        assertThat(lg.step()).isEqualTo(25);
        Progress mt = parser.parseLine("completed step: 10, seconds: 1.234, TFLOP/s/device: 123.4, Tokens/s/device: 5678.9,"
                + " total_weights: 12345, loss: 9.876").orElseThrow();
        assertThat(mt.format()).isEqualTo("maxtext");
        assertThat(mt.loss()).isEqualTo(9.876);
        Progress ds = parser.parseLine("steps: 100 loss: 2.3400 iter time (s): 0.500 samples/sec: 64.000").orElseThrow();
        assertThat(ds.rate()).isEqualTo(new Rate(64.0, "samples/s"));
        assertThat(ds.stepsPerSecond()).isNull();
    }

    @Test
    void globalStepWinsOverLaterEpochRelativeCounter() {
        Progress p = parser.lastProgress(List.of(
                " 40%|████      | 400/1000 [01:00<01:30,  6.60it/s]",
                "{'loss': 0.9, 'grad_norm': 1.0, 'learning_rate': 1e-05, 'epoch': 0.4}",
                "Epoch 0:  40%|████      | 40/100 [00:10<00:15, 4.00it/s, loss=0.8]")).orElseThrow();
        assertThat(p.step()).isEqualTo(400);
        assertThat(p.stepKind()).isEqualTo("global");
        assertThat(p.loss()).isEqualTo(0.8);
        assertThat(p.rate()).isEqualTo(new Rate(4.0, "it/s"));
    }

    @Test
    void neverThrowsOnGarbageOrHugeLines() {
        StringBuilder huge = new StringBuilder(10_000_000);
        while (huge.length() < 10_000_000) {
            huge.append("█▏ 1/2 [").append('\u0000').append("%|");
        }
        huge.append("\r 50%|█████     | 5/10 [00:01<00:01, 5.00it/s]");
        // CPU time of this thread, not wall time: a loaded CI machine stretches the latter, not the work done
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        assertThat(parser.parseLine(huge.toString()).orElseThrow().step()).isEqualTo(5);
        assertThat(parser.parseLine(huge.substring(0, 9_000_000))).isEmpty();
        assertThat((mx.getCurrentThreadCpuTime() - t0) / 1e9).as("CPU seconds for two 10 MB lines").isLessThan(2.0);
        assertThat(parser.parseLine(null)).isEmpty();
        assertThat(parser.parseLine("\u0000\u0001\uFFFD%|/[]{'loss':")).isEmpty();
        assertThat(parser.lastProgress(List.of("just a warning", "UserWarning: foo"))).isEmpty();
    }

    @Test
    void formatsAreListedAndUnknownForcedFormatIsRejected() {
        assertThat(ProgressParser.formats()).contains("hf_dict", "tqdm", "levanter", "lightning", "nanogpt", "llama2c",
                "torchtitan", "megatron", "deepspeed", "mmengine", "keras", "detectron2", "fairseq");
        assertThatThrownBy(() -> new ProgressParser("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ProgressParser("megatron").parseLine("iter 5: loss 3.2100, time 12.00ms")).isEmpty();
    }

    @Test
    void homeMadeKeyValueLinesAreReadAfterEveryNamedFormat() {
        Progress p = parser.parseLine("2026-11-23 13:20:00,123 INFO trainer step=3800 loss=2.1034 "
                + "lr=2.860e-04 grad_norm=0.812 tokens/s=48000 mfu=41.2% it/s=3.5").orElseThrow();
        assertThat(p.format()).isEqualTo("key_value");
        assertThat(p.step()).isEqualTo(3800);
        assertThat(p.loss()).isEqualTo(2.1034);
        assertThat(p.stepsPerSecond()).isEqualTo(3.5);
        assertThat(parser.parseLine("iter=12/500 train/loss=nan").orElseThrow())
                .satisfies(q -> {
                    assertThat(q.total()).isEqualTo(500);
                    assertThat(q.nanInf()).isTrue();
                });
        // an evaluation line gives its loss as the eval loss, never a step or a train loss
        assertThat(parser.parseLine("eval step=3800 val_loss=2.3").orElseThrow()).satisfies(q -> {
            assertThat(q.step()).isNull();
            assertThat(q.loss()).isNull();
            assertThat(q.evalLoss()).isEqualTo(2.3);
        });
        assertThat(parser.parseLine("substep=3 loss=1.0")).isEmpty();
    }
}
