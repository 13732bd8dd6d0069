package dev.babysitter.tools.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.logs.LogTail;
import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a {@link Probe} in one shell round trip. The script sources the instance's
 * {@code supervisor.env} so it finds the log, the checkpoints and the (possibly fake)
 * {@code nvidia-smi} exactly as the supervisor does.
 */
public final class Prober {
  static final String MARK = "@@babysitter:";
  private static final int MAX_EVENT_BYTES = 65536;
  private static final int MAX_LOG_BYTES = 131072;

  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final Duration timeout;

  public Prober(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * One round trip. A positive {@code leaseUntilEpoch} renews the dead-man switch's lease in
   * the same trip; a read-only observer passes 0.
   */
  public Probe probe(RemoteShell shell, String home, long eventsOffset, int tailLines,
      long leaseUntilEpoch) {
    Instant now = clock.instant();
    ExecResult result;
    try {
      // The lease travels as seconds from now, and the instance adds its own clock: a
      // babysitter whose wall clock is off (stepped back an hour) would otherwise write a lease
      // that expired long ago, and the dead-man switch would kill a healthy run.
      long leaseSeconds = leaseUntilEpoch > 0
          ? Math.max(1, leaseUntilEpoch - now.getEpochSecond()) : 0;
      result = shell.exec(script(home, eventsOffset, leaseSeconds), timeout);
    } catch (IOException e) {
      return Probe.unreachable(now, shell.describe() + ": " + e.getMessage(), eventsOffset);
    }
    if (result.timedOut()) {
      return Probe.unreachable(now, "probe timed out after " + timeout.toSeconds() + "s",
          eventsOffset);
    }
    if (!result.stdout().contains(MARK + "now")) {
      return Probe.unreachable(now, "probe failed (exit " + result.exitCode() + "): "
          + firstLine(result.stderr()), eventsOffset);
    }
    return parse(now, result.stdout(), eventsOffset, tailLines);
  }

  /** {@code leaseSeconds}: renew the lease until this long after the instance's now; 0: don't. */
  static String script(String home, long eventsOffset, long leaseSeconds) {
    String h = quote(home);
    return String.join("\n",
        "H=" + h,
        "[ -d \"$H\" ] || { echo 'no instance directory' >&2; exit 3; }",
        leaseSeconds > 0 ? "echo $(( $(date +%s) + " + leaseSeconds + " )) > \"$H/lease.tmp\" && mv \"$H/lease.tmp\" \"$H/lease\"" : ":",
        "[ -f \"$H/supervisor.env\" ] && . \"$H/supervisor.env\"",
        "[ -n \"$EXTRA_PATH\" ] && PATH=\"$EXTRA_PATH:$PATH\"",
        "export BABYSITTER_HOME=\"$H\" PATH",
        "echo '" + MARK + "now'; date +%s",
        // Alive before state: a supervisor writes its last state before it exits, so one found
        // dead here has its final word in the state read next. Read the other way round, a
        // supervisor that finished in between looked like one that died mid-run.
        "echo '" + MARK + "alive'; P=$(cat \"$H/supervisor.pid\" 2>/dev/null);"
            + " [ -n \"$P\" ] && kill -0 \"$P\" 2>/dev/null && echo yes",
        "echo '" + MARK + "state'; cat \"$H/state.json\" 2>/dev/null; echo",
        "echo '" + MARK + "heartbeat'; cat \"$H/heartbeat\" 2>/dev/null; echo",
        "echo '" + MARK + "done'; [ -f \"$H/DONE\" ] && echo yes",
        "echo '" + MARK + "events'; S=$(wc -c < \"$H/events.jsonl\" 2>/dev/null || echo 0);"
            + " echo \"$S\"; if [ \"$S\" -gt " + eventsOffset + " ]; then tail -c +"
            + (eventsOffset + 1) + " \"$H/events.jsonl\" | head -c " + MAX_EVENT_BYTES + "; fi",
        "echo; echo '" + MARK + "gpu'; nvidia-smi --query-gpu=index,name,utilization.gpu,"
            + "memory.used,memory.total --format=csv,noheader,nounits 2>&1; echo \"rc=$?\"",
        // Directories (complete when their marker exists) and regular files (complete by being
        // there under a final name); which kind counts is the layout's business, in Java.
        "echo '" + MARK + "checkpoints'; if [ -n \"$CHECKPOINT_DIR\" ] && [ -d \"$CHECKPOINT_DIR\" ];"
            + " then for d in \"$CHECKPOINT_DIR\"/*; do if [ -d \"$d\" ]; then t=d; m=0;"
            + " [ -n \"${COMPLETE_MARKER-metadata.json}\" ] && [ -f \"$d/${COMPLETE_MARKER-metadata.json}\" ] && m=1;"
            + " elif [ -f \"$d\" ]; then t=f; m=1; else continue; fi;"
            + " printf '%s %s %s %s\\n' \"$m\" \"$(stat -c %Y \"$d\" 2>/dev/null || echo 0)\""
            + " \"$t\" \"${d##*/}\"; done; fi",
        "echo '" + MARK + "logage'; if [ -f \"$LOG_FILE\" ]; then echo $(( $(date +%s) -"
            + " $(stat -c %Y \"$LOG_FILE\") )); fi",
        "echo '" + MARK + "synced'; cat \"$H/synced.json\" 2>/dev/null; echo",
        "echo '" + MARK + "log'; [ -f \"$LOG_FILE\" ] && tail -c " + MAX_LOG_BYTES
            + " \"$LOG_FILE\"",
        "exit 0");
  }

  Probe parse(Instant now, String out, long eventsOffset, int tailLines) {
    Sections s = Sections.split(out);
    long remoteNow = parseLong(s.get("now").strip(), now.getEpochSecond());
    SupervisorState state = parseState(s.get("state"));
    Long heartbeat = parseLongOrNull(s.get("heartbeat").strip());
    Long heartbeatAge = heartbeat == null ? null : Math.max(0, remoteNow - heartbeat);
    List<String> eventLines = new ArrayList<>();
    long newOffset = eventsOffset;
    String events = s.get("events");
    int nl = events.indexOf('\n');
    if (nl >= 0) {
      long size = parseLong(events.substring(0, nl).strip(), eventsOffset);
      String body = events.substring(nl + 1);
      // The script's own echo after the events adds exactly one newline: not event data.
      if (body.endsWith("\n")) {
        body = body.substring(0, body.length() - 1);
      }
      int lastNewline = body.lastIndexOf('\n');
      if (size > eventsOffset && lastNewline >= 0) {
        // Only whole lines count; a half-written last line is read again next time.
        String complete = body.substring(0, lastNewline + 1);
        newOffset = eventsOffset + complete.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (String line : complete.split("\n")) {
          if (!line.isBlank()) {
            eventLines.add(line.strip());
          }
        }
      } else if (size < eventsOffset) {
        newOffset = 0; // the file was replaced: start over
      }
    }
    List<GpuRow> gpus = new ArrayList<>();
    String gpuProblem = parseGpus(s.get("gpu"), gpus);
    List<CheckpointCatalog.Entry> checkpoints = new ArrayList<>();
    for (String line : s.get("checkpoints").split("\n")) {
      String[] parts = line.strip().split(" ", 4);
      if (parts.length == 4) {
        checkpoints.add(new CheckpointCatalog.Entry(parts[3], "1".equals(parts[0]),
            Instant.ofEpochSecond(parseLong(parts[1], 0)), "d".equals(parts[2])));
      }
    }
    List<String> tail = LogTail.lines(s.get("log"), tailLines);
    return new Probe(now, true, null, state, heartbeatAge, s.get("done").contains("yes"),
        s.get("alive").contains("yes"), List.copyOf(eventLines), newOffset, List.copyOf(gpus),
        gpuProblem, List.copyOf(checkpoints), tail, parseLongOrNull(s.get("logage").strip()),
        parseSyncedStep(s.get("synced")));
  }

  private Long parseSyncedStep(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode step = json.readTree(text.strip()).path("step");
      return step.canConvertToLong() && step.isIntegralNumber() ? step.asLong() : null;
    } catch (IOException | RuntimeException e) {
      return null; // unreadable counts as not synced: the guard then asks before a destroy
    }
  }

