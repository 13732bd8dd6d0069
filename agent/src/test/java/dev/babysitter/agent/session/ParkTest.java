package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.issues.LocalIssues;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Never hold a GPU for a person: a run that needs the DRI is parked (its processes stopped, its
 * disk kept), and the DRI's answer resumes it (approve) or tears it down (deny), on real local
 * processes with the example trainer.
 */
class ParkTest {
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private RunRecord babysitUntil(LocalRunFixture run, boolean stopWhenParked, Duration limit)
      throws Exception {
    BabysitLoop loop = new BabysitLoop(run.factory, Clock.systemUTC(),
        new PrintStream(screen, true, StandardCharsets.UTF_8));
    if (stopWhenParked) {
      loop.stopWhenParked();
    }
    loop.run(List.of(run.spec), limit);
    return run.factory.store().load(run.spec.name()).orElseThrow();
  }

  private static LocalRunFixture launched(Path dir, String name, String faults) throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, name, LocalRunFixture.trainerCommand(10),
        "{TRAINER_FAULTS: \"" + faults + "\"}", LocalRunFixture.demoPolicy());
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(launched.refusal()).isNull();
    return run;
  }

  private static void answer(LocalRunFixture run, String verb, String id) throws Exception {
    ApprovalFile.of(run.factory.store(), run.spec.name()).append(new ApprovalFile.Entry(verb, id,
        "octocat", "test", Clock.systemUTC().instant(), ""));
  }

  private static String pendingId(RunRecord record) {
    return record.escalations.values().stream().filter(e -> "pending".equals(e.status()))
        .map(RunRecord.Escalation::id).findFirst().orElseThrow();
  }

  private String thread(LocalRunFixture run, RunRecord record) throws Exception {
    LocalIssues issues = (LocalIssues) run.factory.tracker(run.spec);
    return Files.readString(issues.threadFile(record.issue));
  }

  @Test
  void aNanRunIsParkedAndResumesFromBeforeTheOnsetWhenTheDriApproves(@TempDir Path dir)
      throws Exception {
    LocalRunFixture run = launched(dir, "park-approve", "nan@30:once");
    RunRecord record = babysitUntil(run, true, Duration.ofMinutes(3));
    assertThat(record.phase).as(screen.toString()).isEqualTo("parked");
    Path home = Path.of(record.instance.home());
    assertThat(home.resolve("parked")).exists();
    assertThat(run.factory.provider(run.spec).find(run.spec.name())).as("no process left")
        .isEmpty();
    String id = pendingId(record);
    assertThat(thread(run, record)).contains("**parked**", "/approve " + id,
        "babysitter approve park-approve " + id);

    answer(run, "approve", id);
    record = babysitUntil(run, false, Duration.ofMinutes(3));
    assertThat(record.outcome).as(screen.toString()).isEqualTo("done");
    assertThat(record.relaunches).extracting(m -> m.signature()).containsExactly("nan_loss");
    assertThat(record.relaunchRequest).as("resumed from before the NaN onset at step 30")
        .contains("RESUME_FROM=").contains("step-20");
    assertThat(Files.readString(run.factory.logbookFile(run.spec)))
        .contains("- parked", "- resumed");
  }

  @Test
  void withOnParkDestroyNothingIsKeptAndTheResumeIsANewInstance(@TempDir Path dir)
      throws Exception {
    // Two crashes near the same step: a deterministic bug for the same-step rule, so the DRI.
    LocalRunFixture run = new LocalRunFixture(dir, "park-destroy",
        LocalRunFixture.trainerCommand(10),
        "{TRAINER_FAULTS: \"crash@15:once,crash@16:once\"}", LocalRunFixture.demoPolicy(),
        "{on_done: destroy, on_failed: keep, on_park: destroy}");
    assertThat(new RunLauncher(run.factory, Clock.systemUTC()).launch(run.spec, run.specFile,
        run.repo).refusal()).isNull();
    RunRecord record = babysitUntil(run, true, Duration.ofMinutes(3));
    assertThat(record.phase).as(screen.toString()).isEqualTo("parked");
    assertThat(record.parkedDestroyed).isTrue();
    assertThat(record.parkedDollarsPerHour).isZero();
    String parkedOn = record.instance.id();
    assertThat(Path.of(record.instance.home()).resolve("destroyed")).exists();

    answer(run, "approve", pendingId(record));
    record = babysitUntil(run, false, Duration.ofMinutes(3));
    assertThat(record.outcome).as(screen.toString()).isEqualTo("done");
    assertThat(record.instance.id()).as("resumed on a new instance").isNotEqualTo(parkedOn);
    assertThat(Files.readString(run.factory.logbookFile(run.spec)))
        .contains("teardown.on_park: destroy");
  }

  @Test
  void aParkedRunTheDriDeniesIsTornDown(@TempDir Path dir) throws Exception {
    LocalRunFixture run = launched(dir, "park-deny", "nan@30");
    RunRecord record = babysitUntil(run, true, Duration.ofMinutes(3));
    assertThat(record.phase).as(screen.toString()).isEqualTo("parked");

    answer(run, "deny", pendingId(record));
    record = babysitUntil(run, false, Duration.ofMinutes(1));
    assertThat(record.phase).as(screen.toString()).isEqualTo("torn_down");
    assertThat(record.relaunches).isEmpty();
    assertThat(Path.of(record.instance.home()).resolve("destroyed")).exists();
  }
}
