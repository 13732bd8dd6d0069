package dev.babysitter.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSpecLoaderTest {

  /** DESIGN.md's example, verbatim. */
  static final String DESIGN_EXAMPLE = """
      name: tiny-gpt-demo            # stable slug; logbook file and issue title derive from it
      dri: octocat                   # GitHub login of the person responsible
      goal: "reach val loss 3.1 by step 2000"
      command: "python3 train.py --steps 2000 --out {output_root}"   # scrubbed before it is shown
      source: {git_sha: auto, allow_dirty: false}   # dirty only with approval; patch hash recorded
      output_root: /workspace/out/tiny-gpt-demo     # pinned, never derived
      final_step: 2000                              # from the config, not from a progress bar
      min_steps: 1500                               # an early stop before this is escalated
      checkpoints: {dir: "{output_root}/checkpoints", pattern: "step-{n}", complete_marker: metadata.json,
                    keep_permanent_every: 100000, temporary_every: 15m}
      initialize_from: null          # or a checkpoint path: numeric step + metadata.json are checked
      log: "{output_root}/train.log"
      wandb: {project: null, id: null, resume: allow}
      provider: {kind: local}        # or: {kind: vast, gpu: H100_SXM, num_gpus: 1, max_dph: 3.0,
                                     #      image: ..., disk_gb: 120, ssh_key: ~/.ssh/id_ed25519}
      limits: {auto_destroy_after: 24h, max_cost_usd: 300}
      teardown: {on_done: destroy, on_failed: keep}   # keep = leave for the DRI to inspect
      issue: {repo: owner/name, number: null}         # null = create with labels experiment, agent-generated
      logbook: {repo: ., path: logbooks/tiny-gpt-demo.md}
      policy: policies/default.yaml
      """;

  static final String MINIMAL = """
      name: mini
      dri: octocat
      command: "python3 train.py --out {output_root}"
      output_root: /workspace/out/mini
      final_step: 100
      limits: {auto_destroy_after: 2h}
      """;

  private final RunSpecLoader loader = new RunSpecLoader();

  @Test
  void designExampleLoadsIntoTheRecords() throws Exception {
    RunSpec spec = loader.parse(DESIGN_EXAMPLE, "design.yaml");

    assertThat(spec.name()).isEqualTo("tiny-gpt-demo");
    assertThat(spec.dri()).isEqualTo("octocat");
    assertThat(spec.goal()).isEqualTo("reach val loss 3.1 by step 2000");
    assertThat(spec.command()).isEqualTo("python3 train.py --steps 2000 --out {output_root}");
    assertThat(spec.source()).isEqualTo(new RunSpec.Source("auto", false));
    assertThat(spec.outputRoot()).isEqualTo("/workspace/out/tiny-gpt-demo");
    assertThat(spec.finalStep()).isEqualTo(2000);
    assertThat(spec.minSteps()).isEqualTo(1500);
    assertThat(spec.checkpoints()).isEqualTo(new RunSpec.Checkpoints("{output_root}/checkpoints",
        "step-{n}", "metadata.json", 100_000L, Duration.ofMinutes(15)));
    assertThat(spec.initializeFrom()).isNull();
    assertThat(spec.log()).isEqualTo("{output_root}/train.log");
    assertThat(spec.wandb()).isEqualTo(new RunSpec.Wandb(null, null, "allow"));
    assertThat(spec.provider())
        .isEqualTo(new RunSpec.Provider("local", null, 1, null, null, null, null, null));
    assertThat(spec.limits())
        .isEqualTo(new RunSpec.Limits(Duration.ofHours(24), 300.0, Duration.ofMinutes(30)));
    assertThat(spec.teardown()).isEqualTo(new RunSpec.Teardown("destroy", "keep"));
    assertThat(spec.issue()).isEqualTo(new RunSpec.IssueSpec("owner/name", null));
    assertThat(spec.logbook()).isEqualTo(new RunSpec.LogbookSpec(".", "logbooks/tiny-gpt-demo.md"));
    assertThat(spec.policy()).isEqualTo("policies/default.yaml");
    assertThat(spec.env()).isEmpty();
    assertThat(spec.progress()).isEqualTo(new RunSpec.ProgressSpec(null, null));
    assertThat(spec.resolvedCommand())
        .isEqualTo("python3 train.py --steps 2000 --out /workspace/out/tiny-gpt-demo");
    assertThat(loader.validate(spec)).isEmpty();
  }

  @Test
  void minimalSpecGetsTheDocumentedDefaults() throws Exception {
    RunSpec spec = loader.parse(MINIMAL, "mini.yaml");

    assertThat(spec.source()).isEqualTo(new RunSpec.Source("auto", false));
    assertThat(spec.minSteps()).isNull();
    // The marker is left as written (absent); the layout infers it.
    assertThat(spec.checkpoints()).isEqualTo(new RunSpec.Checkpoints(
        "{output_root}/checkpoints", "step-{n}", null, null, null));
    assertThat(spec.checkpointLayout().marker()).isEqualTo("metadata.json");
    assertThat(spec.log()).isEqualTo("{output_root}/train.log");
    assertThat(spec.wandb()).isEqualTo(new RunSpec.Wandb(null, null, "allow"));
    assertThat(spec.provider().kind()).isEqualTo("local");
    assertThat(spec.limits())
        .isEqualTo(new RunSpec.Limits(Duration.ofHours(2), null, Duration.ofMinutes(30)));
    assertThat(spec.teardown()).isEqualTo(new RunSpec.Teardown("destroy", "keep"));
    assertThat(spec.issue()).isEqualTo(new RunSpec.IssueSpec(null, null));
    assertThat(spec.logbook()).isEqualTo(new RunSpec.LogbookSpec(".", "logbooks/mini.md"));
    assertThat(spec.policy()).isEqualTo("policies/default.yaml");
    assertThat(spec.env()).isEmpty();
    assertThat(spec.resolvedLog()).isEqualTo("/workspace/out/mini/train.log");
    assertThat(spec.resolvedCheckpointDir()).isEqualTo("/workspace/out/mini/checkpoints");
  }

  @Test
  void malformedSpecReportsEveryMistakeAtOnceWithItsPath() {
    String yaml = """
        name: Tiny_GPT
        dri: octocat
        command: "python3 train.py"
        output_root: /workspace/out/x
        final_step: 2000
        min_steps: 2500
        colour: blue
        provider: {kind: local, gpuu: H100}
        checkpoints: {keep_permanent_every: lots}
        checkpoints_x: 1
        limits: {max_cost_usd: 10, lease_timeout: 15x}
        teardown: {on_done: explode}
        source: {git_sha: auto, allow_dirty: maybe, ship: [trainer, ../secrets, 3]}
        env: {"BAD-NAME": x}
        logbook: {path: notes.txt}
        progress: {regex: "("}
        log: "{workspace}/train.log"
        initialize_from: /workspace/out/old/latest
        """;

    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(yaml, "bad.yaml"),
        InvalidSpecException.class);

    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(SpecProblem::toString).containsExactlyInAnyOrder(
        "limits.auto_destroy_after: required field is missing",
        "checkpoints.keep_permanent_every: expected an integer, got \"lots\"",
        "provider.gpuu: unknown field (did you mean \"gpu\"?)",
        "limits.lease_timeout: invalid duration \"15x\"; use e.g. 2d, 24h, 15m, 30s, 500ms, 1h30m"
            + " or a plain number of seconds",
        "source.allow_dirty: expected true or false, got \"maybe\"",
        "source.ship[2]: expected a string, got 3",
        "source.ship: entry 1 (../secrets) must be a path inside the work tree, relative,"
            + " without ..",
        "colour: unknown field",
        "checkpoints_x: unknown field (did you mean \"checkpoints\"?)",
        "name: \"Tiny_GPT\" is not a slug (lower-case letters, digits, '.', '_', '-'; starting with"
            + " a letter or digit; at most 63 characters)",
        "min_steps: 2500 is greater than final_step 2000",
        "log: only {output_root} and {name} are replaced; got \"{workspace}/train.log\"",
        "initialize_from: no numeric step in \"/workspace/out/old/latest\" (expected a last path"
            + " segment like \"step-{n}\")",
        "teardown.on_done: expected one of destroy|keep, got \"explode\"",
        "logbook.path: must end with .md, got \"notes.txt\"",
        "env.BAD-NAME: is not a valid environment variable name",
        "progress.regex: needs at least one named group among step, batch, loss, eval_loss, rate,"
            + " e.g. 'step (?<step>\\d+) loss (?<loss>[\\d.]+)'");
    assertThat(e.getMessage())
        .startsWith("run spec bad.yaml has 17 problems:\n  - ")
        .contains("\n  - provider.gpuu: unknown field (did you mean \"gpu\"?)");
  }

  @Test
  void missingRequiredFieldsAreAllNamed() {
    InvalidSpecException e = catchThrowableOfType(
        () -> loader.parse("goal: something\n", "x.yaml"), InvalidSpecException.class);

    assertThat(e.problems()).extracting(SpecProblem::path).containsExactlyInAnyOrder(
        "name", "dri", "command", "output_root", "final_step", "limits.auto_destroy_after");
    assertThat(e.problems()).extracting(SpecProblem::reason).containsOnly("required field is missing");
  }

  @Test
  void wrongTypesAreReportedOnceAtTheirPath() {
    String yaml = MINIMAL.replace("final_step: 100", "final_step: abc")
        + "provider: local\nmax_cost: 5\n";

    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(yaml, "x.yaml"),
        InvalidSpecException.class);

    // final_step is not also called "missing" or "must be > 0": one mistake, one line.
    assertThat(e.problems()).extracting(SpecProblem::toString).containsExactly(
        "final_step: expected an integer, got \"abc\"",
        "provider: expected a mapping, got \"local\"",
        "max_cost: unknown field");
  }

  @Test
  void yamlSyntaxErrorIsOneProblemWithLineAndColumn() {
    String yaml = "name: x\ndri: octocat\nprovider: {kind: local\nfinal_step: 3\n";

    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(yaml, "x.yaml"),
        InvalidSpecException.class);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0).path()).isEqualTo("(syntax)");
    // Where it broke, what was expected, and where the unclosed mapping began.
    assertThat(e.problems().get(0).reason())
        .startsWith("line 4, column 11: expected ',' or '}'")
        .contains("line 3, column 11");
  }

  @Test
  void duplicateKeysAreRefusedRatherThanSilentlyOverwritten() {
    InvalidSpecException e = catchThrowableOfType(
        () -> loader.parse(MINIMAL + "final_step: 200\n", "x.yaml"), InvalidSpecException.class);

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("(syntax)");
      assertThat(p.reason()).contains("final_step");
    });
  }

  @Test
  void emptyFileAndNonMappingDocumentAreOneProblemEach() {
    assertThat(catchThrowableOfType(() -> loader.parse("", "e.yaml"), InvalidSpecException.class)
        .problems()).containsExactly(new SpecProblem("(document)", "the spec is empty"));
    assertThat(catchThrowableOfType(() -> loader.parse("# only a comment\n", "e.yaml"),
        InvalidSpecException.class).problems()).hasSize(1);
    assertThat(catchThrowableOfType(() -> loader.parse("- a\n- b\n", "l.yaml"),
        InvalidSpecException.class).problems()).containsExactly(new SpecProblem("(document)",
            "expected a mapping of fields at the top level, got a list"));
    assertThat(catchThrowableOfType(() -> loader.parse(MINIMAL + "---\nname: two\n", "m.yaml"),
        InvalidSpecException.class).problems()).extracting(SpecProblem::path)
        .containsExactly("(document)");
  }

  @Test
  void loadReadsAFileAndReportsAMissingOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("run.yaml");
    Files.writeString(file, MINIMAL);
    assertThat(loader.load(file).name()).isEqualTo("mini");

    Path missing = dir.resolve("nope.yaml");
    InvalidSpecException e = catchThrowableOfType(() -> loader.load(missing),
        InvalidSpecException.class);
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("(file)");
      assertThat(p.reason()).contains("nope.yaml");
    });
    assertThat(e.getMessage()).startsWith("run spec " + missing + " has 1 problem:\n  - (file): ");
  }

  @Test
  void loadReportsAnEmptyFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("empty.yaml"), "");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("(document): the spec is empty");
  }

  @Test
  void unknownKeysGetANearbySuggestionOnlyWhenOneIsPlausible() {
    String yaml = MINIMAL + "minSteps: 5\nwandb: {resmue: never, zzz: 1}\n";

    InvalidSpecException e = catchThrowableOfType(() -> loader.parse(yaml, "x.yaml"),
        InvalidSpecException.class);

    assertThat(e.problems()).extracting(SpecProblem::toString).containsExactly(
        "minSteps: unknown field (did you mean \"min_steps\"?)",
        "wandb.resmue: unknown field (did you mean \"resume\"?)",
        "wandb.zzz: unknown field");
  }
}
