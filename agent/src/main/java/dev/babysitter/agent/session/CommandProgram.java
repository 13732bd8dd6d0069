package dev.babysitter.agent.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The program a run's command starts, checked where it will run before anything starts: a typo
 * or a missing interpreter is one line for the person at launch, not a crash to retry. The same
 * rule as the supervisor's {@code check_program}: only a plain first word after
 * {@code VAR=value} assignments is checked; quoting, expansions and shell syntax are left alone.
 */
final class CommandProgram {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./+-]+");
  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  /** Words the shell knows itself; {@code command -v} finds them without a file. */
  private static final java.util.Set<String> SHELL_WORDS = java.util.Set.of("cd", "exec", "set",
      "export", "if", "for", "while", "case", "true", "false", "test", "[", ".", "eval", "exit",
      "trap", "umask", "ulimit", "wait", "command", "echo", "printf", "read", "shift", "unset",
      "until", "{", "(", "!");

  private CommandProgram() {}

  /** Why the command's program cannot start from {@code workDir}, or empty when it can. */
  static Optional<String> unresolved(String command, Path workDir, String path) {
    String program = firstWord(command);
    if (program == null || !PLAIN.matcher(program).matches() || SHELL_WORDS.contains(program)) {
      return Optional.empty();
    }
    if (program.contains("/")) {
      Path file = workDir.resolve(program);
      return Files.isRegularFile(file) && Files.isExecutable(file) ? Optional.empty()
          : Optional.of("the command's program " + program + " is not an executable file (from "
              + workDir + ")");
    }
    for (String dir : (path == null ? "" : path).split(":")) {
      Path candidate = (dir.isEmpty() ? workDir : workDir.resolve(dir)).resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.empty();
      }
    }
    return Optional.of("the command's program " + program + " is not found on PATH; install it,"
        + " or fix the command");
  }

  private static String firstWord(String command) {
    if (command == null) {
      return null;
    }
    for (String word : command.strip().split("\\s+")) {
      if (!word.isEmpty() && !ASSIGNMENT.matcher(word).matches()) {
        return word;
      }
    }
    return null;
  }
}
