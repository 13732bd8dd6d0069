package dev.babysitter.agent.bench.chaos;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.session.BabysitLoop;
import dev.babysitter.agent.session.RunFactory;
import dev.babysitter.agent.session.RunLauncher;
import dev.babysitter.agent.session.Workspace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The babysitter that {@link KillNine} kills: a process of its own doing what a user does after
 * a crash, {@code babysitter launch} when the run has no instance on record yet (the launcher
 * adopts a live one, never a duplicate) and then {@code babysitter babysit} until the run ends.
 * Arguments: the experiment's directory, the run's name. Exit 0 when the run has finished.
 */
public final class KillNineChild {
  private KillNineChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String run = args[1];
    Path repo = dir.resolve("repo");
    Clock clock = Clock.systemUTC();
    RunFactory factory = new RunFactory(new Workspace(dir.resolve("babysitter")), clock, repo);
    factory.useFakeGpu(repo.resolve("trainer/bin"));
    Path specFile = dir.resolve("specs/" + run + ".yaml");
    RunSpec spec = new RunSpecLoader().load(specFile);
    Optional<RunRecord> record = factory.store().load(run);
    if (record.isEmpty() || record.get().instance == null) {
      System.out.println("chaos-child: launching " + run);
      RunLauncher.Result launched = new RunLauncher(factory, clock).launch(spec, specFile, repo);
      if (launched.refusal() != null) {
        System.out.println("chaos-child: launch refused: " + launched.refusal().reason());
        System.exit(3);
      }
    }
    System.out.println("chaos-child: babysitting " + run);
    new BabysitLoop(factory, clock, System.out).run(List.of(spec), Duration.ofMinutes(5));
    RunRecord end = factory.store().load(run).orElseThrow();
    System.out.println("chaos-child: ended phase=" + end.phase + " outcome=" + end.outcome);
    System.exit(end.finished() ? 0 : 2);
  }
}
