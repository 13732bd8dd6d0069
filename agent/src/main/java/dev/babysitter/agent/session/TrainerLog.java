package dev.babysitter.agent.session;

import dev.babysitter.tools.shell.ExecResult;
import dev.babysitter.tools.shell.RemoteShell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The trainer's log, read through the provider's shell where the supervisor writes it
 * ({@code $LOG_FILE} from the instance's {@code supervisor.env}), every line scrubbed:
 * {@code babysitter logs} and the MCP server's {@code tail_log} read it this way.
 */
public final class TrainerLog {
  /** Cap on one read: a follow that fell far behind catches up over several reads. */
  static final int MAX_BYTES = 256 * 1024;

  /** Complete lines read, and the byte offset to read from next. */
  public record Chunk(List<String> lines, long offset) {}

  private final RemoteShell shell;
  private final String home;
  private final UnaryOperator<String> scrub;
  private final Duration timeout;

  public TrainerLog(RemoteShell shell, String home, UnaryOperator<String> scrub,
      Duration timeout) {
    this.shell = shell;
    this.home = home;
    this.scrub = scrub;
    this.timeout = timeout;
  }

  /** The last {@code lines} lines. */
  public List<String> tail(int lines) throws IOException {
    String out = run("tail -n " + Math.max(1, lines) + " \"$LOG_FILE\"");
    return lines(out);
  }

  /** The log's size in bytes now: where a follow starts. */
  public long size() throws IOException {
    String out = run("wc -c < \"$LOG_FILE\"").strip();
    try {
      return Long.parseLong(out);
    } catch (NumberFormatException e) {
      throw new IOException("unexpected size of the log: " + out);
    }
  }

  /** The complete lines after {@code offset}; from the start again if the log was truncated. */
  public Chunk since(long offset) throws IOException {
    String out = run("S=$(wc -c < \"$LOG_FILE\"); echo \"$S\"; if [ \"$S\" -lt " + offset
        + " ]; then echo restart; tail -c +1 \"$LOG_FILE\" | head -c " + MAX_BYTES
        + "; else echo same; tail -c +" + (offset + 1) + " \"$LOG_FILE\" | head -c " + MAX_BYTES
        + "; fi");
    int first = out.indexOf('\n');
    int second = out.indexOf('\n', first + 1);
    if (first < 0 || second < 0) {
      return new Chunk(List.of(), offset);
    }
    long from = "restart".equals(out.substring(first + 1, second).strip()) ? 0 : offset;
    String body = out.substring(second + 1);
    int last = body.lastIndexOf('\n');
    if (last < 0) {
      return new Chunk(List.of(), from); // a half-written line waits for the next read
    }
    String complete = body.substring(0, last + 1);
    return new Chunk(lines(complete),
        from + complete.getBytes(StandardCharsets.UTF_8).length);
  }

  /** Lines as tail counts them (a progress bar's \r updates stay one line), scrubbed. */
  private List<String> lines(String text) {
    List<String> out = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out.stream().map(scrub).toList();
  }

  private String run(String read) throws IOException {
    String script = String.join("\n",
        "H='" + home.replace("'", "'\\''") + "'",
        "[ -f \"$H/supervisor.env\" ] && . \"$H/supervisor.env\"",
        "[ -n \"$LOG_FILE\" ] && [ -f \"$LOG_FILE\" ]"
            + " || { echo 'no trainer log yet' >&2; exit 3; }",
        read);
    ExecResult r = shell.exec(script, timeout);
    if (r.timedOut()) {
      throw new IOException("reading the log timed out after " + timeout.toSeconds() + " s");
    }
    if (r.exitCode() != 0) {
      throw new IOException(scrub.apply(r.stderr().strip().isEmpty() ? "exit " + r.exitCode()
          : r.stderr().strip().lines().findFirst().orElse("")));
    }
    return r.stdout();
  }
}
