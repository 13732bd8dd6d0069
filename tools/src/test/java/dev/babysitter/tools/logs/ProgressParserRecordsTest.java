package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fourth round's tuning cases: the shapes held-apart 3 missed when first measured (9/17), each written as a
 * generic notation with variants that no fixture holds, plus guards against the false readings they could bring.
 * Seen before the code was written: a tuning set, not a measurement.
 */
class ProgressParserRecordsTest {

    private final ProgressParser parser = new ProgressParser();

    private Progress last(String... lines) {
        return parser.lastProgress(List.of(lines)).orElseThrow(() -> new AssertionError("no progress"));
    }

    @Test
    void lossNamedByItsKind() {
        assertThat(parser.parseLine("train/CrossEntropyLoss=2.31").orElseThrow().loss()).isEqualTo(2.31);
        assertThat(parser.parseLine("Epoch[3] Batch [200]\tSpeed: 410.2 samples/sec\tcross-entropy=1.75").orElseThrow())
                .satisfies(p -> {
                    assertThat(p.loss()).isEqualTo(1.75);
                    assertThat(p.step()).isEqualTo(200L);
                    assertThat(p.epoch()).isEqualTo(3L);
                });
        assertThat(parser.parseLine("step 7 | CrossEntropy 0.91 | lr 1e-4").orElseThrow().loss()).isEqualTo(0.91);
        // an RL policy's entropy alone is not a loss
        assertThat(parser.parseLine("entropy: 0.66, kl: 0.02").isEmpty()).isTrue();
        // CamelCase keys split into words: a global step, a component loss standing in
        assertThat(parser.parseLine("GlobalStep=300 LossD=0.2 LossG=1.4").orElseThrow()).satisfies(p -> {
            assertThat(p.step()).isEqualTo(300L);
            assertThat(p.loss()).isEqualTo(0.2);
        });
    }

    @Test
    void keysGluedToBracketsHashesAndParentheses() {
        assertThat(parser.parseLine("Epoch #12: 200it [00:10, 19.1it/s, env_step=24000, loss=0.31, n/ep=4, rew=9.5]")
                .orElseThrow()).satisfies(p -> {
                    assertThat(p.step()).isEqualTo(24000L);
                    assertThat(p.epoch()).isEqualTo(12L);
                    assertThat(p.loss()).isEqualTo(0.31);
                });
        assertThat(parser.parseLine("Epoch... (3/50 | Loss: 0.25)").orElseThrow()).satisfies(p -> {
            assertThat(p.epoch()).isEqualTo(3L);
            assertThat(p.step()).isNull();
        });
        assertThat(parser.parseLine("Train Epoch[2] loss=1.5").orElseThrow().epoch()).isEqualTo(2L);
        // a parenthesis keeps a counter from a key that is not a step or an epoch
        Progress q = parser.parseLine("Epoch:[0/19](1800/24681) loss:2.589 lr:0.0002").orElseThrow();
        assertThat(q.step()).isEqualTo(1800L);
        assertThat(q.epoch()).isEqualTo(0L);
    }

    @Test
    void aBracketedStepBeforeTheFirstKey() {
        Progress p = parser.parseLine("I0101 10:00:00.000 1 logging_writer.py:48] [52000] learning_rate=0.001,"
                + " loss=2.03, train_accuracy=0.61").orElseThrow();
        assertThat(p.step()).isEqualTo(52000L);
        assertThat(p.loss()).isEqualTo(2.03);
        // a bracketed number that is not followed by a key is not a step
        assertThat(parser.parseLine("[3] loss").isEmpty()).isTrue();
        assertThat(parser.parseLine("worker [3]: loss=1.2").orElseThrow().step()).isNull();
    }

    @Test
    void oneMetricPerLineRecords() {
        Progress p = last("Iteration 7", "Loss = 0.52", "Reward = 3.1", "----", "Iteration 8", "Loss = 0.49",
                "Reward = 3.3");
        assertThat(p.step()).isEqualTo(8L);
        assertThat(p.loss()).isEqualTo(0.49);
        // YAML result: the loss proper wins over the components printed around it
        Progress q = last("policy_loss: -0.02", "total_loss: 12.5", "vf_loss: 12.6", "entropy: 0.66",
                "training_iteration: 4", "policy_loss: -0.01", "total_loss: 11.2", "vf_loss: 11.3",
                "training_iteration: 5");
        assertThat(q.step()).isEqualTo(5L);
        assertThat(q.loss()).isEqualTo(11.2);
        // a lone step line far from any loss-only line stays a non-reading (a settings dump's "iteration: 3")
        assertThat(parser.lastProgress(List.of("iteration: 3", "seed: 1")).isEmpty()).isTrue();
        // with a forced format other than key_value no step is made up
        assertThat(new ProgressParser("tqdm").lastProgress(List.of("loss: 0.5", "iteration: 3")).isEmpty()).isTrue();
    }

    @Test
    void aBarOfAnotherLoopDoesNotMoveTheStep() {
        Progress p = last("100%|#####| 500/500 [01:00<00:00,  8.1it/s, train_loss=0.42]",
                "100%|#####| 80/80 [00:05<00:00, 15.2it/s]");
        assertThat(p.step()).isEqualTo(500L);
        assertThat(p.loss()).isEqualTo(0.42);
        // the same loop's next update without a postfix still moves it
        Progress q = last(" 40%|##   | 200/500 [00:20<00:30,  9.9it/s, loss=0.51]", " 41%|##   | 205/500 [00:20<00:30,  9.9it/s]");
        assertThat(q.step()).isEqualTo(205L);
    }

    @Test
    void datesAndBannersFromHeldApart4() {
        // "[31/08 23:48:12]" is a date, not 31 of 8: a step line followed by it is no reading of its own
        Progress p = last("Training progress: 100%|####| 50000/50000 [1:10:02<00:00, 11.90it/s, Loss=0.0540809]",
                "[ITER 50000] Saving Gaussians [31/08 23:48:12]");
        assertThat(p.total()).isEqualTo(50000L);
        // an epoch banner between rules is an epoch reading
        Progress q = last("==================== Epoch   7 / 200 ====================",
                "| Progress [##   ][14.22%] | LR 0.000254 | Loss   8.5528 (  9.0717) |");
        assertThat(q.epoch()).isEqualTo(7L);
        assertThat(q.loss()).isEqualTo(8.5528);
        // a settings line with more after the epoch is still not one
        assertThat(parser.parseLine("Epoch 7 / 200 lr 0.1").isEmpty()).isTrue();
    }
}
