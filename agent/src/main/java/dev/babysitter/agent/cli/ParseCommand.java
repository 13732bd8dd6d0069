package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.logs.ProgressParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter parse [--json] [--format NAME] [FILE|-]}: what the log says of progress. */
@Command(name = "parse", mixinStandardHelpOptions = true,
    description = "Print the last progress a log shows: step, total, loss, rate, eval.")
public final class ParseCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", arity = "0..1", description = "a log file, or - for stdin")
  String file;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = "--format", paramLabel = "NAME", description = "force a format")
  String format;

  @Override
  public Integer call() throws Exception {
    if (format != null && !ProgressParser.formats().contains(format)) {
      throw new UserException("unknown format '" + format + "'; known: "
          + String.join(", ", ProgressParser.formats()), ExitCodes.USAGE);
    }
    Optional<Progress> p = new ProgressParser(format).lastProgress(InputText.lines(file));
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("format", p.map(Progress::format).orElse(null));
      out.put("step", p.map(Progress::step).orElse(null));
      out.put("step_kind", p.map(Progress::stepKind).orElse(null));
      out.put("epoch", p.map(Progress::epoch).orElse(null));
      out.put("total", p.map(Progress::total).orElse(null));
      out.put("loss", p.map(Progress::loss).filter(v -> !v.isNaN() && !v.isInfinite())
          .orElse(null));
      out.put("rate", p.map(Progress::rate).map(r -> Map.of("value", r.value(), "unit",
          r.unit())).orElse(null));
      out.put("steps_per_second", p.map(Progress::stepsPerSecond).orElse(null));
      out.put("eval", p.map(Progress::evalLoss).map(v -> Map.of("loss", v)).orElse(null));
      out.put("nan_inf", p.map(Progress::nanInf).orElse(false));
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else if (p.isEmpty()) {
      System.out.println("no progress found");
    } else {
      Progress x = p.get();
      System.out.println("format=" + x.format() + " step=" + x.step() + "/" + x.total()
          + " loss=" + x.loss() + " rate=" + (x.rate() == null ? "?" : x.rate().value() + " "
          + x.rate().unit()) + (x.evalLoss() == null ? "" : " eval=" + x.evalLoss())
          + (x.nanInf() ? " NAN/INF" : ""));
    }
    return ExitCodes.OK;
  }
}
