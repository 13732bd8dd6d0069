package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real job (one the product did not write) launched through the real launcher and babysat to
 * its end by the real loop, as the demo does: what the scenario tests of real jobs share.
 */
final class RealJobRun {
  final Path dir;
  final LocalRunFixture run;
  RunRecord record;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

  private RealJobRun(Path dir, LocalRunFixture run) {
    this.dir = dir;
    this.run = run;
  }

  /**
   * Launches {@code command} (quoted for the spec) with the demo policy and babysits it for at
   * most {@code limit}; {@code gpuBin}: a folder with an nvidia-smi for the run, or null for none.
   */
  static RealJobRun babysit(Path dir, String name, String command, int finalStep,
      String checkpointPattern, Path gpuBin, Duration limit) throws Exception {
    // Importing torch on a loaded 2-core machine can take longer than the demo's 20 s startup
    // grace; these scenarios are about faults after progress, so the grace is widened.
    String policy = LocalRunFixture.demoPolicy().replace("startup_grace: 20s",
        "startup_grace: 90s");
    assertThat(policy).contains("startup_grace: 90s");
    RealJobRun r = new RealJobRun(dir, new LocalRunFixture(dir, name, command, "{}", policy));
    Path spec = dir.resolve(name + ".yaml"); // outside the repository: the tree stays clean
    Files.writeString(spec, Files.readString(r.run.specFile).replace("final_step: 60",
        "final_step: " + finalStep) + "checkpoints: {pattern: \"" + checkpointPattern + "\"}\n");
    r.run.spec = new RunSpecLoader().load(spec);
    r.run.factory.useFakeGpu(gpuBin);
    RunLauncher.Result launched = new RunLauncher(r.run.factory, Clock.systemUTC())
        .launch(r.run.spec, spec, r.run.repo);
    assertThat(launched.refusal()).isNull();
    r.record = launched.record();
    new BabysitLoop(r.run.factory, Clock.systemUTC(), new PrintStream(r.screen, true,
        StandardCharsets.UTF_8)).stopWhenParked().run(List.of(r.run.spec), limit);
    r.record = r.run.factory.store().load(name).orElseThrow();
    return r;
  }

  /** Destroys the run's instance if the scenario left it up. */
  void destroyIfLeft() throws Exception {
    if (record != null && record.instance != null && !"torn_down".equals(record.phase)) {
      run.factory.provider(run.spec).destroy(record.instance);
    }
  }

  String out(String rel) {
    return dir.resolve("out/" + record.runName + "/" + rel).toString();
  }

  String log() throws Exception {
    return Files.readString(Path.of(out("train.log")));
  }

  String logbook() throws Exception {
    return Files.readString(run.factory.logbookFile(run.spec));
  }

  String screen() {
    return screen.toString(StandardCharsets.UTF_8);
  }

  /** The latest status line the loop printed, or "-". */
  String lastStatus() {
    String[] lines = screen().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].contains(" run=")) {
        return lines[i].strip();
      }
    }
    return "-";
  }
}
