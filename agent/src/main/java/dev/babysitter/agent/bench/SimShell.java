package dev.babysitter.agent.bench;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.probe.GpuRow;
import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.probe.SupervisorState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shell on a {@link SimInstance}: it answers the real Prober's script with what that script
 * prints on a real instance (state.json, events.jsonl from the byte offset, nvidia-smi rows,
 * the checkpoint listing, synced.json, the log tail), and carries out control requests the way
 * the supervisor does (kill; relaunch with RESUME_FROM). Anything else fails loudly, so a new
 * command in the product shows up here as a failed check rather than a silent pass.
 */
final class SimShell implements RemoteShell {
  private static final String MARK = "@@babysitter:";
  private static final Pattern OFFSET = Pattern.compile("-gt (\\d+) \\]");
  private static final Pattern STEP_DIR = Pattern.compile("step-(\\d+)");
  private static final Pattern CONTROL = Pattern.compile("^mv '(.+)/control/(\\w+)\\.tmp' ");

  private final SimInstance instance;
  private final Map<String, String> uploads = new HashMap<>();

  SimShell(SimInstance instance) {
    this.instance = instance;
  }

  @Override
  public ExecResult exec(String command, Duration timeout) throws IOException {
    if (command.contains(MARK + "now")) {
      return probe(command);
    }
    Matcher m = CONTROL.matcher(command);
    if (m.find()) {
      String request = uploads.remove(m.group(1) + "/control/" + m.group(2) + ".tmp");
      control(m.group(2), request == null ? "" : request);
      return new ExecResult(0, "", "", false);
    }
    throw new IOException("simulated shell does not know this command: "
        + command.lines().findFirst().orElse(""));
  }

  @Override
  public void upload(byte[] content, String path, boolean executable) {
    uploads.put(path, new String(content, StandardCharsets.UTF_8));
  }

  @Override
  public String describe() {
    return "sim-shell run " + instance.plan().id();
  }

  private void control(String name, String request) throws IOException {
    switch (name) {
      case "kill" -> instance.kill();
      case "relaunch" -> {
        // The supervisor takes a relaunch only while it waits for a decision.
        if (instance.exited()) {
          instance.relaunch(resumeStep(request), false, false);
        }
      }
      default -> throw new IOException("simulated supervisor has no control/" + name);
    }
  }

  private static long resumeStep(String request) {
    String from = LaunchRequest.resumeFromOf(request);
    Matcher m = from == null ? null : STEP_DIR.matcher(from);
    return m != null && m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private ExecResult probe(String script) throws IOException {
    Matcher m = OFFSET.matcher(script);
    long offset = m.find() ? Long.parseLong(m.group(1)) : 0;
    Probe p = instance.probe(0);
    if (!p.reachable()) {
      throw new IOException("ssh: connect to host: Connection timed out");
    }
    StringBuilder out = new StringBuilder(16384);
    long now = p.takenAt().getEpochSecond();
    section(out, "now").append(now).append('\n');
    section(out, "state").append(stateJson(p.supervisor())).append("\n\n");
    section(out, "heartbeat").append(now - (p.heartbeatAgeS() == null ? 0 : p.heartbeatAgeS()))
        .append("\n\n");
    section(out, "done");
    if (p.doneMarker()) {
      out.append("yes\n");
    }
    section(out, "alive").append(p.supervisorAlive() ? "yes\n" : "");
    List<String> events = instance.eventLines();
    long size = 0;
    StringBuilder tail = new StringBuilder();
    for (String e : events) {
      long end = size + e.length() + 1; // events are ASCII: chars are bytes
      if (end > offset) {
        tail.append(e).append('\n');
      }
      size = end;
    }
    section(out, "events").append(size).append('\n');
    if (size > offset) {
      out.append(tail);
    }
    out.append('\n');
    section(out, "gpu");
    for (GpuRow g : p.gpus()) {
      out.append(g.index()).append(", ").append(g.name()).append(", ").append(g.utilPct())
          .append(", ").append(g.memUsedMib()).append(", ").append(g.memTotalMib())
          .append('\n');
    }
    out.append("rc=0\n");
    section(out, "checkpoints");
    Long synced = null;
    for (CheckpointCatalog.Entry c : p.checkpoints()) {
      out.append(c.markerPresent() ? "1 " : "0 ").append(now).append(" d ").append(c.name())
          .append('\n');
      if (c.markerPresent()) {
        synced = Long.parseLong(c.name().substring("step-".length()));
      }
    }
    section(out, "logage").append(p.logAgeS()).append('\n');
    // Every complete checkpoint is synced by the supervisor (checkpoints.sync).
    section(out, "synced").append(synced == null ? "" : "{\"step\":" + synced + "}")
        .append("\n\n");
    section(out, "log");
    for (String line : p.logTail()) {
      out.append(line).append('\n');
    }
    return new ExecResult(0, out.toString(), "", false);
  }

  private static StringBuilder section(StringBuilder out, String name) {
    return out.append(MARK).append(name).append('\n');
  }

  private static String stateJson(SupervisorState s) {
    return "{\"state\":\"" + s.state() + "\",\"attempt\":" + s.attempt() + ",\"last_fix\":\"none\""
        + ",\"exit_code\":" + s.exitCode() + ",\"trainer_pid\":" + s.trainerPid()
        + ",\"started_at\":" + s.startedAt() + ",\"updated_at\":" + s.updatedAt()
        + ",\"log_age_s\":" + s.logAgeS() + ",\"gpu_idle\":" + s.gpuIdle()
        + ",\"awaiting\":\"" + (s.awaiting().isEmpty() ? "none" : s.awaiting()) + "\""
        + ",\"reason\":\"" + s.reason().replace("\"", "'") + "\",\"attempt_started_at\":"
        + s.attemptStartedAt() + "}";
  }
}
