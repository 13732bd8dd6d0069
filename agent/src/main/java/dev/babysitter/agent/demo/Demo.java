package dev.babysitter.agent.demo;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.BabysitLoop;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.RunLauncher;
import dev.babysitter.agent.session.Workspace;
import dev.babysitter.tools.issues.LocalIssues;
import dev.babysitter.tools.logbook.GitJournal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The whole product on one laptop: a throwaway workspace (a git work tree with a bare origin,
 * a local issue store), the example trainer launched with a fault schedule, babysat to the end
 * by the same code as {@code babysitter launch} + {@code babysitter babysit}.
 */
public final class Demo {
  private final Path installRoot;
  private final Path workspaceDir;
  private final Scenario scenario;
  private final PrintStream out;
  private final Clock clock;

  public Demo(Path installRoot, Path workspaceDir, Scenario scenario, PrintStream out,
      Clock clock) {
    this.installRoot = installRoot;
    this.workspaceDir = workspaceDir.toAbsolutePath().normalize();
    this.scenario = scenario;
    this.out = out;
    this.clock = clock;
  }

  /** What the demo leaves behind for a person to read. */
  public record Result(String runName, RunRecord record, Path workspace, Path logbook,
      Path issueThread, Path statusFile, boolean asExpected, long wallMillis) {}

  public Result run(Duration limit) throws Exception {
    long started = System.nanoTime();
    String run = "demo-" + scenario.label();
    Path repo = workspaceDir.resolve("repo");
    Path origin = workspaceDir.resolve("origin.git");
    if (Files.exists(repo) || Files.exists(origin)) {
      throw new IOException("workspace " + workspaceDir + " is not empty; pick a new one");
    }
    out.println("scenario: " + scenario.label() + " — " + scenario.description());
    Files.createDirectories(workspaceDir);
    GitJournal.initBareWithClone(origin, repo, "main");
    copyTrainer(repo);
    Path spec = repo.resolve("runs/" + run + ".yaml");
    Files.createDirectories(spec.getParent());
    Files.writeString(spec, specYaml(run, repo));
    Files.createDirectories(repo.resolve("policies"));
    Files.copy(installRoot.resolve("policies/demo.yaml"), repo.resolve("policies/demo.yaml"));
    try (GitJournal git = GitJournal.open(repo, "origin", "main", "babysitter-demo",
        "demo@users.noreply.invalid")) {
      git.commitAndPush("Add the example trainer, the demo policy and the run spec",
          repo.resolve("trainer"), repo.resolve("policies"), repo.resolve("runs"));
    }
    Workspace workspace = new Workspace(workspaceDir.resolve("babysitter"));
    RunFactory factory = new RunFactory(workspace, clock, repo);
    RunSpec runSpec = new RunSpecLoader().load(spec);
    RunLauncher.Result launched = new RunLauncher(factory, clock).launch(runSpec, spec, repo);
    if (launched.refusal() != null) {
      throw new IOException("launch refused: " + launched.refusal().reason());
    }
    out.println("launched " + launched.instance().id() + " (" + launched.instance().url() + ")");
    new BabysitLoop(factory, clock, out).run(List.of(runSpec), limit);
    RunRecord record = factory.store().load(run).orElseThrow();
    if (!record.finished() && record.instance != null) {
      factory.provider(runSpec).destroy(record.instance); // the demo never leaves processes
    }
    LocalIssues issues = (LocalIssues) factory.tracker(runSpec);
    Path thread = record.issue == null ? null : issues.threadFile(record.issue);
    boolean expected = scenario.expectedOutcome().equals(record.outcome);
    return new Result(run, record, workspaceDir, factory.logbookFile(runSpec), thread,
        repo.resolve("STATUS.md"), expected, (System.nanoTime() - started) / 1_000_000);
  }

  private void copyTrainer(Path repo) throws IOException {
    Path source = installRoot.resolve("examples/trainer");
    Path target = repo.resolve("trainer");
    Files.createDirectories(target.resolve("bin"));
    Files.copy(source.resolve("train.py"), target.resolve("train.py"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(source.resolve("bin/nvidia-smi"), target.resolve("bin/nvidia-smi"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(target.resolve("bin/nvidia-smi"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String specYaml(String run, Path repo) {
    return String.join("\n",
        "# Written by ./babysitter demo --scenario " + scenario.label(),
        "name: " + run,
        "dri: octocat",
        "goal: \"" + scenario.description() + "\"",
        "command: \"python3 trainer/train.py --steps 60 --out {output_root} --ckpt-every 10"
            + " --step-time 0.2 --eval-every 20\"",
        "output_root: " + workspaceDir.resolve("out/" + run),
        "final_step: 60",
        "min_steps: 40",
        "limits: {auto_destroy_after: 30m, max_cost_usd: 5, lease_timeout: 2m}",
        "teardown: {on_done: destroy, on_failed: destroy}",
        "logbook: {repo: " + repo + ", path: logbooks/" + run + ".md}",
        "policy: policies/demo.yaml",
        "env: {TRAINER_FAULTS: \"" + scenario.faults() + "\"}",
        "");
  }
}
