package dev.babysitter.agent.demo;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.BabysitLoop;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.demo.sim.VastSim;
import dev.babysitter.agent.session.RunLauncher;
import dev.babysitter.agent.session.VastAccess;
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
import java.util.Map;

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
  private final boolean vastSim;
  private Map<String, String> slurmEnv;

  public Demo(Path installRoot, Path workspaceDir, Scenario scenario, PrintStream out,
      Clock clock) {
    this(installRoot, workspaceDir, scenario, out, clock, false);
  }

  /** @param vastSim run through the Vast provider against the in-process {@link VastSim} */
  public Demo(Path installRoot, Path workspaceDir, Scenario scenario, PrintStream out,
      Clock clock, boolean vastSim) {
    this.vastSim = vastSim;
    this.installRoot = installRoot;
    this.workspaceDir = workspaceDir.toAbsolutePath().normalize();
    this.scenario = scenario;
    this.out = out;
    this.clock = clock;
  }

  /**
   * Runs the demo as a Slurm job on the cluster these Slurm client settings reach (empty: this
   * host's own Slurm configuration).
   */
  public Demo onSlurm(Map<String, String> env) {
    this.slurmEnv = Map.copyOf(env);
    return this;
  }

  /** What the demo leaves behind for a person to read. */
  public record Result(String runName, RunRecord record, Path workspace, Path logbook,
      Path issueThread, Path statusFile, boolean asExpected, long wallMillis, SimSummary sim) {}

  /** What the simulated Vast saw: instances created, left alive, and every API request. */
  public record SimSummary(int instancesCreated, List<Long> liveAtEnd, List<String> requests) {}

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
    VastSim sim = vastSim ? VastSim.start(workspaceDir.resolve("vast-sim"),
        Duration.ofMillis(1500), true, clock) : null;
    try {
      Files.writeString(spec, specYaml(run, repo, sim));
      return runIn(run, repo, spec, sim, started, limit);
    } finally {
      if (sim != null) {
        sim.close();
      }
    }
  }

  private Result runIn(String run, Path repo, Path spec, VastSim sim, long started,
      Duration limit) throws Exception {
    Files.createDirectories(repo.resolve("policies"));
    Files.copy(installRoot.resolve("policies/demo.yaml"), repo.resolve("policies/demo.yaml"));
    try (GitJournal git = GitJournal.open(repo, "origin", "main", "babysitter-demo",
        "demo@users.noreply.invalid")) {
      git.commitAndPush("Add the example trainer, the demo policy and the run spec",
          repo.resolve("trainer"), repo.resolve("policies"), repo.resolve("runs"));
    }
    Workspace workspace = new Workspace(workspaceDir.resolve("babysitter"));
    RunFactory factory = sim == null ? new RunFactory(workspace, clock, repo)
        : new RunFactory(workspace, clock, repo, new VastAccess(Map.of("VAST_URL",
            sim.baseUrl(), "VAST_API_KEY", sim.apiKey()), workspaceDir, sim.remoteRoot()
            .toString(), null, true)); // the sim's container disks outlive a destroy
    factory.useFakeGpu(repo.resolve("trainer/bin")); // the demo's stand-in, never a user's run
    if (slurmEnv != null) {
      factory.useSlurm(slurmEnv);
    }
    RunSpec runSpec = new RunSpecLoader().load(spec);
    RunLauncher.Result launched = new RunLauncher(factory, clock).launch(runSpec, spec, repo);
    if (launched.refusal() != null) {
      throw new IOException("launch refused: " + launched.refusal().reason());
    }
    out.println("launched " + launched.instance().id() + " (" + launched.instance().url() + ")");
    long deadline = System.nanoTime() + limit.toNanos();
    new BabysitLoop(factory, clock, out).stopWhenParked().run(List.of(runSpec), limit);
    RunRecord record = factory.store().load(run).orElseThrow();
    if (scenario == Scenario.PARK_RESUME && "parked".equals(record.phase)) {
      approveAsTheDri(factory, record, sim);
      new BabysitLoop(factory, clock, out).run(List.of(runSpec),
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      record = factory.store().load(run).orElseThrow();
    }
    if (!record.finished() && !"parked".equals(record.phase) && record.instance != null) {
      factory.provider(runSpec).destroy(record.instance); // the demo never leaves processes
    }
    LocalIssues issues = (LocalIssues) factory.tracker(runSpec);
    Path thread = record.issue == null ? null : issues.threadFile(record.issue);
    boolean expected = scenario.expectedOutcome().equals(record.outcome);
    SimSummary summary = null;
    if (sim != null) {
      summary = new SimSummary(sim.instancesCreated(), sim.liveInstances(),
          sim.journal().stream().map(e -> e.getRequest().getMethod() + " "
              + e.getRequest().getUrl().replaceAll("\\?.*", "") + " "
              + e.getResponse().getStatus()).collect(java.util.stream.Collectors
              .collectingAndThen(java.util.stream.Collectors.toList(), l -> {
                java.util.Collections.reverse(l); // the journal is newest first
                return List.copyOf(l);
              })));
      out.println("vast-sim: " + summary.instancesCreated() + " instance(s) created, "
          + (summary.liveAtEnd().isEmpty() ? "none left alive" : "left alive: "
          + summary.liveAtEnd()) + ", " + summary.requests().size() + " API requests");
    }
    return new Result(run, record, workspaceDir, factory.logbookFile(runSpec), thread,
        repo.resolve("STATUS.md"), expected, (System.nanoTime() - started) / 1_000_000, summary);
  }

  /**
   * The DRI's answer, as `babysitter approve RUN ID` writes it. On the vast-sim the stopped
   * instance's GPUs are rented meanwhile, so the resume must find a new offer.
   */
  private void approveAsTheDri(RunFactory factory, RunRecord record, VastSim sim)
      throws IOException {
    if (sim != null) {
      sim.takeGpusWhileStopped();
    }
    for (RunRecord.Escalation e : record.escalations.values()) {
      if ("pending".equals(e.status())) {
        out.println("the DRI approves " + e.id() + " (as `babysitter approve " + record.runName
            + " " + e.id() + "` would)" + (sim == null ? "" : "; meanwhile someone rents the"
            + " stopped instance's GPUs"));
        dev.babysitter.agent.run.ApprovalFile.of(factory.store(), record.runName).append(
            new dev.babysitter.agent.run.ApprovalFile.Entry("approve", e.id(), "octocat",
                "demo", clock.instant(), ""));
      }
    }
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

  private String specYaml(String run, Path repo, VastSim sim) {
    String provider = slurmEnv != null ? "provider: {kind: slurm}"
        : sim == null ? "# provider: local (the default)"
        : "provider: {kind: vast, gpu: \"RTX 4090\", num_gpus: 1, max_dph: 0.5, image: vast-sim,"
            + " disk_gb: 40, ssh_key: " + sim.sshKeyFile() + "}\n"
            // the trainer travels with the supervisor and runs from its copy on the instance
            + "source: {git_sha: auto, allow_dirty: false, ship: [trainer/train.py]}";
    return String.join("\n",
        "# Written by ./babysitter demo --scenario " + scenario.label(),
        "name: " + run,
        "dri: octocat",
        "goal: \"" + scenario.description() + "\"",
        "command: \"python3 trainer/train.py --steps 60 --out {output_root} --ckpt-every 10"
            + " --step-time 0.2 --eval-every 20 --per-device-train-batch-size 8"
            + " --gradient-accumulation-steps 1\"",
        "output_root: " + workspaceDir.resolve("out/" + run),
        "final_step: 60",
        "min_steps: 40",
        provider,
        "limits: {auto_destroy_after: 30m, max_cost_usd: 5, lease_timeout: 2m}",
        "teardown: {on_done: destroy, on_failed: destroy}",
        "logbook: {repo: " + repo + ", path: logbooks/" + run + ".md}",
        "policy: policies/demo.yaml",
        "env: {TRAINER_FAULTS: \"" + scenario.faults() + "\"}",
        scenario == Scenario.OOM_LADDER ? "oom: {micro_batch: {arg: "
            + "--per-device-train-batch-size, value: 8, min: 1}, grad_accum: {arg: "
            + "--gradient-accumulation-steps, value: 1}}" : "",
        "");
  }
}
