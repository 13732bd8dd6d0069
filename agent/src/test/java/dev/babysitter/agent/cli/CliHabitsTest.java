package dev.babysitter.agent.cli;

import static dev.babysitter.agent.cli.Waits.logFile;
import static dev.babysitter.agent.cli.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.agent.cli.InProcessCli.Ran;
import dev.babysitter.agent.session.LocalRunFixture;
import dev.babysitter.agent.session.RunLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everyday commands: runs, logs, completion, --help's exit codes, demo's scenarios, --state. */
class CliHabitsTest {
  private static final String SECRET = "wandb-secret-0123456789abcdef";
  @TempDir Path dir;


  private static Ran cli(String... args) {
    return InProcessCli.main(args);
  }

  @Test
  void should_list_runs_and_print_and_follow_the_scrubbed_trainer_log() throws Exception {
    // given: a live local run (a slow trainer, so it is still writing while we follow)
    LocalRunFixture run = new LocalRunFixture(dir, "tiny", "\"python3 trainer/train.py "
        + "--steps 60 --out {output_root} --ckpt-every 10 --step-time 0.5\"",
        "{WANDB_API_KEY: \"" + SECRET + "\"}", LocalRunFixture.demoPolicy());
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    String state = run.factory.workspace().root().toString();
    try {
      // runs: one table, and the same rows as JSON
      Ran table = cli("runs", "--state", state);
      assertThat(table.rc()).isZero();
      assertThat(table.out().lines().findFirst().orElseThrow())
          .contains("RUN", "PHASE", "STEP", "RATE", "COST", "ETA", "NEXT CHECK", "INSTANCE");
      assertThat(table.out()).contains("tiny", launched.instance().id(), "/60");
      JsonNode rows = new ObjectMapper().readTree(cli("runs", "--state", state, "--json").out());
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).get("run").asText()).isEqualTo("tiny");
      assertThat(rows.get(0).get("finalStep").asLong()).isEqualTo(60);
      assertThat(rows.get(0).get("instance").asText()).isEqualTo(launched.instance().id());

      // logs: the tail, through the provider's shell, with the secret scrubbed
      Path log = logFile(launched.instance().home());
      waitFor(() -> Files.exists(log) && Files.size(log) > 0);
      Files.writeString(log, "debug: key=" + SECRET + "\n", StandardOpenOption.APPEND);
      Ran tail = cli("logs", "tiny", "--state", state, "--lines", "3");
      assertThat(tail.rc()).as(tail.err()).isZero();
      assertThat(tail.out().split("\n")).hasSizeBetween(1, 3);
      assertThat(tail.out()).doesNotContain(SECRET);

      // logs -f: prints what the trainer writes after it started, until stopped
      StringWriter followed = new StringWriter();
      Thread follow = new Thread(() -> {
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(followed, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.execute("logs", "tiny", "--state", state, "-f", "--lines", "1", "--poll", "200ms");
      });
      follow.start();
      waitFor(() -> !followed.toString().isEmpty()); // its tail is out: it follows from here
      Files.writeString(log, "marker after the follow began\n", StandardOpenOption.APPEND);
      waitFor(() -> followed.toString().contains("marker after the follow began"));
      follow.interrupt();
      follow.join(60_000);
    } finally {
      run.factory.provider(run.spec).destroy(launched.instance());
    }
  }

  @Test
  void should_generate_completion_list_exit_codes_and_scenarios_and_refuse_a_mistyped_state()
      throws Exception {
    Ran bash = cli("completion", "bash");
    assertThat(bash.rc()).isZero();
    assertThat(bash.out()).contains("complete -F", "runs", "logs", "mcp", "--scenario");
    assertThat(cli("completion", "zsh").out()).contains("bashcompinit");
    assertThat(cli("completion", "fish").rc()).isEqualTo(ExitCodes.USAGE);

    String help = cli("--help").out();
    assertThat(help).contains("stop", "resume");
    assertThat(help).contains("Exit codes:", ExitCodes.WATCH_TIMEOUT + "   watch: the wait "
        + "timed out", ExitCodes.REFUSED + "    the guard refused");

    String demo = cli("demo", "--help").out();
    assertThat(demo).contains("Scenarios:");
    for (dev.babysitter.agent.demo.Scenario s : dev.babysitter.agent.demo.Scenario.values()) {
      assertThat(demo).contains("  " + s.label() + " ", s.description().split(" ")[0],
          "(ends " + s.expectedOutcome());
    }

    Ran mistyped = cli("runs", "--state", dir.resolve("no-such-dir").toString());
    assertThat(mistyped.rc()).isEqualTo(ExitCodes.USAGE);
    assertThat(mistyped.err()).contains("--state", "no such directory");
    // under --json every failure is one JSON object on stdout, with its exit code
    for (String command : List.of("runs", "status", "stop", "resume", "teardown", "watch")) {
      List<String> args = new java.util.ArrayList<>(List.of(command));
      if (!command.equals("runs") && !command.equals("status")) {
        args.add("some-run");
      }
      args.addAll(List.of("--json", "--state", dir.resolve("no-such-dir").toString()));
      Ran json = cli(args.toArray(String[]::new));
      assertThat(json.rc()).as(command).isEqualTo(ExitCodes.USAGE);
      JsonNode error = new ObjectMapper().readTree(json.out());
      assertThat(error.get("exit_code").asInt()).as(command).isEqualTo(ExitCodes.USAGE);
      assertThat(error.get("error").asText()).as(command).contains("no such directory");
    }
    Ran badOption = cli("runs", "--json", "--colour");
    assertThat(badOption.rc()).isEqualTo(ExitCodes.USAGE);
    assertThat(new ObjectMapper().readTree(badOption.out()).get("error").asText())
        .contains("--colour");
    Files.createDirectories(dir.resolve("ws/state/runs"));
    Ran inner = cli("status", "--state", dir.resolve("ws/state").toString());
    assertThat(inner.rc()).isEqualTo(ExitCodes.USAGE);
    assertThat(inner.err()).contains("--state " + dir.resolve("ws"));
  }
}
