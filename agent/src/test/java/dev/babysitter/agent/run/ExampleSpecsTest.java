package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The example specs shipped in examples/runs/ must stay launchable as the contract evolves. */
class ExampleSpecsTest {

  private static Path repoRoot() {
    // Set by the agent POM's surefire configuration; falls back to the module's parent.
    return Path.of(System.getProperty("babysitter.repoRoot", "..")).toAbsolutePath().normalize();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-local", "tiny-vast"})
  void exampleLoadsWithoutProblems(String name) throws Exception {
    RunSpecLoader loader = new RunSpecLoader();

    RunSpec spec = loader.load(repoRoot().resolve("examples/runs/" + name + ".yaml"));

    assertThat(spec.name()).isEqualTo(name);
    assertThat(spec.provider().kind()).isEqualTo(name.substring("tiny-".length()));
    assertThat(loader.validate(spec)).isEmpty();
    assertThat(spec.resolvedCommand()).contains("--out " + spec.outputRoot()).doesNotContain("{");
    assertThat(spec.logbook().path()).isEqualTo("logbooks/" + name + ".md");
  }
}
