package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.RunFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter status [RUN] [--json]}: the latest status line of each run. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Print the latest status line of a run, or of every run (no probe, no tokens).")
public final class StatusCommand implements Callable<Integer> {
  @Mixin
  StateOptions state;

  @Parameters(paramLabel = "RUN", arity = "0..1")
  String run;

  @Option(names = "--json", description = "print JSON instead of status lines")
  boolean json;

  @Override
  public Integer call() throws Exception {
    RunFactory factory = state.factory();
    dev.babysitter.agent.run.RunStore.Listing listing = run == null ? factory.store().list()
        : new dev.babysitter.agent.run.RunStore.Listing(List.of(RunLookup.record(factory, run)),
            List.of());
    List<RunRecord> records = listing.records();
    // An unreadable record is named on its own line; the other runs still get theirs.
    int exit = listing.unreadable().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    if (json) {
      ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);
      List<Map<String, Object>> out = new java.util.ArrayList<>(
          records.stream().map(StatusCommand::summary).toList());
      listing.unreadable().forEach(u -> out.add(new LinkedHashMap<>(Map.of("run", u.runName(),
          "unreadable", u.getMessage()))));
      System.out.println(mapper.writeValueAsString(run == null ? out : out.get(0)));
      return exit;
    }
    listing.unreadable().forEach(u -> System.err.println("babysitter: " + u.getMessage()));
    if (records.isEmpty() && listing.unreadable().isEmpty()) {
      System.out.println("no runs in " + factory.workspace().state());
    }
    // UTC days, as the token meter counts them
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    java.time.Instant now = java.time.Instant.now();
    for (RunRecord r : records) {
      System.out.println(line(r, today) + staleNote(r, now));
    }
    return exit;
  }

  /** A check this late after it was due: nobody is babysitting the run. */
  static final java.time.Duration STALE_GRACE = java.time.Duration.ofMinutes(2);

  /** When the run's babysitter stopped checking it (its next check is overdue), or null. */
  static java.time.Instant monitorStaleSince(RunRecord r, java.time.Instant now) {
    if (r.finished() || r.nextCheckAt == null
        || !now.isAfter(r.nextCheckAt.plus(STALE_GRACE))) {
      return null;
    }
    return r.nextCheckAt;
  }

  static String staleNote(RunRecord r, java.time.Instant now) {
    java.time.Instant since = monitorStaleSince(r, now);
    return since == null ? "" : " MONITOR STALE since " + since.truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS) + ": no babysitter has checked this run (start"
        + " one: babysitter babysit " + r.runName + ")";
  }

  /** The plain status line; tokens only when the agents spent some today. */
  static String line(RunRecord r, String today) {
    long tokens = r.tokensByDay.getOrDefault(today, 0L);
    String t = tokens > 0 ? " tokens=" + tokens(tokens) : "";
    return r.lastStatus != null ? r.lastStatus + " phase=" + r.phase + t
        : r.runName + " phase=" + r.phase + t + " (not checked yet)";
  }

  /** 950, 12.3k, 4.1M: short enough for a status line. */
  static String tokens(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    return n < 1_000_000 ? String.format(java.util.Locale.ROOT, "%.1fk", n / 1000.0)
        : String.format(java.util.Locale.ROOT, "%.1fM", n / 1_000_000.0);
  }

  private static Map<String, Object> summary(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", r.runName);
    m.put("phase", r.phase);
    m.put("outcome", r.outcome);
    m.put("instance", r.instance == null ? null : r.instance.id());
    m.put("attempt", r.memory.attempt());
    m.put("step", r.memory.lastStep());
    m.put("llm_tokens", Map.of("total", r.tokensTotal, "by_day", r.tokensByDay));
    m.put("steps_per_second", r.memory.stepsPerSecond());
    m.put("relaunches", r.relaunches.size());
    m.put("pending_escalations", r.escalations.values().stream()
        .filter(e -> "pending".equals(e.status())).map(RunRecord.Escalation::id).toList());
    m.put("last_action", r.lastAction);
    m.put("next_check_at", r.nextCheckAt);
    m.put("monitor_stale_since", monitorStaleSince(r, java.time.Instant.now()));
    m.put("status_line", r.lastStatus);
    m.put("issue", r.issue == null ? null : r.issue.url());
    return m;
  }
}
