package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixRequestTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pip_install | numpy",
      "pip_install | numpy==1.26.4",
      "pip_install | torch>=2.1",
      "pip_install | flash-attn~=2.5.0",
      "pip_install | scikit_learn!=1.3",
      "env         | NCCL_P2P_DISABLE=1",
      "env         | HF_HUB_OFFLINE=1",
      "env         | TORCH_CUDA_ARCH_LIST=8.0 9.0+PTX",
      "PIP_INSTALL | pyyaml"})
  void allowed(String kind, String detail) {
    FixRequest fix = new FixRequest(kind, detail);

    assertThat(fix.controlFileText()).isEqualTo(fix.kind() + "\n" + detail + "\n");
  }

  @Test
  void pruneCachesTakesNoDetail() {
    assertThat(new FixRequest("prune_caches", null).controlFileText()).isEqualTo("prune_caches\n\n");
    assertThatThrownBy(() -> new FixRequest("prune_caches", "/")).isInstanceOf(FixRequest.Refused.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pip_install  | numpy; touch /tmp/pwned        | one package spec",
      "pip_install  | $(touch x)                     | one package spec",
      "pip_install  | `id`                           | one package spec",
      "pip_install  | -e git+https://evil/x          | one package spec",
      "pip_install  | numpy scipy                    | one package spec",
      "pip_install  | numpy[extra]                   | one package spec",
      "pip_install  | ''                             | one package spec",
      "env          | FOO                            | KEY=value",
      "env          | foo=bar                        | must match",
      "env          | 1FOO=bar                       | must match",
      "env          | PATH=/tmp                      | reserved",
      "env          | TRAIN_CMD=rm -rf /             | reserved",
      "env          | RESUME_FROM=/x/step-1          | reserved",
      "env          | LD_PRELOAD=/tmp/x.so           | reserved",
      "env          | BABYSITTER_ATTEMPT=9           | reserved",
      "env          | FOO=$(touch x)                 | printable ASCII without quotes",
      "env          | FOO=`id`                       | printable ASCII without quotes",
      "env          | FOO=a\\b                        | printable ASCII without quotes",
      "apt_install  | gcc                            | unknown fix kind",
      "''           | numpy                          | unknown fix kind"})
  void refused(String kind, String detail, String why) {
    assertThatThrownBy(() -> new FixRequest(kind, detail))
        .isInstanceOf(FixRequest.Refused.class).hasMessageContaining(why);
  }

  @Test
  void quotesAndNewlinesInAnEnvValueAreRefused() {
    for (String detail : List.of("FOO=it's", "FOO=a\"b", "FOO=a\nBAR=b", "FOO=a\rb")) {
      assertThatThrownBy(() -> new FixRequest("env", detail)).as(detail)
          .isInstanceOf(FixRequest.Refused.class);
    }
    assertThatThrownBy(() -> new FixRequest("pip_install", "numpy\ntouch x"))
        .isInstanceOf(FixRequest.Refused.class);
    assertThatThrownBy(() -> new FixRequest("pip_install", "a".repeat(201)))
        .hasMessageContaining("longer than 200");
  }

  /**
   * The supervisor keeps its own copy of the reserved names; every name Java reserves must be
   * refused by supervisor.sh too, so neither side can drift into allowing one alone.
   */
  @Test
  void supervisorReservesEveryNameJavaReserves(@TempDir Path tmp) throws Exception {
    String script = SupervisorScript.text();
    String funcs = script.substring(script.indexOf("fix_reserved() {"), script.indexOf("apply_fix() {"));
    StringBuilder probe = new StringBuilder(funcs).append('\n');
    for (String key : FixRequest.RESERVED) {
      probe.append("fix_reserved ").append(key).append(" || echo ").append(key).append('\n');
    }
    probe.append("fix_reserved LD_LIBRARY_PATH || echo LD_LIBRARY_PATH\n");
    probe.append("fix_reserved NCCL_DEBUG && echo NCCL_DEBUG\nexit 0\n");
    Path file = tmp.resolve("probe.sh");
    Files.writeString(file, probe.toString());
    Process p = new ProcessBuilder("sh", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor()).isZero();
    assertThat(out).as("names only one side reserves (or NCCL_DEBUG wrongly reserved)").isEmpty();
  }
}
