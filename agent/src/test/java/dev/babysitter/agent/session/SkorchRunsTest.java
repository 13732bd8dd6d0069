package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.babysitter.agent.TestPaths;
import java.nio.file.Path;
import java.time.Duration;
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
  private RealJobRun job;

  @BeforeAll
  static void skorchIsInstalled() throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import skorch")
        .redirectErrorStream(true).start();
    boolean ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    assumeTrue(ok, "Debian's python3-skorch is not installed (apt-get install -y python3-skorch)");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (job != null) {
      job.destroyIfLeft();
    }
  }

  @Test
  void aHealthyRunIsReadFromItsEpochTableToDone() throws Exception {
    babysit("healthy", "");

    assertThat(job.record.outcome).as(job.screen()).isEqualTo("done");
    assertThat(job.record.relaunches).isEmpty();
    assertThat(Path.of(job.out("checkpoints/params_" + EPOCHS + ".pt"))).exists();
    assertThat(job.logbook()).doesNotContain("stall");
    assertThat(job.screen()).as("skorch counts epochs: they are the run's steps").contains("step=8/8");
  }

  @Test
  void aKilledRunIsRelaunchedFromItsNewestParamsFileToDone() throws Exception {
    babysit("killed", "--kill-at 4");

    assertThat(job.record.outcome).as(job.screen()).isEqualTo("done");
    assertThat(job.record.relaunches).hasSize(1);
    assertThat(job.log()).contains("resuming from " + job.out("checkpoints/params_3.pt")
        + " at epoch 3");
    assertThat(Path.of(job.out("checkpoints/params_" + EPOCHS + ".pt"))).exists();
  }

  @Test
  void aNanRunIsStoppedAndEscalatedNeverRelaunched() throws Exception {
    babysit("nan", "--nan-at 4");

    assertThat(job.record.outcome).as(job.screen()).isEqualTo("escalated");
    assertThat(job.record.relaunches).isEmpty();
    assertThat(job.logbook()).contains("nan_loss")
        // the epoch is the run's counter: the onset is known, the recovery source is before it
        .contains("resume from checkpoints/params_3.pt (the newest before the NaN onset at step 4");
  }

  private void babysit(String name, String fault) throws Exception {
    String command = "\"/usr/bin/python3 -u "
        + TestPaths.repoRoot().resolve("examples/frameworks/skorch_job.py") + " --epochs " + EPOCHS
        + " --out {output_root} --epoch-time 1 " + fault + "\"";
    job = RealJobRun.babysit(tmp, name, command, EPOCHS, "params_{n}.pt", null,
        Duration.ofMinutes(3));
    System.out.println("skorch scenario " + name + " outcome=" + job.record.outcome
        + " relaunches=" + job.record.relaunches.size() + " last status: " + job.lastStatus());
  }
}
