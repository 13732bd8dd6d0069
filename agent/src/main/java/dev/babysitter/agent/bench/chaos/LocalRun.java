package dev.babysitter.agent.bench.chaos;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.BabysitLoop;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.RunLauncher;
import dev.babysitter.agent.session.Workspace;
import dev.babysitter.tools.logbook.GitJournal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One real local run on the demo policy, set up as the demo sets one up (a git work tree with a
 * bare origin, the example trainer and its fake nvidia-smi, the local issue store), launched and
 * babysat to its end by the product's own launcher and loop, on the clock the experiment gives.
 */
final class LocalRun {
  /** What the run left: its record, the babysitter's output, and where everything lies. */
  record Result(RunRecord record, String stdout, Path dir, Path instanceHome, Path trainLog) {}

  private LocalRun() {}

  /**
   * @param command the trainer command; {@code {steps}} becomes {@code steps}
   * @param envYaml the inside of the spec's {@code env: {...}}
   */
  static Result run(Path installRoot, Path dir, String run, String command, int steps,
      String envYaml, String leaseTimeout, Clock clock, Duration limit) throws Exception {
    return run(installRoot, dir, run, command, steps, envYaml, leaseTimeout, clock, limit,
        null);
  }

  /**
   * {@code meanwhile}: started beside the babysitter once launched, with the run's state
   * directory and what the babysitter has printed so far.
   */
  static Result run(Path installRoot, Path dir, String run, String command, int steps,
      String envYaml, String leaseTimeout, Clock clock, Duration limit,
      java.util.function.BiConsumer<Path, java.util.function.Supplier<String>> meanwhile)
      throws Exception {
    Path repo = dir.resolve("repo");
    Path spec = setUp(installRoot, dir, run, command, steps, envYaml, leaseTimeout);
    Path trainer = repo.resolve("trainer");
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    RunFactory factory = new RunFactory(new Workspace(dir.resolve("babysitter")), clock, repo);
    factory.useFakeGpu(trainer.resolve("bin"));
    RunSpec runSpec = new RunSpecLoader().load(spec);
    RunRecord record;
    try (PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8)) {
      RunLauncher.Result launched = new RunLauncher(factory, clock).launch(runSpec, spec, repo);
      if (launched.refusal() != null) {
        throw new IOException("launch refused: " + launched.refusal().reason());
      }
      Thread side = null;
      if (meanwhile != null) {
        side = new Thread(() -> meanwhile.accept(factory.store().dirOf(run),
            () -> screen.toString(StandardCharsets.UTF_8)), "chaos-" + run);
        side.setDaemon(true);
        side.start();
      }
      new BabysitLoop(factory, clock, out).run(List.of(runSpec), limit);
      if (side != null) {
        side.join(Duration.ofMinutes(2).toMillis());
      }
      record = factory.store().load(run).orElseThrow();
      if (!record.finished() && record.instance != null) {
        factory.provider(runSpec).destroy(record.instance); // never leave processes behind
      }
    }
    return new Result(record, screen.toString(StandardCharsets.UTF_8), dir,
        dir.resolve("babysitter/instances/" + run), dir.resolve("out/" + run + "/train.log"));
  }

  /**
   * Sets a run up as the demo does (a git work tree with a bare origin, the example trainer and
   * its fake nvidia-smi, the demo policy) and writes its spec; returns the spec's path.
   */
  static Path setUp(Path installRoot, Path dir, String run, String command, int steps,
      String envYaml, String leaseTimeout) throws Exception {
    Path repo = dir.resolve("repo");
    Files.createDirectories(dir);
    GitJournal.initBareWithClone(dir.resolve("origin.git"), repo, "main");
    Path trainer = repo.resolve("trainer");
    Files.createDirectories(trainer.resolve("bin"));
    Files.copy(installRoot.resolve("examples/trainer/train.py"), trainer.resolve("train.py"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(installRoot.resolve("examples/trainer/bin/nvidia-smi"),
        trainer.resolve("bin/nvidia-smi"), StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(trainer.resolve("bin/nvidia-smi"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(repo.resolve("policies"));
    Files.copy(installRoot.resolve("policies/demo.yaml"), repo.resolve("policies/demo.yaml"));
    // Outside the logbook repo: the spec is the user's (and may hold secrets).
    Path spec = dir.resolve("specs/" + run + ".yaml");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, String.join("\n",
        "name: " + run,
        "dri: octocat",
        "goal: \"chaos experiment\"",
        "command: \"" + command.replace("{steps}", Integer.toString(steps)) + "\"",
        "output_root: " + dir.resolve("out/" + run),
        "final_step: " + steps,
        "min_steps: " + steps / 2,
        "limits: {auto_destroy_after: 30m, max_cost_usd: 5, lease_timeout: " + leaseTimeout
            + "}",
        "teardown: {on_done: destroy, on_failed: destroy}",
        "logbook: {repo: " + repo + ", path: logbooks/" + run + ".md}",
        "policy: policies/demo.yaml",
        "env: {" + envYaml + "}",
        ""));
    try (GitJournal git = GitJournal.open(repo, "origin", "main", "babysitter-chaos",
        "chaos@users.noreply.invalid")) {
      git.commitAndPush("Add the trainer, the policy", trainer, repo.resolve("policies"));
    }
    return spec;
  }
}
