package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.babysitter.agent.bench.chaos.ChaosBench;
import dev.babysitter.agent.bench.chaos.ChaosExperiment;
import dev.babysitter.agent.bench.chaos.ChaosResult;
import dev.babysitter.agent.bench.chaos.ChaosSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code babysitter bench chaos}: fault, fuzz and chaos experiments that print what was lost. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = "Chaos, fault and fuzz experiments against the real product code; one line "
        + "per experiment, then a table. Every violation count has the goal 0.")
final class ChaosBenchCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "1") long seed;

  @Option(names = "--only", split = ",", paramLabel = "NAME",
      description = "run only these experiments (comma-separated)")
  List<String> only = List.of();

  @Option(names = "--small", description = "the small versions that mvn verify runs")
  boolean small;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the figures as JSON")
  Path json;

  @Override
  public Integer call() throws Exception {
    List<ChaosExperiment> chosen;
    try {
      chosen = ChaosBench.select(Set.copyOf(new LinkedHashSet<>(only)));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), ExitCodes.USAGE);
    }
    Path work = Files.createTempDirectory("babysitter-chaos-");
    ChaosSettings settings = new ChaosSettings(seed, small, work);
    List<ChaosResult> results;
    try {
      results = new ChaosBench(chosen, Clock.systemUTC()).run(settings, System.out);
    } finally {
      deleteTree(work);
    }
    System.out.println();
    System.out.print(ChaosBench.table(results));
    if (json != null) {
      Files.writeString(json, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(ChaosBench.json(results, settings)));
      System.err.println("wrote " + json);
    }
    long violations = results.stream().mapToLong(ChaosResult::violations).sum();
    return violations == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Best effort: a run's scratch files (workspaces, git repos) are not worth keeping. */
  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("babysitter: could not remove " + dir + ": " + e.getMessage());
    }
  }
}
