package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Grad norm from the formats real trainers print (lines from the failure corpus and examples). */
class GradNormsTest {
  private final GradNorms norms = new GradNorms(new ProgressParser());

  @Test
  void mmengineLinesCarryStepAndNorm() {
    List<GradNorms.Reading> r = norms.readings(List.of(
        "10/30 22:18:02 - mmengine - INFO - Epoch(train) [1][200/735]  lr: 1.9870e-04  eta: "
            + "2:46:39  time: 2.8906  data_time: 0.0042  memory: 10762  loss: 2.7522  grad_norm: "
            + "3.0608",
        "10/30 22:19:57 - mmengine - INFO - Epoch(train) [1][240/735]  lr: 1.9813e-04  eta: "
            + "2:44:49  time: 2.8874  data_time: 0.0042  memory: 10762  loss: 2.5128  grad_norm: nan"));
    assertThat(r).hasSize(2);
    assertThat(r.get(0).gradNorm()).isEqualTo(3.0608);
    assertThat(r.get(0).step()).isNotNull();
    assertThat(r.get(1).gradNorm()).isNaN();
    assertThat(r.get(1).step()).isGreaterThan(r.get(0).step());
  }

  @Test
  void megatronIterationLine() {
    String line = " iteration     5426/  250000 | consumed samples:        43408 | consumed tokens:"
        + "     88899584 | elapsed time per iteration (ms): 4247.9 | learning rate: 2.999E-04 | "
        + "global batch size:     8 | lm loss: 2.104E+00 | loss scale: 1.0 | grad norm: 12.5 | "
        + "actual seqlen:  2048 | number of skipped iterations:   0 |";
    List<GradNorms.Reading> r = norms.readings(List.of(line));
    assertThat(r).containsExactly(new GradNorms.Reading(5426L, 12.5));
  }

  @Test
  void huggingFaceDictAsTheExampleTrainerPrintsIt() {
    assertThat(GradNorms.of("{'loss': 2.3412, 'grad_norm': 1.2345, 'learning_rate': 0.0003, "
        + "'epoch': 0.5}")).contains(1.2345);
    assertThat(GradNorms.of("step=10 loss=2.0 grad_norm=4.5e+02")).contains(450.0);
  }

  @Test
  void linesWithoutAGradNormOrWithOnlyItsClippingSettingGiveNothing() {
    assertThat(GradNorms.of("step 10 | loss 2.3 | lr 3e-4")).isEmpty();
    assertThat(GradNorms.of("max_grad_norm: 1.0")).isEmpty();
    assertThat(GradNorms.of("clip_grad_norm=1.0")).isEmpty();
  }
}
