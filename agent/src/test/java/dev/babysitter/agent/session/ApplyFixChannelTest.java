package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.run.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's apply_fix, allowed by the guard, goes through the actuator into the instance's
 * control/fix, and the real supervisor applies it; a fix outside the whitelist never leaves Java.
 */
class ApplyFixChannelTest {
  @TempDir Path tmp;
  private LocalRunFixture run;
  private RunRecord record;

  @AfterEach
  void destroy() throws Exception {
    if (record != null && record.instance != null) {
      run.factory.provider(run.spec).destroy(record.instance);
    }
  }

  @Test
  void anAllowedFixReachesTheSupervisorAndIsApplied() throws Exception {
    Path args = tmp.resolve("pip.args");
    Path pip = tmp.resolve("fakepip");
    Files.writeString(pip, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + args + "'\n");
    Files.setPosixFilePermissions(pip, PosixFilePermissions.fromString("rwxr-xr-x"));
    ControllerEffects effects = launchFailingRun("{PIP_INSTALL_CMD: '" + pip + "'}");
    Action fix = new Action.ApplyFix("pip_install", "numpy==1.26.4");
    Decision decision = new PolicyGuard(run.factory.policy(run.spec), Clock.systemUTC())
        .decide(fix, effects.guardState());
    assertThat(decision.allowed()).isTrue();

    String result = effects.perform(fix, decision, "ModuleNotFoundError: numpy");

    assertThat(result).startsWith("fix queued: pip_install numpy==1.26.4;");
    Path events = Path.of(record.instance.home(), "events.jsonl");
    waitFor(() -> Files.readString(events).contains("\"event\":\"fix\""));
    assertThat(Files.readString(events))
        .contains("control/fix pip_install: " + pip + " numpy==1.26.4: ok");
    assertThat(Files.readAllLines(args)).containsExactly("numpy==1.26.4");
    assertThat(logbook()).contains("fix queued", "apply fix pip_install: numpy==1.26.4");
  }

  @Test
  void aFixOutsideTheWhitelistIsRefusedBeforeAnythingIsWritten() throws Exception {
    ControllerEffects effects = launchFailingRun("{}");
    Path pwned = tmp.resolve("pwned");

    String result = effects.perform(new Action.ApplyFix("pip_install", "numpy; touch " + pwned),
        Decision.allow(), "why not");

    assertThat(result).startsWith("refused: pip_install takes one package spec");
    Path home = Path.of(record.instance.home());
    Thread.sleep(1000); // a written control file would be consumed and answered within a tick
    assertThat(home.resolve("control/fix")).doesNotExist();
    assertThat(Files.readString(home.resolve("events.jsonl"))).doesNotContain("control/fix");
    assertThat(pwned).doesNotExist();
    assertThat(logbook()).contains("fix refused");
  }

  /** A run whose trainer fails at once: the supervisor waits for a decision, nothing running. */
  private ControllerEffects launchFailingRun(String env) throws Exception {
    run = new LocalRunFixture(tmp, "fixes", "\"echo boom; exit 7\"", env,
        LocalRunFixture.demoPolicy());
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(launched.refusal()).isNull();
    record = launched.record();
    Path state = Path.of(record.instance.home(), "state.json");
    waitFor(() -> Files.exists(state) && Files.readString(state).contains("\"decision\""));
    RunController controller = run.factory.controller(run.spec, record, r -> {});
    controller.check();
    return new ControllerEffects(controller);
  }

  private String logbook() throws Exception {
    return Files.readString(run.factory.logbookFile(run.spec));
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void waitFor(Condition condition) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.holds()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
