package dev.babysitter.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a person meets it: exit codes, one clear message, never a stack trace. */
class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
  }

  private int run(String... args) {
    picocli.CommandLine cli = Main.commandLine();
    cli.setOut(new java.io.PrintWriter(System.out, true));
    cli.setErr(new java.io.PrintWriter(System.err, true));
    return cli.execute(args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void malformedSpecListsEveryProblemWithUsageExitCode(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("run.yaml");
    Files.writeString(spec, String.join("\n",
        "name: Bad Name!",
        "dri: octocat",
        "command: \"\"",
        "final_step: abc",
        "limits: {auto_destroy_after: forever}",
        "teardown: {on_done: explode}",
        "colour: blue",
        ""));
    int code = run("launch", "--state", dir.resolve("state").toString(), spec.toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(stderr()).contains("name", "command", "final_step", "output_root",
        "limits.auto_destroy_after", "teardown.on_done", "colour")
        .doesNotContain("\tat dev.").doesNotContain("Exception in thread");
  }

  @Test
  void missingSpecFileIsAUsageError(@TempDir Path dir) {
    int code = run("launch", "--state", dir.toString(), dir.resolve("nope.yaml").toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(stderr()).contains("nope.yaml").doesNotContain("\tat ");
  }

  @Test
  void unknownRunIsNotFound(@TempDir Path dir) {
    assertThat(run("status", "--state", dir.toString(), "ghost")).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(stderr()).contains("no run named 'ghost'");
  }

  @Test
  void aCorruptRecordIsNamedInOneLineAndEveryOtherRunStillWorks(@TempDir Path dir)
      throws Exception {
    dev.babysitter.agent.run.RunStore store = new dev.babysitter.agent.run.RunStore(
        dev.babysitter.agent.session.Workspace.fromEnvironment(dir).state());
    for (String name : new String[] {"good", "torn"}) {
      dev.babysitter.agent.run.RunRecord r = new dev.babysitter.agent.run.RunRecord();
      r.runName = name;
      r.phase = "running";
      store.save(r);
    }
    Path torn = store.dirOf("torn").resolve("record.json");
    Files.writeString(torn, "{\"runName\": \"torn\", \"pha");

    int all = run("status", "--state", dir.toString());
    assertThat(all).as(stdout() + stderr()).isEqualTo(ExitCodes.FAILURE);
    assertThat(stdout()).contains("good phase=running").doesNotContain("torn");
    assertThat(run("status", "--state", dir.toString(), "good")).isEqualTo(ExitCodes.OK);
    for (String command : new String[] {"status", "watch", "babysit", "teardown", "chat"}) {
      err.reset();
      int code = run(command, "--state", dir.toString(), "torn");
      assertThat(code).as(command).isEqualTo(ExitCodes.FAILURE);
      assertThat(stderr()).as(command).contains(torn.toString()).doesNotContain("internal error")
          .doesNotContain("\tat ");
      assertThat(stderr().strip().lines()).as(command).hasSize(1);
    }
  }

  @Test
  void classifyPrintsTheLabelAndJsonEvidence(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("oom.log");
    Files.writeString(log, String.join("\n",
        "{'loss': 2.31, 'learning_rate': 4e-05, 'epoch': 0.4}",
        "Traceback (most recent call last):",
        "  File \"train.py\", line 88, in <module>",
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a "
            + "total capacity of 79.15 GiB of which 1.02 GiB is free.", ""));
    assertThat(run("classify", log.toString())).isZero();
    assertThat(stdout().strip()).isEqualTo("cuda_oom");
    out.reset();
    assertThat(run("classify", "--json", log.toString())).isZero();
    JsonNode json = new ObjectMapper().readTree(stdout());
    assertThat(json.path("label").asText()).isEqualTo("cuda_oom");
    assertThat(json.path("evidence").asText()).contains("CUDA out of memory");
  }

  @Test
  void classifySurvivesBinaryGarbageAndAHugeLine(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("garbage.log");
    byte[] noise = new byte[200_000];
    new Random(7).nextBytes(noise);
    Files.write(log, noise);
    Files.writeString(log, "x".repeat(10 * 1024 * 1024) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    Files.writeString(log, "{'loss': 1.5, 'epoch': 1.0}\n",
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(run("classify", log.toString())).isZero();
    assertThat(stdout().strip()).isEqualTo("healthy");
    out.reset();
    assertThat(run("parse", "--json", log.toString())).isZero();
    assertThat(new ObjectMapper().readTree(stdout()).path("loss").asDouble()).isEqualTo(1.5);
  }

  @Test
  void classifyOfADirectoryIsAClearError(@TempDir Path dir) {
    assertThat(run("classify", dir.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(stderr()).contains("cannot read").doesNotContain("\tat ");
  }

  @Test
  void demoRejectsAnUnknownScenario() {
    assertThat(run("demo", "--scenario", "meteor")).isEqualTo(ExitCodes.USAGE);
    assertThat(stderr()).contains("unknown scenario 'meteor'", "healthy", "nan");
  }
}
