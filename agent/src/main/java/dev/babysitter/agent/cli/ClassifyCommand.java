package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.tools.logs.Classification;
import dev.babysitter.tools.logs.FailureClassifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code babysitter classify [--json] [FILE|-]}: the failure class of a log excerpt. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Print the failure class of a log excerpt (one of the 12 classes, or "
        + "other_error for an unrecognised traceback).")
public final class ClassifyCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", arity = "0..1", description = "a log file, or - for stdin")
  String file;

  @Option(names = "--json", description = "print {\"label\":…, \"evidence\":…}")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Classification c = new FailureClassifier().classify(InputText.lines(file));
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("label", c.label());
      out.put("evidence", c.evidence());
      System.out.println(new ObjectMapper().writeValueAsString(out));
    } else {
      System.out.println(c.label());
    }
    return ExitCodes.OK;
  }
}
