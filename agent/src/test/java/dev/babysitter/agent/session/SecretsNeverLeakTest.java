package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestGit;
import dev.babysitter.agent.run.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants known secrets in the run spec's env, in the command line and in the training log,
 * lets the failure travel through alert, relaunch and escalation, and proves that none of them
 * reaches the logbook (as pushed), the issue thread, STATUS.md, the run record or the screen.
 */
class SecretsNeverLeakTest {
  static final String WANDB = "0123456789abcdef0123456789abcdef01234567";
  static final String PASSWORD = "hunter2-correct-horse";
  static final String OPENAI = "sk-proj-AbCdEf0123456789AbCdEf0123456789";
  static final String GITHUB = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

  @Test
  void noSecretReachesAnySink(@TempDir Path dir) throws Exception {
    String env = "{WANDB_API_KEY: \"" + WANDB + "\", HUB_PASSWORD: \"" + PASSWORD + "\"}";
    LocalRunFixture run = new LocalRunFixture(dir, "leaky",
        "\"OPENAI_API_KEY=" + OPENAI + " sh trainer/leaky.sh\"", env,
        LocalRunFixture.demoPolicy());
    Files.writeString(run.repo.resolve("trainer/leaky.sh"), String.join("\n",
        "echo \"step 1 using key $OPENAI_API_KEY\"",
        "echo 'Traceback (most recent call last):'",
        "echo '  File \"train.py\", line 7, in <module>'",
        "echo \"RuntimeError: upload to https://alice:$HUB_PASSWORD@hub.example.com failed:"
            + " WANDB_API_KEY=$WANDB_API_KEY rejected, token " + GITHUB + "\"",
        "exit 1", ""));
    // committed like any trainer code: the launch gate refuses a dirty tree
    try (dev.babysitter.tools.logbook.GitJournal git = dev.babysitter.tools.logbook.GitJournal
        .open(run.repo, "origin", "main", "t", "t@example.invalid")) {
      git.commitAndPush("leaky trainer", run.repo.resolve("trainer/leaky.sh"));
    }
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(launched.refusal()).isNull();
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    new BabysitLoop(run.factory, Clock.systemUTC(), new PrintStream(screen, true,
        StandardCharsets.UTF_8)).stopWhenParked().run(List.of(run.spec), Duration.ofMinutes(1));
    RunRecord record = run.factory.store().load("leaky").orElseThrow();
    assertThat(record.phase).as("escalated, then parked for the DRI").isEqualTo("parked");
    // The failure really travelled: an alert, a relaunch, then an escalation with evidence.
    assertThat(record.relaunches).hasSize(1);
    assertThat(record.escalations).isNotEmpty();

    List<String> sinks = new ArrayList<>();
    sinks.add(TestGit.pushedFile(dir.resolve("origin.git"), "logbooks/leaky.md"));
    sinks.add(read(run.repo.resolve("logbooks/leaky.md")));
    sinks.add(read(run.repo.resolve("STATUS.md")));
    sinks.add(screen.toString(StandardCharsets.UTF_8));
    sinks.addAll(allFiles(dir.resolve("babysitter/issues")));
    sinks.addAll(allFiles(dir.resolve("babysitter/state")));
    String everything = String.join("\n", sinks);
    assertThat(everything).contains("RuntimeError: upload to https://", "alert: crash");
    for (String secret : List.of(WANDB, PASSWORD, OPENAI, GITHUB)) {
      assertThat(everything).as("secret %s leaked", secret).doesNotContain(secret);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static List<String> allFiles(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.add(Files.readString(file));
      }
    }
    return out;
  }
}
