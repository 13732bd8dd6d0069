package dev.babysitter.agent.bench.chaos;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.Workspace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    // The log gets the env secrets and the command-line one; a crash ends in an error message
    // that quotes a token, as a failing upload would.
    String command = "echo \\\"starting: --api-key " + canaries.get("command_line")
        + " wandb=$WANDB_API_KEY\\\"; python3 trainer/train.py --steps {steps}"
        + " --out {output_root} --ckpt-every 10 --step-time 0.2"
        + " || { echo \\\"RuntimeError: upload refused for token $HF_TOKEN"
        + " (key $WANDB_API_KEY)\\\" >&2; exit 1; }";
    LocalRun.Result r = LocalRun.run(installRoot, dir, run, command, steps,
        "TRAINER_FAULTS: \"crash@" + steps / 2 + ":once\", WANDB_API_KEY: \""
            + canaries.get("env") + "\", HF_TOKEN: \"" + canaries.get("hf_token") + "\"",
        "2m", Clock.systemUTC(), Duration.ofMinutes(4));
    out.print(r.stdout());
    return r.record();
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
