package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmSpecTest {
  private final RunSpecLoader loader = new RunSpecLoader();

  private static String spec(String provider) {
    return RunSpecLoaderTest.MINIMAL + "provider: " + provider + "\n";
  }

  @Test
  void theSlurmFieldsLoadFlatFromTheProviderSection() throws Exception {
    RunSpec spec = loader.parse(spec("{kind: slurm, nodes: 2, gpus_per_node: 8, partition: gpu,"
        + " account: proj, time: 12h, sbatch_extra: [\"--exclusive\", \"--qos=high\"],"
        + " gpu_hour_usd: 2.5}"), "s.yaml");

    assertThat(spec.provider().kind()).isEqualTo("slurm");
    assertThat(spec.provider().slurm()).isEqualTo(new RunSpec.Slurm(2, 8, "gpu", "proj",
        Duration.ofHours(12), null, List.of("--exclusive", "--qos=high"), 2.5));
    assertThat(loader.parse(spec("{kind: local}"), "l.yaml").provider().slurm()).isNull();
  }

  @Test
  void everySlurmProblemIsListedAtItsField() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () ->
        loader.parse(spec("{kind: slurm, nodes: 0, gpus_per_node: 0, partition: \" \","
            + " time: 10s, login: nohost, gpu_hour_usd: -1, image: x, max_dph: 2,"
            + " sbatch_extra: [\"--time=5\", \"exclusive\"]}"), "bad.yaml"));

    assertThat(e.problems()).extracting(SpecProblem::path).contains("provider.nodes",
        "provider.gpus_per_node", "provider.partition", "provider.time", "provider.login",
        "provider.ssh_key", "provider.gpu_hour_usd", "provider.image", "provider.max_dph",
        "provider.sbatch_extra[0]", "provider.sbatch_extra[1]");
    assertThat(e.problems()).filteredOn(p -> p.path().equals("provider.sbatch_extra[0]"))
        .extracting(SpecProblem::reason).allMatch(r -> r.contains("set from the spec"));
  }

  @Test
  void slurmFieldsOnAnotherKindAreReported() {
    InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () ->
        loader.parse(spec("{kind: local, nodes: 2, partition: gpu}"), "l.yaml"));

    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactly("provider.nodes", "provider.partition");
    assertThat(e.problems()).extracting(SpecProblem::reason)
        .allMatch(r -> r.equals("is only for kind slurm"));
  }
}
