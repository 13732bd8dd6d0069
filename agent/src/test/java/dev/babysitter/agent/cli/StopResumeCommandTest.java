package dev.babysitter.agent.cli;

import static dev.babysitter.agent.cli.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.agent.cli.InProcessCli.Ran;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.BabysitLoop;
import dev.babysitter.agent.session.LocalRunFixture;
import dev.babysitter.agent.session.ManualStop;
import dev.babysitter.agent.session.RunLauncher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * babysitter stop / resume on real local processes with the example trainer: a stop with no
 * babysitter parks at once, through the guard and into the logbook; a stop and a resume with a
 * babysitter running are carried out by it; the resumed run goes on from its newest checkpoint
 * to the end.
 */
class StopResumeCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();


  private Ran cli(LocalRunFixture run, Object command, String... args) {
    InProcessCli cli = new InProcessCli(run.factory.workspace().root());
    int rc = cli.run(command, args);
    return new Ran(rc, cli.out.toString(), cli.err.toString());
  }

  private static StopCommand stop() {
    StopCommand c = new StopCommand();
    c.env = Map.of("BABYSITTER_LOGIN", "octocat");
    c.home = Path.of("/nonexistent");
    return c;
  }

  private static ResumeCommand resume(String login) {
    ResumeCommand c = new ResumeCommand();
    c.env = Map.of("BABYSITTER_LOGIN", login);
    c.home = Path.of("/nonexistent");
    return c;
  }

  private static LocalRunFixture launched(Path dir, String name) throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, name, LocalRunFixture.trainerCommand(10),
        "{}", LocalRunFixture.demoPolicy());
    assertThat(new RunLauncher(run.factory, Clock.systemUTC()).launch(run.spec, run.specFile,
        run.repo).refusal()).isNull();
    return run;
  }

  private static RunRecord record(LocalRunFixture run) throws Exception {
    return run.factory.store().load(run.spec.name()).orElseThrow();
  }

  /** A babysitter in the background, as `babysitter babysit` runs it. */
  private Thread babysitter(LocalRunFixture run) {
    Thread t = new Thread(() -> {
      try {
        new BabysitLoop(run.factory, Clock.systemUTC(), new PrintStream(screen, true,
            StandardCharsets.UTF_8)).run(List.of(run.spec), Duration.ofMinutes(4));
      } catch (Exception e) {
        screen.writeBytes(("babysitter failed: " + e + "\n").getBytes(StandardCharsets.UTF_8));
      }
    });
    t.start();
    return t;
  }

  @Test
  void aStopWithNoBabysitterParksAtOnceAndTheResumedRunFinishes() throws Exception {
    LocalRunFixture run = launched(dir, "stop-direct");
    waitFor(() -> Files.exists(Path.of(run.spec.outputRoot(),
        "checkpoints/step-10/metadata.json")));

    Ran stopped = cli(run, stop(), "stop-direct", "--note", "checking the data loader");
    assertThat(stopped.rc()).as(stopped.err()).isZero();
    assertThat(stopped.out()).contains("parked", "babysitter resume stop-direct");
    RunRecord parked = record(run);
    assertThat(parked.phase).isEqualTo("parked");
    assertThat(Path.of(parked.instance.home()).resolve("parked")).exists();
    assertThat(run.factory.provider(run.spec).find("stop-direct")).as("no process left")
        .isEmpty();
    assertThat(ManualStop.waiting(parked)).isNotNull();
    assertThat(Files.readString(run.factory.logbookFile(run.spec)))
        .contains("parked", "stopped by octocat", "checking the data loader",
            "/approve " + ManualStop.waiting(parked).id());

    // stopping again changes nothing; someone who is not the DRI cannot resume
    assertThat(cli(run, stop(), "stop-direct").out()).contains("already parked");
    Ran stranger = cli(run, resume("mallory"), "stop-direct");
    assertThat(stranger.rc()).isEqualTo(ExitCodes.REFUSED);
    assertThat(stranger.err()).contains("only the DRI octocat");

    Ran resumed = cli(run, resume("octocat"), "stop-direct", "--json");
    assertThat(resumed.rc()).as(resumed.out()).isZero();
    JsonNode answer = new ObjectMapper().readTree(resumed.out());
    assertThat(answer.get("outcome").asText()).isEqualTo("approved");
    assertThat(answer.get("takes_effect").asText()).contains("babysitter babysit stop-direct");

    Thread babysitter = babysitter(run);
    babysitter.join(Duration.ofMinutes(5).toMillis());
    RunRecord done = record(run);
    assertThat(done.outcome).as(screen.toString()).isEqualTo("done");
    assertThat(done.relaunches).extracting(m -> m.signature())
        .containsExactly(ManualStop.SIGNATURE);
    assertThat(done.relaunchRequest).as("from the newest checkpoint").contains("RESUME_FROM=");
    assertThat(done.escalations.values()).extracting(RunRecord.Escalation::status)
        .containsOnly("used");
    assertThat(Files.readString(run.factory.logbookFile(run.spec)))
        .contains("via babysitter resume as octocat", "- resumed");
  }

  @Test
  void aStopAndAResumeWithABabysitterRunningAreCarriedOutByIt() throws Exception {
    LocalRunFixture run = launched(dir, "stop-live");
    waitFor(() -> Files.exists(Path.of(run.spec.outputRoot(),
        "checkpoints/step-10/metadata.json")));
    Thread babysitter = babysitter(run);
    try {
      waitFor(() -> record(run).checks > 0);
      Ran stopped = cli(run, stop(), "stop-live", "--json");
      assertThat(stopped.rc()).as(stopped.out()).isZero();
      assertThat(new ObjectMapper().readTree(stopped.out()).get("outcome").asText())
          .isEqualTo("requested");
      // the phase is saved before the provider stops the processes: wait for both
      waitFor(() -> "parked".equals(record(run).phase)
          && run.factory.provider(run.spec).find("stop-live").isEmpty());

      Ran resumed = cli(run, resume("octocat"), "stop-live");
      assertThat(resumed.rc()).as(resumed.err()).isZero();
      assertThat(resumed.out()).contains("its babysitter starts the instance again");
      babysitter.join(Duration.ofMinutes(5).toMillis());
      RunRecord done = record(run);
      assertThat(done.outcome).as(screen.toString()).isEqualTo("done");
      assertThat(done.relaunches).extracting(m -> m.signature())
          .containsExactly(ManualStop.SIGNATURE);
    } finally {
      babysitter.interrupt();
      babysitter.join(60_000);
      run.factory.provider(run.spec).find("stop-live").ifPresent(i -> {
        try {
          run.factory.provider(run.spec).destroy(i);
        } catch (Exception ignored) {
          // the temp dir goes anyway
        }
      });
    }
  }

  @Test
  void aFinishedOrUnknownRunIsAnErrorAndUnderJsonTheErrorIsJson() throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, "nothing", LocalRunFixture.trainerCommand(10),
        "{}", LocalRunFixture.demoPolicy());
    Files.createDirectories(run.factory.workspace().root());
    Ran unknown = cli(run, stop(), "no-such-run", "--json");
    assertThat(unknown.rc()).isEqualTo(ExitCodes.NOT_FOUND);
    JsonNode error = new ObjectMapper().readTree(unknown.out());
    assertThat(error.get("exit_code").asInt()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(error.get("error").asText()).contains("no run named 'no-such-run'");
    assertThat(unknown.err()).isEmpty();

    Ran badOption = cli(run, resume("octocat"), "x", "--json", "--no-such-option");
    assertThat(badOption.rc()).isEqualTo(ExitCodes.USAGE);
    assertThat(new ObjectMapper().readTree(badOption.out()).get("exit_code").asInt())
        .isEqualTo(ExitCodes.USAGE);
  }
}
