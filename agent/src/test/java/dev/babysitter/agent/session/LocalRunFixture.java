package dev.babysitter.agent.session;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.tools.logbook.GitJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

/** A workspace like the demo's (repo + bare origin + the example trainer), for tests. */
public final class LocalRunFixture {
  public final Path dir;
  public final Path repo;
  public final Path specFile;
  public final RunFactory factory;
  public RunSpec spec;

  public LocalRunFixture(Path dir, String name, String command, String env, String policyYaml)
      throws Exception {
    this(dir, name, command, env, policyYaml, "{on_done: destroy, on_failed: destroy}");
  }

  public LocalRunFixture(Path dir, String name, String command, String env, String policyYaml,
      String teardown) throws Exception {
    this.dir = dir;
    this.repo = dir.resolve("repo");
    GitJournal.initBareWithClone(dir.resolve("origin.git"), repo, "main");
    Path trainer = repo.resolve("trainer/bin");
    Files.createDirectories(trainer);
    Path source = TestPaths.repoRoot().resolve("examples/trainer");
    Files.copy(source.resolve("train.py"), repo.resolve("trainer/train.py"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(source.resolve("bin/nvidia-smi"), trainer.resolve("nvidia-smi"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(trainer.resolve("nvidia-smi"),
        PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(repo.resolve("policies"));
    Files.writeString(repo.resolve("policies/test.yaml"), policyYaml);
    specFile = repo.resolve("runs/" + name + ".yaml");
    Files.createDirectories(specFile.getParent());
    Files.writeString(specFile, String.join("\n",
        "name: " + name,
        "dri: octocat",
        "command: " + command,
        "output_root: " + dir.resolve("out/" + name),
        "final_step: 60",
        "limits: {auto_destroy_after: 30m, lease_timeout: 2m}",
        "teardown: " + teardown,
        "logbook: {repo: " + repo + ", path: logbooks/" + name + ".md}",
        "policy: policies/test.yaml",
        "env: " + env,
        ""));
    try (GitJournal git = GitJournal.open(repo, "origin", "main", "t", "t@example.invalid")) {
      git.commitAndPush("fixture", repo.resolve("trainer"), repo.resolve("policies"),
          repo.resolve("runs"));
    }
    factory = new RunFactory(new Workspace(dir.resolve("babysitter")), Clock.systemUTC(), repo);
    factory.useFakeGpu(trainer);
    spec = new RunSpecLoader().load(specFile);
  }

  public static String demoPolicy() throws java.io.IOException {
    return Files.readString(TestPaths.repoRoot().resolve("policies/demo.yaml"));
  }

  public static String trainerCommand(int stepsPerCheckpoint) {
    return "\"python3 trainer/train.py --steps 60 --out {output_root} --ckpt-every "
        + stepsPerCheckpoint + " --step-time 0.2\"";
  }
}
