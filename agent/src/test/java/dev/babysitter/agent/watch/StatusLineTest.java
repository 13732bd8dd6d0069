package dev.babysitter.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {
  private static final Instant AT = Instant.parse("2026-11-23T14:05:00Z");
  private static final List<String> FIELDS = List.of("run", "state", "attempt", "step", "rate",
      "gpu", "mem", "eval", "cost", "eta", "next", "action");

  private static StatusLine full() {
    return new StatusLine(AT, "tiny-gpt", "running", 1, 1200L, 2000, 11.0, 97, 71, null, 3.42,
        4.10, 840L, 1800, "none", List.of());
  }

  private static StatusLine unknowns() {
    return new StatusLine(AT, "tiny-gpt", "starting", 1, null, 2000, null, null, null, null, null,
        0, null, 60, "none", List.of());
  }

  @Test
  void rendersTheDesignFormat() {
    assertThat(full().render()).isEqualTo("2026-11-23T14:05:00Z run=tiny-gpt state=running "
        + "attempt=1 step=1200/2000 rate=11.0it/s gpu=97% mem=71% eval=3.42 cost=$4.10 eta=14m "
        + "next=30m action=none");
  }

  @Test
  void everyFieldAppearsInOrder() {
    String line = full().render();

    int at = line.indexOf("2026-11-23T14:05");
    assertThat(at).isZero();
    for (String field : FIELDS) {
      int next = line.indexOf(" " + field + "=", at);
      assertThat(next).as(field).isGreaterThan(at);
      at = next;
    }
  }

  @Test
  void unknownsAreQuestionMarks() {
    String line = unknowns().render();

    assertThat(line).contains(" step=?/2000", " rate=?", " gpu=?", " mem=?", " eta=?",
        " cost=$0.00", " next=1m", " action=none");
  }

  @Test
  void unknownEvalIsAQuestionMarkToo() {
    String line = unknowns().render();

    for (String field : FIELDS) {
      assertThat(line).contains(" " + field + "=");
    }
    assertThat(line).contains(" eval=?");
  }

  @Test
  void liveCostShowsTheProjectedTotalAtEta() {
    // $2.00/h, $4.10 spent, 2 h 51 min to go: 4.10 + 2.00 * 10260 / 3600 = 9.80
    Double projected = StatusLine.projectedCost(4.10, 2.00, 10_260L);
    StatusLine s = new StatusLine(AT, "r", "running", 1, 1200L, 2000, 11.0, 97, 71, null, 3.42,
        4.10, projected, 10_260L, 1800, "none", List.of());

    assertThat(s.render()).contains(" cost=$4.10→$9.80 eta=2h51m");
    assertThat(StatusLine.projectedCost(4.10, 0.0, 10_260L)).isNull(); // local: nothing to add
    assertThat(StatusLine.projectedCost(4.10, 2.0, null)).isNull();
    assertThat(full().render()).contains(" cost=$4.10 eta=");
  }

  @Test
  void lossAndAlertsAreAddedWhenPresent() {
    StatusLine s = new StatusLine(AT, "r", "alert", 2, 10L, 20, 1.0, 5, 10, 2.345678, null, 1,
        10L, 5, "kill_trainer", List.of("stall/hang", "idle_gpu"));

    assertThat(s.render()).contains(" loss=2.346", " attempt=2", " action=kill_trainer",
        " alerts=stall/hang,idle_gpu");
  }

  @Test
  void durationsAreHumanSized() {
    assertThat(StatusLine.human(java.time.Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(StatusLine.human(java.time.Duration.ofMinutes(14))).isEqualTo("14m");
    assertThat(StatusLine.human(java.time.Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(StatusLine.human(java.time.Duration.ofHours(2))).isEqualTo("2h");
    assertThat(StatusLine.human(java.time.Duration.ofSeconds(-5))).isEqualTo("0s");
  }
}
