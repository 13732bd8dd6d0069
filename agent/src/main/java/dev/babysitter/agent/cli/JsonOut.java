package dev.babysitter.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * What every {@code --json} prints: the command's answer, or on a failure one object
 * {@code {"error": …, "exit_code": n}} on stdout, so a script reading stdout never gets text.
 * {@code --json} is always a flag; the benches' {@code --json FILE} writes a file and is not one.
 */
final class JsonOut {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private JsonOut() {}

  static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not serialisable: " + e.getMessage(), e);
    }
  }

  static void print(PrintWriter out, Object value) {
    out.println(text(value));
    out.flush();
  }

  /**
   * One object on one line, flushed: the streaming commands ({@code babysit}, {@code logs -f})
   * print newline-delimited JSON, which a reader takes a line at a time.
   */
  static void line(PrintWriter out, Object value) {
    try {
      out.println(MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("not serialisable: " + e.getMessage(), e);
    }
    out.flush();
  }

  /** An ordered map from alternating keys and values; nulls are kept as JSON nulls. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static Map<String, Object> error(String message, int exitCode) {
    return object("error", message, "exit_code", exitCode);
  }

  /** Whether the command that ran (the deepest one matched) was asked for JSON. */
  static boolean requested(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult deepest = parsed;
    while (deepest != null && deepest.hasSubcommand()) {
      deepest = deepest.subcommand();
    }
    return deepest != null && isFlag(deepest.commandSpec())
        && deepest.hasMatchedOption("--json");
  }

  /** For a command line picocli could not parse: --json among the words, and a flag there. */
  static boolean requested(CommandLine commandLine, String[] args) {
    return java.util.Arrays.asList(args).contains("--json") && isFlag(commandLine
        .getCommandSpec());
  }

  private static boolean isFlag(CommandLine.Model.CommandSpec spec) {
    CommandLine.Model.OptionSpec json = spec.findOption("--json");
    return json != null && json.arity().max() == 0;
  }
}