  private static String parseGpus(String section, List<GpuRow> rows) {
    String problem = null;
    for (String line : section.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("rc=")) {
        if (!"rc=0".equals(trimmed) && problem == null) {
          problem = "nvidia-smi exited " + trimmed.substring(3);
        }
        continue;
      }
      String[] f = trimmed.split(",\\s*");
      try {
        rows.add(new GpuRow(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]),
            Long.parseLong(f[3]), Long.parseLong(f[4])));
      } catch (RuntimeException e) {
        problem = "nvidia-smi: " + (trimmed.length() > 200 ? trimmed.substring(0, 200) : trimmed);
      }
    }
    return problem;
  }

  private SupervisorState parseState(String text) {
    if (text.isBlank()) {
      return null;
    }
    try {
      JsonNode n = json.readTree(text.strip());
      return new SupervisorState(n.path("state").asText("unknown"), n.path("attempt").asInt(0),
          n.path("last_fix").asText("none"),
          n.path("exit_code").isNumber() ? n.path("exit_code").asInt() : null,
          n.path("trainer_pid").isNumber() ? n.path("trainer_pid").asLong() : null,
          n.path("started_at").asLong(0), n.path("updated_at").asLong(0),
          n.path("log_age_s").isNumber() ? n.path("log_age_s").asLong() : null,
          n.path("gpu_idle").asBoolean(false), n.path("awaiting").asText("none"),
          n.path("reason").asText(""),
          n.path("attempt_started_at").isNumber() ? n.path("attempt_started_at").asLong() : null,
          n.path("killed").isBoolean() ? n.path("killed").asBoolean() : null);
    } catch (IOException | RuntimeException e) {
      return null; // a half-written state.json: the next probe reads it whole
    }
  }

  private static long parseLong(String text, long fallback) {
    Long value = parseLongOrNull(text);
    return value == null ? fallback : value;
  }

  private static Long parseLongOrNull(String text) {
    try {
      return text.isEmpty() ? null : Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 300 ? line.substring(0, 300) : line;
  }

  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /** The probe output cut at its section marks. */
  private record Sections(java.util.Map<String, String> byName) {
    static Sections split(String out) {
      java.util.Map<String, String> map = new java.util.HashMap<>();
      String name = null;
      StringBuilder body = new StringBuilder();
      int pos = 0;
      while (pos < out.length()) {
        int end = out.indexOf('\n', pos);
        String line = end < 0 ? out.substring(pos) : out.substring(pos, end);
        pos = end < 0 ? out.length() : end + 1;
        if ("log".equals(name)) {
          body.append(line).append('\n');
          continue;
        }
        if (line.startsWith(MARK)) {
          if (name != null) {
            map.put(name, body.toString());
          }
          name = line.substring(MARK.length()).strip();
          body.setLength(0);
        } else if (name != null) {
          body.append(line).append('\n');
        }
      }
      if (name != null) {
        map.put(name, body.toString());
      }
      return new Sections(map);
    }

    String get(String key) {
      return byName.getOrDefault(key, "");
    }
  }
}
