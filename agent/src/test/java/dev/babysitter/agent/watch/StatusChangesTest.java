package dev.babysitter.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A status line on screen when something changes, not at every check of a waiting run. */
class StatusChangesTest {
  private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

  private static StatusLine line(String run, int secondsIn, String state, long step,
      String action, double cost) {
    return new StatusLine(T0.plusSeconds(secondsIn), run, state, 1, step, 60, null, null, null,
        null, null, cost, null, 1, action, List.of());
  }

  @Test
  void aRunWaitingForItsDriPrintsOnceThenOnlyAHeartbeat() {
    StatusChanges changes = new StatusChanges();
    assertThat(changes.worthPrinting(line("a", 0, "running", 10, "none", 0.1))).isTrue();
    assertThat(changes.worthPrinting(line("a", 1, "running", 12, "none", 0.2))).isTrue();
    assertThat(changes.worthPrinting(line("a", 2, "escalated", 12, "relaunch:escalate", 0.3)))
        .isTrue();
    int printed = 0;
    for (int s = 3; s < 300; s++) { // checked every second, cost and clock moving
      printed += changes.worthPrinting(line("a", s, "escalated", 12, "relaunch:escalate",
          0.3 + s / 100.0)) ? 1 : 0;
    }
    assertThat(printed).isZero();
    assertThat(changes.worthPrinting(line("b", 300, "running", 1, "none", 0))).as("other run")
        .isTrue();
    assertThat(changes.worthPrinting(line("a", 301, "parked", 12, "park:allow", 0.4))).isTrue();
    Duration heartbeat = StatusChanges.HEARTBEAT;
    assertThat(changes.worthPrinting(line("a", 301 + (int) heartbeat.toSeconds() - 1, "parked",
        12, "park:allow", 0.4))).isFalse();
    assertThat(changes.worthPrinting(line("a", 301 + (int) heartbeat.toSeconds(), "parked",
        12, "park:allow", 0.4))).as("heartbeat").isTrue();
  }
}
