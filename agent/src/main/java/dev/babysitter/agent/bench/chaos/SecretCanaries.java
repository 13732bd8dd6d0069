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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real local run on the demo policy (real supervisor, trainer and fake nvidia-smi, a real git
 * origin, the local issue store), launched and babysat by the same code as the demo, with canary
 * secrets in the spec's env, on the command line, in the training log and in the error message
 * of a crash. Afterwards every place the babysitter writes is searched for the canaries: the
 * pushed logbook history, the issue thread, STATUS.md, the state directory (record, outbox,
 * events, chat memory, escalations) and the babysitter's stdout/stderr. Only the files that are
 * the user's own are exempt: the spec they wrote, the 0600 env file that hands the secrets to
 * the trainer, and the trainer's own output on the instance.
 */
public final class SecretCanaries implements ChaosExperiment {
  private final Path installRoot;

  public SecretCanaries() {
    this(Workspace.installRoot());
  }

  public SecretCanaries(Path installRoot) {
    this.installRoot = installRoot;
  }

  @Override
  public String name() {
    return "secret-canaries";
  }

  @Override
  public String violation() {
    return "leaks";
  }

  @Override
  public ChaosResult run(ChaosSettings settings) throws Exception {
    Random rnd = new Random(settings.seed());
    // Shapes the scrubber must know by name or by pattern: an env secret by name, a Hugging
    // Face token by shape, a command-line flag.
    Map<String, String> canaries = new LinkedHashMap<>();
    canaries.put("env", "cnryEnv" + hex(rnd, 20));
    canaries.put("hf_token", "hf_" + hex(rnd, 12) + "Q9" + hex(rnd, 20));
    canaries.put("command_line", "cnryCmd" + hex(rnd, 20));
    Path dir = settings.workDir().resolve("canaries-" + settings.seed());
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    RunRecord record;
    String run = "canary";
    try (PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8)) {
      record = runOnce(dir, run, canaries, out, settings.size(40, 20));
    }
    Map<String, Long> byPlace = new LinkedHashMap<>();
    List<String> examples = new ArrayList<>();
    count(byPlace, examples, "stdout", screen.toString(StandardCharsets.UTF_8), canaries);
    count(byPlace, examples, "logbook_history", git(dir.resolve("origin.git"), "log", "-p",
        "--all"), canaries);
    Path repo = dir.resolve("repo");
    if (Files.exists(repo.resolve("STATUS.md"))) {
      count(byPlace, examples, "STATUS.md", Files.readString(repo.resolve("STATUS.md")),
          canaries);
    }
    Path state = dir.resolve("babysitter");
    try (Stream<Path> files = Files.walk(state)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = state.relativize(f).toString();
        if (exempt(rel)) {
          continue;
        }
        String place = rel.contains("issues") ? "issue_comments" : "state:" + rel;
        count(byPlace, examples, place, Files.readString(f, StandardCharsets.ISO_8859_1),
            canaries);
      }
    }
    long leaks = byPlace.values().stream().mapToLong(Long::longValue).sum();
    // The trainer's own log must hold them: otherwise nothing was put to the test.
    Map<String, Long> planted = new LinkedHashMap<>();
    Path trainLog = dir.resolve("out/" + run + "/train.log");
    count(planted, new ArrayList<>(), "train.log", Files.exists(trainLog)
        ? Files.readString(trainLog, StandardCharsets.ISO_8859_1) : "", canaries);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("canaries", Integer.toString(canaries.size()));
    f.put("in_training_log", Long.toString(planted.getOrDefault("train.log", 0L)));
    f.put("outcome", String.valueOf(record.outcome));
    f.put("relaunches", Integer.toString(record.relaunches.size()));
    f.put("places_searched", Integer.toString(byPlace.size()));
    byPlace.forEach((k, v) -> {
      if (v > 0) {
        f.put("leaks_in_" + k, Long.toString(v));
      }
    });
    return new ChaosResult(name(), canaries.size(), leaks, violation(), f, examples,
        Duration.ZERO);
  }

  /** The user's own files: what they wrote, what hands the secrets over, the trainer's output. */
  static boolean exempt(String rel) {
    return Path.of(rel).getFileName().toString().equals("supervisor.env");
  }

  private static void count(Map<String, Long> byPlace, List<String> examples, String place,
      String text, Map<String, String> canaries) {
    long n = 0;
    for (Map.Entry<String, String> c : canaries.entrySet()) {
      int at = text.indexOf(c.getValue());
      while (at >= 0) {
        n++;
        if (examples.size() < 5) {
          int from = Math.max(0, at - 60);
          examples.add(c.getKey() + " canary in " + place + ": …" + text.substring(from,
              Math.min(text.length(), at + c.getValue().length() + 20)).replace('\n', ' ') + "…");
        }
        at = text.indexOf(c.getValue(), at + 1);
      }
    }
    byPlace.merge(place, n, Long::sum);
  }

  private RunRecord runOnce(Path dir, String run, Map<String, String> canaries, PrintStream out,
      int steps) throws Exception {
    Clock clock = Clock.systemUTC();
    Path repo = dir.resolve("repo");
    Path origin = dir.resolve("origin.git");
    Files.createDirectories(dir);
    GitJournal.initBareWithClone(origin, repo, "main");
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
    // Outside the logbook repo: the spec is the user's, holding secrets the way users write them.
    Path spec = dir.resolve("specs/" + run + ".yaml");
    Files.createDirectories(spec.getParent());
    // The log gets the env secrets and the command-line one; a crash ends in an error message
    // that quotes a token, as a failing upload would.
    String command = "echo \\\"starting: --api-key " + canaries.get("command_line")
        + " wandb=$WANDB_API_KEY\\\"; python3 trainer/train.py --steps " + steps
        + " --out {output_root} --ckpt-every 10 --step-time 0.2"
        + " || { echo \\\"RuntimeError: upload refused for token $HF_TOKEN"
        + " (key $WANDB_API_KEY)\\\" >&2; exit 1; }";
    Files.writeString(spec, String.join("\n",
        "name: " + run,
        "dri: octocat",
        "goal: \"canary secrets must never leave the machine\"",
        "command: \"" + command + "\"",
        "output_root: " + dir.resolve("out/" + run),
        "final_step: " + steps,
        "min_steps: " + steps / 2,
        "limits: {auto_destroy_after: 30m, max_cost_usd: 5, lease_timeout: 2m}",
        "teardown: {on_done: destroy, on_failed: destroy}",
        "logbook: {repo: " + repo + ", path: logbooks/" + run + ".md}",
        "policy: policies/demo.yaml",
        "env: {TRAINER_FAULTS: \"crash@" + steps / 2 + ":once\", WANDB_API_KEY: \""
            + canaries.get("env") + "\", HF_TOKEN: \"" + canaries.get("hf_token") + "\"}",
        ""));
    try (GitJournal git = GitJournal.open(repo, "origin", "main", "babysitter-chaos",
        "chaos@users.noreply.invalid")) {
      git.commitAndPush("Add the trainer, the policy", trainer, repo.resolve("policies"));
    }
    RunFactory factory = new RunFactory(new Workspace(dir.resolve("babysitter")), clock, repo);
    factory.useFakeGpu(trainer.resolve("bin"));
    RunSpec runSpec = new RunSpecLoader().load(spec);
    RunLauncher.Result launched = new RunLauncher(factory, clock).launch(runSpec, spec, repo);
    if (launched.refusal() != null) {
      throw new IOException("launch refused: " + launched.refusal().reason());
    }
    new BabysitLoop(factory, clock, out).run(List.of(runSpec), Duration.ofMinutes(4));
    RunRecord record = factory.store().load(run).orElseThrow();
    if (!record.finished() && record.instance != null) {
      factory.provider(runSpec).destroy(record.instance);
    }
    return record;
  }

  private static String hex(Random rnd, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static String git(Path gitDir, String... args) throws IOException,
      InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "--git-dir=" + gitDir));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
