package dev.babysitter.agent.run;

import static dev.babysitter.agent.run.RunSpecLoaderTest.MINIMAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The meaning checks of seed 004's "validate before launch", one rule family per test. */
class SpecRulesTest {

  private final RunSpecLoader loader = new RunSpecLoader();

  @Test
  void vastProviderNeedsAPriceCeilingAnImageAndAWayIn() {
    String yaml = MINIMAL + "provider: {kind: vast, num_gpus: 0, disk_gb: 5, max_dph: -1}\n";

    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(yaml, "x.yaml"),
        InvalidSpecException.class);

    assertThat(e.problems()).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "provider.gpu", "provider.image", "provider.ssh_key", "provider.max_dph",
        "provider.num_gpus", "provider.disk_gb");
  }

  @Test
  void semanticRulesOnIdentityOutputAndLimits() {
    String yaml = """
        name: ok
        dri: -not-a-login
        command: "  "
        source: {git_sha: xyz}
        output_root: out/relative
        final_step: 0
        checkpoints: {pattern: "step-{n}-{n}"}
        wandb: {resume: sometimes}
        provider: {kind: aws}
        limits: {auto_destroy_after: 8d, max_cost_usd: 0}
        issue: {repo: justaname, number: 0}
        policy: ""
        progress: {regex: "step (\\\\d+)"}
        """;

    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(yaml, "x.yaml"),
        InvalidSpecException.class);

    assertThat(e.problems()).extracting(SpecProblem::toString).containsExactlyInAnyOrder(
        "dri: \"-not-a-login\" is not a GitHub login",
        "command: must not be blank",
        "source.git_sha: expected \"auto\" or a 7-40 character hex sha, got \"xyz\"",
        "output_root: must be an absolute path, got \"out/relative\"",
        "final_step: must be greater than 0, got 0",
        "checkpoints.pattern: must contain exactly one {n}, got \"step-{n}-{n}\"",
        "wandb.resume: expected one of allow|auto|must|never, got \"sometimes\"",
        "provider.kind: expected one of local|slurm|vast, got \"aws\"",
        "limits.auto_destroy_after: must be between 1m and 7d, got 8d",
        "limits.max_cost_usd: must be greater than 0, got 0.0",
        "issue.repo: expected owner/name, got \"justaname\"",
        "issue.number: must be greater than 0, got 0",
        "policy: must not be blank",
        "progress.regex: needs at least one named group among step, batch, loss, eval_loss, rate,"
            + " e.g. 'step (?<step>\\d+) loss (?<loss>[\\d.]+)'");
  }

  @Test
  void checkpointLayoutsAreUnderstoodAndContradictionsListed() throws Exception {
    RunSpec single = loader.parse(MINIMAL + "checkpoints: {pattern: \"ckpt_{n}.pt\"}\n", "x.yaml");
    assertThat(single.checkpointLayout().kind())
        .isEqualTo(dev.babysitter.tools.checkpoint.CheckpointLayout.Kind.FILE);
    RunSpec hf = loader.parse(MINIMAL + "checkpoints: {pattern: \"checkpoint-{n}\"}\n", "x.yaml");
    assertThat(hf.checkpointLayout().marker()).isEqualTo("trainer_state.json");

    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(MINIMAL
        + "checkpoints: {pattern: \"ckpt_{n}.pt\", complete_marker: metadata.json, layout: blob}\n",
        "x.yaml"), InvalidSpecException.class);
    assertThat(e.problems()).extracting(SpecProblem::path)
        .containsExactlyInAnyOrder("checkpoints.layout", "checkpoints.complete_marker");
  }

  @Test
  void outputRootMustBePinnedNotTemplated() {
    String yaml = MINIMAL.replace("/workspace/out/mini", "\"{workspace}/out/mini\"");

    assertThatThrownBy(() -> loader.parse(yaml, "x.yaml"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("output_root: must be pinned, without placeholders");
  }

  @Test
  void acceptsCheckpointStartEnvAndProgressRegexWhenWellFormed() throws Exception {
    String yaml = MINIMAL + """
        initialize_from: /workspace/out/old/checkpoints/step-1500/
        env: {SEED: 42, WANDB_MODE: offline}
        progress: {format: regex, regex: "step (?<step>\\\\d+)/(?<total>\\\\d+) loss (?<loss>[0-9.]+)"}
        source: {git_sha: 0a1b2c3d}
        """;

    RunSpec spec = loader.parse(yaml, "x.yaml");

    assertThat(spec.checkpoints().stepOf(spec.initializeFrom())).hasValue(1500);
    assertThat(spec.env()).containsExactly(Map.entry("SEED", "42"), Map.entry("WANDB_MODE", "offline"));
    assertThat(spec.progress().regex()).contains("(?<step>");
    assertThat(spec.source().gitSha()).isEqualTo("0a1b2c3d");
  }

  @Test
  void validateChecksSpecsBuiltInCodeToo() throws Exception {
    RunSpec ok = loader.parse(MINIMAL, "x.yaml");
    RunSpec broken = new RunSpec(null, ok.dri(), null, ok.command(), null, ok.outputRoot(), 5, 3L,
        ok.checkpoints(), null, ok.log(), ok.wandb(), ok.provider(), ok.limits(), ok.teardown(),
        ok.issue(), ok.logbook(), ok.policy(), null, null);

    assertThat(loader.validate(ok)).isEmpty();
    assertThat(loader.validate(broken)).extracting(SpecProblem::toString)
        .containsExactly("name: required field is missing", "source: required section is missing");
  }
}
