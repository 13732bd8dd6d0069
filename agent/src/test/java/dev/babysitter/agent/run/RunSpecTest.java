package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecTest {

  private final RunSpec spec = new RunSpecLoader().parse(RunSpecLoaderTest.MINIMAL, "mini.yaml");

  RunSpecTest() throws InvalidSpecException {}

  @Test
  void resolveReplacesOutputRootAndNameEverywhereAndLeavesTheRestAlone() {
    assertThat(spec.resolve("{output_root}/a/{name}/{output_root}"))
        .isEqualTo("/workspace/out/mini/a/mini//workspace/out/mini");
    assertThat(spec.resolve("echo {step} {n}")).isEqualTo("echo {step} {n}");
    assertThat(spec.resolve(null)).isNull();
    assertThat(spec.resolvedCommand()).isEqualTo("python3 train.py --out /workspace/out/mini");
  }

  @Test
  void checkpointStepIsParsedNumericallyFromTheLastPathSegment() {
    RunSpec.Checkpoints c = spec.checkpoints();

    assertThat(c.stepOf("/w/checkpoints/step-1500")).hasValue(1500);
    assertThat(c.stepOf("/w/checkpoints/step-0001500/")).hasValue(1500);
    assertThat(c.stepOf("step-7")).hasValue(7);
    assertThat(c.stepOf("/w/step-12/metadata.json")).isEmpty();
    assertThat(c.stepOf("/w/checkpoints/step-latest")).isEmpty();
    assertThat(c.stepOf("/w/checkpoints/xstep-5")).isEmpty();
    assertThat(c.nameFor(1500)).isEqualTo("step-1500");

    var custom = new RunSpec.Checkpoints("d", "ckpt_{n}.pt", "done", null, null);
    assertThat(custom.stepOf("/d/ckpt_42.pt")).hasValue(42);
    assertThat(custom.stepOf("/d/ckpt_42xpt")).isEmpty();
  }

  @Test
  void envIsImmutableAndNeverNull() {
    Map<String, String> source = new HashMap<>(Map.of("A", "1"));
    RunSpec withEnv = new RunSpec("n", "d", null, "c", null, "/o", 1, null, null, null, null, null,
        null, null, null, null, null, null, source, null);
    source.put("B", "2");

    assertThat(withEnv.env()).containsOnlyKeys("A");
    assertThatThrownBy(() -> withEnv.env().put("C", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new RunSpec("n", "d", null, "c", null, "/o", 1, null, null, null, null, null,
        null, null, null, null, null, null, null, null).env()).isEmpty();
  }
}
