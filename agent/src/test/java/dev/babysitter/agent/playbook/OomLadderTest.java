package dev.babysitter.agent.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.RunSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class OomLadderTest {
  private static final RunSpec.Oom OOM = new RunSpec.Oom(
      new RunSpec.Oom.Knob("--per-device-train-batch-size", 8, 2),
      new RunSpec.Oom.Knob("--gradient-accumulation-steps", 4, 1),
      new RunSpec.Oom.Knob("--per-device-eval-batch-size", 16, 4));

  @Test
  void aTrainingOomHalvesTheMicroBatchAndDoublesAccumulationUntilTheMinimum() {
    OomLadder.Step first = OomLadder.next(OOM, null, false).orElseThrow();
    assertThat(first.args()).isEqualTo("--per-device-train-batch-size 4 "
        + "--gradient-accumulation-steps 8 --per-device-eval-batch-size 16");
    assertThat(first.change()).contains("8 -> 4", "4 -> 8", "same effective batch");
    OomLadder.Step second = OomLadder.next(OOM, first.args(), false).orElseThrow();
    assertThat(second.args()).startsWith("--per-device-train-batch-size 2 "
        + "--gradient-accumulation-steps 16");
    assertThat(OomLadder.next(OOM, second.args(), false)).as("2 is the declared minimum")
        .isEmpty();
  }

  @Test
  void anEvalOomHalvesOnlyTheEvalBatch() {
    OomLadder.Step step = OomLadder.next(OOM, null, true).orElseThrow();
    assertThat(step.args()).isEqualTo("--per-device-train-batch-size 8 "
        + "--gradient-accumulation-steps 4 --per-device-eval-batch-size 8");
    OomLadder.Step next = OomLadder.next(OOM, step.args(), true).orElseThrow();
    assertThat(next.args()).endsWith("--per-device-eval-batch-size 4");
    assertThat(OomLadder.next(OOM, next.args(), true)).isEmpty();
  }

  @Test
  void withoutTheKnobForItsKindThereIsNoRung() {
    RunSpec.Oom evalOnly = new RunSpec.Oom(null, null, OOM.evalBatch());
    assertThat(OomLadder.next(evalOnly, null, false)).isEmpty();
    assertThat(OomLadder.next(null, null, false)).isEmpty();
  }

  @Test
  void evalFramesInTheTracebackMarkAnEvalOom() {
    List<String> hfEval = List.of("Traceback (most recent call last):",
        "  File \"/opt/conda/lib/python3.10/site-packages/transformers/trainer.py\", line 3111,"
            + " in evaluate", "    output = eval_loop(",
        "  File \"trainer.py\", line 3302, in evaluation_loop",
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.");
    List<String> training = List.of("Traceback (most recent call last):",
        "  File \"train.py\", line 88, in <module>", "    loss.backward()",
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.");
    List<String> evalLogThenTrainingOom = new java.util.ArrayList<>(List.of(
        "{'eval_loss': 4.0853, 'eval_runtime': 1.37, 'eval_steps_per_second': 3.289}"));
    evalLogThenTrainingOom.addAll(training);
    assertThat(OomLadder.duringEval(hfEval)).isTrue();
    assertThat(OomLadder.duringEval(evalLogThenTrainingOom)).isFalse();
    assertThat(OomLadder.duringEval(training)).isFalse();
  }
}
