package dev.babysitter.tools.issues;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code /approve ID} and {@code /deny ID} in issue comments. Only the DRI's comments
 * count; every other command-looking line is returned as {@link Ignored} with a reason so the
 * caller can log it. Whether an id exists, has expired or was already used is the caller's
 * business: this only says who asked for what, in which comment.
 *
 * <p>A command is a whole line, {@code /approve ID [note]}, outside quotes ({@code >}) and code
 * fences, so quoting someone else's command or the bot's own instructions never counts.
 * Comments starting with the 🤖 prefix are the babysitter's own and never count, even when the
 * DRI's token is the one posting them (then the author is the DRI).
 */
public final class IssueCommands {
  /** The prefix the babysitter puts on its own comments. */
  public static final String BOT_PREFIX = "🤖";

  public enum Verb { APPROVE, DENY }

  /** One accepted command; {@code note} is any text after the id on the same line, or "". */
  public record Command(Verb verb, String approvalId, String note, IssueComment source) {}

  /** A command-looking line that does not count, and why. */
  public record Ignored(IssueComment source, String line, String reason) {}

  /** Accepted commands in comment order (then line order), and everything ignored. */
  public record Result(List<Command> commands, List<Ignored> ignored) {
    public Result {
      commands = List.copyOf(commands);
      ignored = List.copyOf(ignored);
    }
  }

  private static final Pattern COMMAND_LINE = Pattern.compile("(?i)^/(approve|deny)\\b(.*)$");
  private static final Pattern ARGS =
      Pattern.compile("^\\s+([A-Za-z0-9][A-Za-z0-9._-]{0,63})(?:\\s+(.*))?$");

  private IssueCommands() {}

  public static Result parse(List<IssueComment> comments, String driLogin) {
    String dri = normalise(Objects.requireNonNull(driLogin, "driLogin"));
    if (dri.isEmpty()) {
      throw new IllegalArgumentException("driLogin is blank");
    }
    List<Command> commands = new ArrayList<>();
    List<Ignored> ignored = new ArrayList<>();
    for (IssueComment c : comments) {
      String body = c.body() == null ? "" : c.body();
      List<String> lines = commandLines(body);
      if (lines.isEmpty()) {
        continue; // ordinary discussion: nothing to log
      }
      String author = c.author() == null ? "" : normalise(c.author());
      String whyNot = body.stripLeading().startsWith(BOT_PREFIX)
          ? "posted by the babysitter itself (" + BOT_PREFIX + " comment)"
          : author.isEmpty() ? "comment has no author"
          : !author.equals(dri) ? "author " + c.author() + " is not the DRI (" + driLogin.strip()
              + ")"
          : null;
      for (String line : lines) {
        if (whyNot != null) {
          ignored.add(new Ignored(c, line, whyNot));
          continue;
        }
        Matcher m = COMMAND_LINE.matcher(line);
        m.matches();
        Verb verb = Verb.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        Matcher a = ARGS.matcher(m.group(2));
        if (!a.matches()) {
          ignored.add(new Ignored(c, line,
              "no valid approval id after /" + m.group(1).toLowerCase(Locale.ROOT)));
          continue;
        }
        String note = a.group(2) == null ? "" : a.group(2).strip();
        commands.add(new Command(verb, a.group(1), note, c));
      }
    }
    return new Result(commands, ignored);
  }

  /** Lines that look like commands, skipping fenced code and quotes. */
  private static List<String> commandLines(String body) {
    List<String> out = new ArrayList<>();
    boolean fenced = false;
    for (String raw : body.split("\\R")) {
      String line = raw.strip();
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      if (!fenced && COMMAND_LINE.matcher(line).matches()) {
        out.add(line);
      }
    }
    return out;
  }

  /** GitHub logins are ASCII and case-insensitive; specs may write them as "@alice". */
  private static String normalise(String login) {
    String s = login.strip();
    if (s.startsWith("@")) {
      s = s.substring(1);
    }
    return s.toLowerCase(Locale.ROOT);
  }
}
