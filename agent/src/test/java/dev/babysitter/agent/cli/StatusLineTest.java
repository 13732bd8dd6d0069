package dev.babysitter.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.RunRecord;
import org.junit.jupiter.api.Test;

/** The plain status line shows today's tokens only when the agents spent some. */
class StatusLineTest {

  @Test
  void should_show_todays_tokens_only_when_there_are_some() {
    RunRecord r = new RunRecord();
    r.runName = "tiny";
    r.phase = "running";
    r.lastStatus = "tiny step=40/200";
    assertThat(StatusCommand.line(r, "2026-11-23")).isEqualTo("tiny step=40/200 phase=running");

    r.tokensByDay.put("2026-11-22", 99_000L); // yesterday's do not count
    r.tokensByDay.put("2026-11-23", 12_345L);
    assertThat(StatusCommand.line(r, "2026-11-23"))
        .isEqualTo("tiny step=40/200 phase=running tokens=12.3k");
    r.lastStatus = null;
    assertThat(StatusCommand.line(r, "2026-11-23"))
        .isEqualTo("tiny phase=running tokens=12.3k (not checked yet)");
  }

  @Test
  void should_shorten_token_counts() {
    assertThat(StatusCommand.tokens(950)).isEqualTo("950");
    assertThat(StatusCommand.tokens(12_345)).isEqualTo("12.3k");
    assertThat(StatusCommand.tokens(4_060_000)).isEqualTo("4.1M");
  }

  @Test
  void aRunWhoseCheckIsOverdueSaysNobodyIsBabysittingIt() {
    dev.babysitter.agent.run.RunRecord r = new dev.babysitter.agent.run.RunRecord();
    r.runName = "tiny";
    r.phase = "running";
    java.time.Instant due = java.time.Instant.parse("2026-12-06T10:00:00Z");
    r.nextCheckAt = due;
    assertThat(StatusCommand.staleNote(r, due.plusSeconds(60))).isEmpty();
    assertThat(StatusCommand.staleNote(r, due.plusSeconds(600)))
        .isEqualTo(" MONITOR STALE since 2026-12-06T10:00:00Z: no babysitter has checked this"
            + " run (start one: babysitter babysit tiny)");
    r.phase = "torn_down";
    assertThat(StatusCommand.staleNote(r, due.plusSeconds(600))).isEmpty();
  }
}
