package dev.babysitter.tools.logs;
import java.util.List;
import java.util.Optional;
/** TEMPORARY stand-in until the logs branch lands. */
public final class ProgressParser {
  public ProgressParser() {}
  public ProgressParser(String forcedFormat) {}
  public Optional<Progress> parseLine(String line) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\|\\s*(\\d+)/(\\d+) \\[").matcher(line);
    if (m.find()) {
      return Optional.of(new Progress("hf", Long.parseLong(m.group(1)), "global", null, Long.parseLong(m.group(2)), null, null, null, null, false));
    }
    java.util.regex.Matcher l = java.util.regex.Pattern.compile("'loss': ([-\\w.]+)").matcher(line);
    if (l.find()) {
      double v = l.group(1).equals("nan") ? Double.NaN : Double.parseDouble(l.group(1));
      return Optional.of(new Progress("hf", null, "global", null, null, v, null, null, null, Double.isNaN(v)));
    }
    return Optional.empty();
  }
  public Optional<Progress> lastProgress(List<String> lines) {
    Long step = null, total = null; Double loss = null; boolean nan = false;
    for (String line : lines) {
      Optional<Progress> p = parseLine(line);
      if (p.isEmpty()) continue;
      if (p.get().step() != null) { step = p.get().step(); total = p.get().total(); }
      if (p.get().loss() != null) { loss = p.get().loss(); nan = p.get().nanInf(); }
    }
    return step == null && loss == null ? Optional.empty()
        : Optional.of(new Progress("hf", step, "global", null, total, loss, null, null, null, nan));
  }
}
