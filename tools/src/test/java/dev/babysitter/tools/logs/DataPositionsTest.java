package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Data positions as real trainers print them, and when two count as the same data. */
class DataPositionsTest {
  final DataPositions positions = new DataPositions(new ProgressParser());

  static String megatron(long iteration, long samples, int batch) {
    // Megatron-DeepSpeed, as in the corpus (nan_loss): samples and tokens on one line.
    return String.format(java.util.Locale.ROOT, " iteration %8d/  250000 | consumed samples:"
        + " %12d | consumed tokens: %12d | elapsed time per iteration (ms): 4247.9 | learning"
        + " rate: 2.999E-04 | global batch size: %5d | lm loss: 2.345678E+00 | loss scale: 1.0"
        + " | grad norm: 0.912 |", iteration, samples, samples * 2048, batch);
  }

  @Test
  void megatronConsumedSamplesWithTheBatchFromTheIteration() {
    DataPositions.Position p = positions.latest(List.of(megatron(5426, 43408, 8),
        megatron(5427, 43416, 8), "Traceback (most recent call last):",
        "RuntimeError: CUDA error: an illegal memory access was encountered")).orElseThrow();
    assertThat(p.unit()).isEqualTo("samples");
    assertThat(p.value()).isEqualTo(43416);
    assertThat(p.step()).isEqualTo(5427L);
    assertThat(p.perStep()).isEqualTo(43416.0 / 5427);
    assertThat(p.describe()).isEqualTo("consumed samples 43,416 (step 5427)");
  }

  @Test
  void nemoHfComposerAndEpochBatchForms() {
    DataPositions.Position nemo = positions.latest(List.of("Epoch 0: :  12%|█▏        | 99/800"
        + " [01:40<11:50, reduced_train_loss=3.210, global_step=98.00, consumed_samples=50688.0,"
        + " train_step_timing in s=0.95]")).orElseThrow();
    assertThat(nemo.unit()).isEqualTo("samples");
    assertThat(nemo.value()).isEqualTo(50688.0);
    assertThat(nemo.resolution()).isEqualTo(0.1);

    DataPositions.Position hf = positions.latest(List.of(
        " 45%|████▌     | 450/1000 [05:00<06:06,  1.50it/s]",
        "{'loss': 2.1234, 'grad_norm': 0.93, 'learning_rate': 4.5e-05, 'epoch': 1.37}"))
        .orElseThrow();
    assertThat(hf.unit()).isEqualTo("epochs");
    assertThat(hf.value()).isEqualTo(1.37);
    assertThat(hf.resolution()).isEqualTo(0.01);
    assertThat(hf.perStep()).isEqualTo(1.37 / 450);

    DataPositions.Position tokens = positions.latest(List.of("{'loss': 2.1234, 'learning_rate':"
        + " 4.5e-05, 'epoch': 1.37, 'num_input_tokens_seen': 2867200}")).orElseThrow();
    assertThat(tokens.unit()).isEqualTo("tokens");
    assertThat(tokens.value()).isEqualTo(2867200);

    DataPositions.Position composer = positions.latest(List.of("[batch=100/1000]:",
        "\t Train time/batch: 99", "\t Train time/sample: 12672",
        "\t Train time/sample_in_epoch: 12672", "\t Train loss/train/total: 2.9"))
        .orElseThrow();
    assertThat(composer.unit()).isEqualTo("samples");
    assertThat(composer.value()).isEqualTo(12672);

    DataPositions.Position lightning = positions.latest(List.of("Epoch 3:  45%|████▌     |"
        + " 120/265 [00:30<00:36,  4.00it/s, loss=2.31, v_num=0]")).orElseThrow();
    assertThat(lightning.unit()).isEqualTo("epochs");
    assertThat(lightning.value()).isCloseTo(3 + 120.0 / 265, org.assertj.core.data.Offset
        .offset(1e-9));
    assertThat(lightning.resolution()).isEqualTo(1.0 / 265);
  }

  @Test
  void linesWithoutAPositionGiveNone() {
    assertThat(positions.latest(List.of("step 100 | loss 2.3 | lr 1e-4",
        "samples per second: 1.883 | global batch size: 8"))).isEmpty();
    assertThat(positions.latest(List.of())).isEmpty();
  }

  @Test
  void nearMeansWithinTheWindowsStepsOfDataByTheLargerBatch() {
    // Attempt 1 at batch 8 failed at sample 8800 (step 1100); after a halved batch the same
    // sample comes at step 1200.
    DataPositions.Position first = positions.latest(List.of(megatron(1100, 8800, 8)))
        .orElseThrow();
    DataPositions.Position same = positions.latest(List.of(megatron(1200, 8800, 4)))
        .orElseThrow();
    DataPositions.Position later = positions.latest(List.of(megatron(1400, 9600, 4)))
        .orElseThrow();
    assertThat(same.near(first, 50)).isTrue();
    assertThat(same.window(first, 50)).isEqualTo(400.0); // 50 steps at 8 samples each
    assertThat(later.near(first, 50)).isFalse();
    assertThat(first.near(null, 50)).isFalse();

    // Another unit, no batch size, or a log too coarse for the window: no verdict.
    DataPositions.Position tokens = new DataPositions.Position("tokens", 8800, 1, 8.0, 1100L);
    assertThat(first.near(tokens, 50)).isFalse();
    DataPositions.Position unknown = new DataPositions.Position("samples", 8800, 1, null, null);
    assertThat(unknown.near(new DataPositions.Position("samples", 8800, 1, null, null), 50))
        .isFalse();
    DataPositions.Position coarse = new DataPositions.Position("epochs", 1.37, 0.01,
        1.0 / 100_000, 137_000L);
    assertThat(coarse.near(coarse, 50)).as("0.01 epoch is 1,000 steps here").isFalse();
  }
}
