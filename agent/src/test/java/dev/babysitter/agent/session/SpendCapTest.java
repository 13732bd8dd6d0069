package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.tools.logbook.GitJournal;
import dev.babysitter.tools.provider.Instance;
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
 * The spend cap is sized to the run: the spec's {@code limits.max_cost_usd} is its cap, and the
 * policy's {@code spend.max_total_usd} (demo policy: $50) is the most a spec may set for itself
 * without the DRI. A run that reaches its own cap is stopped and parked, not relaunched.
 */
class SpendCapTest {
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private static LocalRunFixture fixture(Path dir, String name, double capUsd) throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, name, LocalRunFixture.trainerCommand(10)
        .replace("--step-time 0.2", "--step-time 0.5"), "{}", LocalRunFixture.demoPolicy());
    String spec = Files.readString(run.specFile).replace("lease_timeout: 2m}",
        "lease_timeout: 2m, max_cost_usd: " + capUsd + "}");
    Files.writeString(run.specFile, spec);
    try (GitJournal git = GitJournal.open(run.repo, "origin", "main", "t", "t@example.invalid")) {
      git.commitAndPush("cap", run.specFile);
    }
    run.spec = new RunSpecLoader().load(run.specFile);
    return run;
  }

  @Test
  void aCapAboveThePolicysTotalNeedsTheDriAtLaunch(@TempDir Path dir) throws Exception {
    LocalRunFixture run = fixture(dir, "cap-launch", 80);
    RunLauncher.Result first = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(first.refusal()).isNotNull();
    assertThat(first.refusal().rule()).isEqualTo("spend-cap");
    assertThat(first.instance()).isNull();
    RunRecord record = run.factory.store().load("cap-launch").orElseThrow();
    RunRecord.Escalation e = record.escalations.values().iterator().next();
    assertThat(e.status()).isEqualTo("pending");
    assertThat(e.reason()).contains("$80.00", "$50.00");

    ApprovalFile.of(run.factory.store(), "cap-launch").append(new ApprovalFile.Entry("approve",
        e.id(), "octocat", "test", Clock.systemUTC().instant(), ""));
    RunLauncher.Result second = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    try {
      assertThat(second.refusal()).isNull();
      assertThat(second.instance()).isNotNull();
    } finally {
      if (second.instance() != null) {
        run.factory.provider(run.spec).destroy(second.instance());
      }
    }
  }

  @Test
  void aRunThatReachesItsOwnCapIsStoppedAndParked(@TempDir Path dir) throws Exception {
    LocalRunFixture run = fixture(dir, "cap-run", 8);
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(launched.refusal()).isNull();
    // The local host bills nothing: this instance costs $1 a second instead.
    RunRecord record = run.factory.store().load("cap-run").orElseThrow();
    Instance i = record.instance;
    record.instance = new Instance(i.id(), i.runName(), i.provider(), i.home(), i.url(), 3600,
        i.hardware());
    run.factory.store().save(record);

    new BabysitLoop(run.factory, Clock.systemUTC(), new PrintStream(screen, true,
        StandardCharsets.UTF_8)).stopWhenParked().run(List.of(run.spec), Duration.ofMinutes(2));
    record = run.factory.store().load("cap-run").orElseThrow();
    assertThat(record.phase).as(screen.toString()).isEqualTo("parked");
    assertThat(record.killSignature).isEqualTo("spend_cap");
    assertThat(record.relaunches).isEmpty();
    // One question to the DRI: the cap, and the projected cost of going on, in one escalation.
    assertThat(record.escalations.values()).extracting(RunRecord.Escalation::rule)
        .containsExactly("spend-cap+projected-cost");
    assertThat(record.memory.lastStep()).as("stopped long before the final step")
        .isLessThan(60);
  }
}
