package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product babysits a job written with a real framework's own logging and checkpointing:
 * examples/frameworks/skorch_job.py, Debian's skorch on torch 1.13. Its progress is skorch's
 * epoch table only (no step, values in ANSI colours even in a file), its checkpoints skorch's
 * {@code params_{epoch}.pt}, its startup silent while torch and scikit-learn import. Skipped with
 * one line where Debian's python3-skorch is not installed ({@code .ci/run} installs it).
 */
class SkorchRunsTest {
  private static final int EPOCHS = 8;

  @TempDir Path tmp;
  private LocalRunFixture run;
  private RunRecord record;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  @BeforeAll
  static void skorchIsInstalled() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import skorch")
        .redirectErrorStream(true).start();
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(ok, "Debian's python3-skorch is not installed (apt-get install -y python3-skorch)");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (record != null && record.instance != null && !"torn_down".equals(record.phase)) {
      run.factory.provider(run.spec).destroy(record.instance);
    }
  }

  @Test
  void aHealthyRunIsReadFromItsEpochTableToDone() throws Exception {
    babysit("healthy", "");

    assertThat(record.outcome).as(screen()).isEqualTo("done");
    assertThat(record.relaunches).isEmpty();
    assertThat(Path.of(out("checkpoints/params_" + EPOCHS + ".pt"))).exists();
    assertThat(logbook()).doesNotContain("stall");
    assertThat(screen()).as("skorch counts epochs: they are the run's steps").contains("step=8/8");
  }

  @Test
  void aKilledRunIsRelaunchedFromItsNewestParamsFileToDone() throws Exception {
    babysit("killed", "--kill-at 4");

    assertThat(record.outcome).as(screen()).isEqualTo("done");
    assertThat(record.relaunches).hasSize(1);
    assertThat(log()).contains("resuming from " + out("checkpoints/params_3.pt") + " at epoch 3");
    assertThat(Path.of(out("checkpoints/params_" + EPOCHS + ".pt"))).exists();
  }

  @Test
  void aNanRunIsStoppedAndEscalatedNeverRelaunched() throws Exception {
    babysit("nan", "--nan-at 4");

    assertThat(record.outcome).as(screen()).isEqualTo("escalated");
    assertThat(record.relaunches).isEmpty();
    assertThat(logbook()).contains("nan_loss")
        // the epoch is the run's counter: the onset is known, the recovery source is before it
        .contains("resume from checkpoints/params_3.pt (the newest before the NaN onset at step 4");
  }

  private void babysit(String name, String fault) throws Exception {
    String command = "\"/usr/bin/python3 -u "
        + TestPaths.repoRoot().resolve("examples/frameworks/skorch_job.py") + " --epochs " + EPOCHS
        + " --out {output_root} --epoch-time 1 " + fault + "\"";
    // importing torch and scikit-learn on a loaded 2-core machine outlasts the demo's 20 s grace
    String policy = LocalRunFixture.demoPolicy().replace("startup_grace: 20s",
        "startup_grace: 90s");
    assertThat(policy).contains("startup_grace: 90s");
    run = new LocalRunFixture(tmp, name, command, "{}", policy);
    Path spec = tmp.resolve(name + ".yaml"); // outside the repository: the tree stays clean
    Files.writeString(spec, Files.readString(run.specFile).replace("final_step: 60",
        "final_step: " + EPOCHS) + "checkpoints: {pattern: \"params_{n}.pt\"}\n");
    run.spec = new RunSpecLoader().load(spec);
    run.factory.useFakeGpu(null);
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, spec, run.repo);
    assertThat(launched.refusal()).isNull();
    record = launched.record();
    new BabysitLoop(run.factory, Clock.systemUTC(), new PrintStream(screen, true,
        StandardCharsets.UTF_8)).stopWhenParked().run(List.of(run.spec), Duration.ofMinutes(3));
    record = run.factory.store().load(name).orElseThrow();
    String[] shown = screen().split("\n");
    System.out.println("skorch scenario " + name + " outcome=" + record.outcome + " relaunches="
        + record.relaunches.size() + " last status: " + lastStatus(shown));
  }

  private static String lastStatus(String[] lines) {
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].contains(" run=")) {
        return lines[i].strip();
      }
    }
    return "-";
  }

  private String out(String rel) {
    return tmp.resolve("out/" + record.runName + "/" + rel).toString();
  }

  private String log() throws Exception {
    return Files.readString(Path.of(out("train.log")));
  }

  private String logbook() throws Exception {
    return Files.readString(run.factory.logbookFile(run.spec));
  }

  private String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }
}
