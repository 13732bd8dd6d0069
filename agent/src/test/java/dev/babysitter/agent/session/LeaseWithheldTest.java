package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.babysitter.agent.run.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A babysitter that cannot record what it sees cannot do its job: after a few failed checks in a
 * row it stops renewing the lease (so the dead-man switch is not kept alive by a blind watcher)
 * and says so; the next successful check renews it again.
 */
class LeaseWithheldTest {
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
  void failingChecksStopRenewingTheLeaseAndSaySo() throws Exception {
    run = new LocalRunFixture(tmp, "blind", "\"sleep 120\"", "{}", LocalRunFixture.demoPolicy());
    record = new RunLauncher(run.factory, Clock.systemUTC()).launch(run.spec, run.specFile,
        run.repo).record();
    RunController controller = run.factory.controller(run.spec, record, r -> {});
    Path lease = Path.of(record.instance.home(), "lease");
    controller.check();
    assertThat(lease).exists();

    // The state directory can no longer take the record: every check fails after its probe.
    Path blocker = run.factory.store().dirOf("blind").resolve("record.json.tmp");
    Files.createDirectories(blocker.resolve("x"));
    for (int i = 1; i <= RunController.FAILED_CHECKS_BEFORE_NO_LEASE; i++) {
      assertThatThrownBy(controller::check).isInstanceOf(java.io.IOException.class);
    }
    assertThat(controller.leaseWithheld()).startsWith("3 checks failed in a row: the lease is "
        + "no longer renewed");
    Files.delete(lease);
    assertThatThrownBy(controller::check).isInstanceOf(java.io.IOException.class);
    assertThat(lease).as("no renewal while blind").doesNotExist();

    Files.delete(blocker.resolve("x"));
    Files.delete(blocker);
    controller.check(); // succeeds, but decided on the lease before it knew
    assertThat(controller.leaseWithheld()).isNull();
    controller.check();
    assertThat(lease).as("renewed once checks succeed again").exists();
  }
}
