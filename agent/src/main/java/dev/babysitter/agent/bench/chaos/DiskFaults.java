package dev.babysitter.agent.bench.chaos;

import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.run.UnreadableRecordException;
import dev.babysitter.agent.session.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real local run (in the full version with a crash at mid-run, relaunched) whose run record cannot be written for a
 * while: the write fails in the file system, as on a full or read-only disk (a directory stands
 * where the record's temp file goes; root ignores permissions, so a chmod would test nothing).
 * Meanwhile a reader parses {@code record.json} as often as it can. Counts torn or unreadable
 * reads (goal 0), runs that do not end done once the disk is back (goal 0), and whether the
 * babysitter said why its checks failed.
 */
public final class DiskFaults implements ChaosExperiment {
  private final Path installRoot;

  public DiskFaults() {
    this(Workspace.installRoot());
  }

  public DiskFaults(Path installRoot) {
    this.installRoot = installRoot;
  }

  @Override
  public String name() {
    return "disk";
  }

  @Override
  public String violation() {
    return "bad outcomes";
  }

  @Override
  public ChaosResult run(ChaosSettings settings) throws Exception {
    int trials = settings.size(3, 1);
    long torn = 0;
    long reads = 0;
    long notDone = 0;
    long unexplained = 0;
    long failedChecks = 0;
    List<String> examples = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      AtomicLong tornReads = new AtomicLong();
      AtomicLong allReads = new AtomicLong();
      Duration outage = Duration.ofSeconds(5 + 3L * t);
      Path dir = settings.workDir().resolve("disk-" + t);
      LocalRun.Result r = LocalRun.run(installRoot, dir, "disk", "python3 trainer/train.py"
          + " --steps {steps} --out {output_root} --ckpt-every 10 --step-time 0.25",
          40, settings.small() ? "TRAINER_FAULTS: \"\""
              : "TRAINER_FAULTS: \"crash@20:once\"", "2m", Clock.systemUTC(), Duration.ofMinutes(4),
          (runDir, said) -> outage(runDir, dir.resolve("babysitter/state"), outage, said,
              tornReads, allReads));
      torn += tornReads.get();
      reads += allReads.get();
      long failed = r.stdout().lines().filter(l -> l.contains("check failed")).count();
      failedChecks += failed;
      boolean said = r.stdout().lines().anyMatch(l -> l.contains("check failed")
          && l.contains("record.json"));
      if (failed > 0 && !said) {
        unexplained++;
      }
      if (!"done".equals(r.record().outcome)) {
        notDone++;
      }
      if ((!"done".equals(r.record().outcome) || tornReads.get() > 0 || failed == 0
          || !said) && examples.size() < 5) {
        examples.add("outage " + outage.toSeconds() + "s: outcome " + r.record().outcome
            + ", torn reads " + tornReads.get() + "; " + r.stdout().lines()
            .filter(l -> l.startsWith("!")).findFirst().orElse("no problem line; last lines: "
                + String.join(" | ", r.stdout().lines().skip(Math.max(0,
                r.stdout().lines().count() - 6)).toList())));
      }
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("torn_reads", Long.toString(torn));
    f.put("not_done", Long.toString(notDone));
    f.put("errors_without_cause", Long.toString(unexplained));
    f.put("record_reads", Long.toString(reads));
    f.put("failed_checks_reported", Long.toString(failedChecks));
    return new ChaosResult(name(), trials, torn + notDone + unexplained, violation(), f,
        examples, Duration.ZERO);
  }

  /**
   * Once the run has a record, makes every record write fail for {@code outage}, then lets
   * them succeed again; parses the record all the while.
   */
  private static void outage(Path runDir, Path stateDir, Duration outage,
      java.util.function.Supplier<String> said, AtomicLong torn, AtomicLong reads) {
    Path record = runDir.resolve("record.json");
    Path blocker = runDir.resolve("record.json.tmp");
    RunStore reader = new RunStore(stateDir);
    String run = runDir.getFileName().toString();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      // Into the run: once the babysitter has seen the trainer make progress.
      while (!progressed(reader, run) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Files.createDirectories(blocker);
      Files.writeString(blocker.resolve("full"), "the disk is full");
      // At least the given time, and until a check has met the full disk (a loaded machine's
      // checks come seconds apart: an outage between two would test nothing); 60 s at most.
      long end = System.nanoTime() + outage.toNanos();
      long latest = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < end || (!said.get().contains("check failed")
          && System.nanoTime() < latest)) {
        read(reader, run, torn, reads);
        Thread.sleep(20);
      }
      Files.delete(blocker.resolve("full"));
      Files.delete(blocker);
      long after = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < after) {
        read(reader, run, torn, reads);
        Thread.sleep(20);
      }
    } catch (IOException | InterruptedException e) {
      torn.incrementAndGet(); // the experiment itself broke: never a silent pass
    }
  }

  private static boolean progressed(RunStore reader, String run) {
    try {
      return reader.load(run).map(r -> r.memory.lastStep() != null).orElse(false);
    } catch (IOException e) {
      return false;
    }
  }

  private static void read(RunStore reader, String run, AtomicLong torn, AtomicLong reads) {
    reads.incrementAndGet();
    try {
      reader.load(run);
    } catch (UnreadableRecordException e) {
      torn.incrementAndGet();
    } catch (IOException e) {
      torn.incrementAndGet();
    }
  }
}
