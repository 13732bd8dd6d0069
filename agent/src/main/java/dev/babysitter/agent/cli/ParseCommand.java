package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.logs.ProgressParser;
import dev.babysitter.tools.logs.Rate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code babysitter parse [--json] [--explain] [--format NAME] [--regex REGEX] [FILE|-]}: what the log says of
 * progress, and with {@code --explain} which rule read which line.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = "Print the last progress a log shows: step, total, loss, rate, eval.")
public final class ParseCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", arity = "0..1", description = "a log file, or - for stdin")
  String file;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = "--format", paramLabel = "NAME", description = "force a format")
  String format;

  @Option(names = "--regex", paramLabel = "REGEX",
      description = "a custom progress regex with named groups step|batch, total, epoch, loss, "
          + "eval_loss, rate, rate_unit; tried before the built-in formats")
  String regex;

  @Option(names = "--explain", description = "show which rule matched which line, and what it read")
  boolean explain;

  @Override
  public Integer call() throws Exception {
    if (format != null && !"custom".equals(format) && !ProgressParser.formats().contains(format)) {
      throw new UserException("unknown format '" + format + "'; known: "
          + String.join(", ", ProgressParser.formats()), ExitCodes.USAGE);
    }
    ProgressParser parser;
    try {
      parser = new ProgressParser(format, regex);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE);
    }
    List<String> lines = InputText.lines(file);
    Optional<Progress> p = parser.lastProgress(lines);
    ObjectMapper mapper = new ObjectMapper();
    if (explain) {
      List<ProgressParser.Explanation> ex = parser.explain(lines);
      if (json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ProgressParser.Explanation e : ex) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("line", e.lineNumber());
          row.put("rule", e.rule());
          row.put("format", e.format());
          row.put("fields", fields(e.progress()));
          row.put("text", e.line());
          rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lines_read", lines.size());
        out.put("matches", rows);
        out.put("result", summary(p));
        System.out.println(mapper.writeValueAsString(out));
      } else {
        for (ProgressParser.Explanation e : ex) {
          StringBuilder b = new StringBuilder();
          fields(e.progress()).forEach((k, v) -> {
            if (v != null && !(v instanceof Boolean bo && !bo)) {
              b.append(' ').append(k).append('=').append(v);
            }
          });
          System.out.println("line " + e.lineNumber() + ": " + e.rule() + " [" + e.format() + "]" + b);
        }
        System.out.println(ex.size() + " of " + lines.size() + " lines matched a rule");
        System.out.println(readable(p));
      }
      return ExitCodes.OK;
    }
    if (json) {
      System.out.println(mapper.writeValueAsString(summary(p)));
    } else {
      System.out.println(readable(p));
    }
    return ExitCodes.OK;
  }

  /** The JSON shape; NaN/Inf never reach the JSON (they are not valid JSON): they read null. */
  static Map<String, Object> summary(Optional<Progress> p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", p.map(Progress::format).orElse(null));
    out.put("step", p.map(Progress::step).orElse(null));
    out.put("step_kind", p.map(Progress::stepKind).orElse(null));
    out.put("epoch", p.map(Progress::epoch).orElse(null));
    out.put("total", p.map(Progress::total).orElse(null));
    out.put("global_step", p.map(Progress::globalStep).orElse(null));
    out.put("loss", finite(p.map(Progress::loss).orElse(null)));
    out.put("rate", rate(p.map(Progress::rate).orElse(null)));
    out.put("steps_per_second", finite(p.map(Progress::stepsPerSecond).orElse(null)));
    out.put("eval", eval(p.map(Progress::evalLoss).orElse(null)));
    out.put("nan_inf", p.map(Progress::nanInf).orElse(false));
    return out;
  }

  private static Map<String, Object> fields(Progress x) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", x.step());
    m.put("step_kind", x.stepKind());
    m.put("epoch", x.epoch());
    m.put("total", x.total());
    m.put("global_step", x.globalStep());
    m.put("loss", finite(x.loss()));
    m.put("rate", x.rate() == null || finite(x.rate().value()) == null ? null
        : x.rate().value() + " " + x.rate().unit());
    m.put("eval_loss", finite(x.evalLoss()));
    m.put("nan_inf", x.nanInf());
    return m;
  }

  private static String readable(Optional<Progress> p) {
    if (p.isEmpty()) {
      return "no progress found";
    }
    Progress x = p.get();
    String global = x.globalStep() != null && !x.globalStep().equals(x.step())
        ? " global_step=" + x.globalStep() + " (derived)" : "";
    return "format=" + x.format() + " step=" + x.step() + "/" + x.total()
        + (x.stepKind() == null ? "" : " (" + x.stepKind() + ")")
        + (x.epoch() == null ? "" : " epoch=" + x.epoch()) + global
        + " loss=" + x.loss() + " rate=" + (x.rate() == null ? "?" : x.rate().value() + " "
        + x.rate().unit()) + (x.evalLoss() == null ? "" : " eval=" + x.evalLoss())
        + (x.nanInf() ? " NAN/INF" : "");
  }

  private static Map<String, Object> rate(Rate r) {
    if (r == null || finite(r.value()) == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("value", r.value());
    m.put("unit", r.unit());
    return m;
  }

  private static Map<String, Object> eval(Double loss) {
    if (loss == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("loss", finite(loss));
    m.put("nan_inf", finite(loss) == null);
    return m;
  }

  private static Double finite(Double v) {
    return v == null || v.isNaN() || v.isInfinite() ? null : v;
  }
}
