package dev.babysitter.agent.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.TestPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Record writes fail mid-run (a full disk): never a torn record, a clear error, recovery. */
class DiskFaultsTest {
  @Test
  void aFullDiskMidRunTearsNothingAndTheRunRecovers(@TempDir Path dir) throws Exception {
    ChaosResult r = new DiskFaults(TestPaths.repoRoot()).run(new ChaosSettings(1, true, dir));

    assertThat(Long.parseLong(r.figures().get("failed_checks_reported")))
        .as("the outage was felt: " + r.line()).isPositive();
    assertThat(Long.parseLong(r.figures().get("record_reads"))).isPositive();
    assertThat(r.violations()).as(r.line() + " " + r.examples()).isZero();
  }
}
