package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The optional run steps of the spec: {@code setup} and {@code checkpoints.sync}. */
class RunStepsSpecTest {
  private final RunSpecLoader loader = new RunSpecLoader();

  @Test
  void setupAndSyncAreReadAndResolvedKeepingTheirOwnPlaceholders() throws Exception {
    RunSpec spec = loader.parse(RunSpecLoaderTest.MINIMAL + """
        setup: "git clone https://example.invalid/r.git {output_root}/src && pip install -r req.txt"
        checkpoints:
          sync: "gsutil -m cp -r {checkpoint} gs://bucket/{name}/step-{step}"
        """, "steps.yaml");

    assertThat(spec.setup()).startsWith("git clone");
    assertThat(spec.resolvedSetup()).contains("/workspace/out/mini/src &&");
    assertThat(spec.checkpoints().sync()).isEqualTo("gsutil -m cp -r {checkpoint} gs://bucket/{name}/step-{step}");
    assertThat(spec.resolvedSync()).isEqualTo("gsutil -m cp -r {checkpoint} gs://bucket/mini/step-{step}");
  }

  @Test
  void bothAreOptional() throws Exception {
    RunSpec spec = loader.parse(RunSpecLoaderTest.MINIMAL, "minimal.yaml");

    assertThat(spec.setup()).isNull();
    assertThat(spec.resolvedSetup()).isNull();
    assertThat(spec.checkpoints().sync()).isNull();
    assertThat(spec.resolvedSync()).isNull();
  }

  @Test
  void aSyncWithoutTheCheckpointPathOrWithQuotedPlaceholdersIsRefused() {
    for (String sync : new String[] {"rsync -a out/ backup:/x/", "cp -r '{checkpoint}' /mnt/x/",
        "cp -r {checkpoint} '/mnt/{step}'", "  "}) {
      InvalidSpecException e = catchThrowableOfType(() -> loader.parse(RunSpecLoaderTest.MINIMAL
          + "checkpoints: {sync: \"" + sync + "\"}\n", "bad.yaml"), InvalidSpecException.class);

      assertThat(e).as(sync).isNotNull();
      assertThat(e.problems()).as(sync).singleElement()
          .satisfies(p -> assertThat(p.path()).isEqualTo("checkpoints.sync"));
    }
  }

  @Test
  void placeholdersInDoubleQuotesOrAfterAClosedSingleQuoteAreFine() {
    assertThat(SpecValidator.placeholderInSingleQuotes("cp -r \"{checkpoint}\" \"/mnt/x y/step-{step}\""))
        .isFalse();
    assertThat(SpecValidator.placeholderInSingleQuotes("echo 'copying' {checkpoint} && echo \\' {step}"))
        .isFalse();
    assertThat(SpecValidator.placeholderInSingleQuotes("echo \"it's\" '{checkpoint}'")).isTrue();
  }

  @Test
  void aBlankSetupIsRefused() {
    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(RunSpecLoaderTest.MINIMAL
        + "setup: \"  \"\n", "bad.yaml"), InvalidSpecException.class);

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("setup");
      assertThat(p.reason()).contains("blank");
    });
  }
}
