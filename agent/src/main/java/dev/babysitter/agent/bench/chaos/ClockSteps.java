package dev.babysitter.agent.bench.chaos;

import dev.babysitter.agent.session.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Healthy real local runs whose babysitter's wall clock is stepped back, forward, and back then
 * forward by an hour while the trainer runs (the instance keeps true time, as a remote machine
 * does). A healthy run must end done with no relaunch, no teardown before its last step, and
 * no dead-man kill from a lease the stepped clock let lapse.
 */
public final class ClockSteps implements ChaosExperiment {
  private static final Duration HOUR = Duration.ofHours(1);
  private final Path installRoot;

  public ClockSteps() {
    this(Workspace.installRoot());
  }

  public ClockSteps(Path installRoot) {
    this.installRoot = installRoot;
  }

  @Override
  public String name() {
    return "clock";
  }

  @Override
  public String violation() {
    return "bad outcomes";
  }

  @Override
  public ChaosResult run(ChaosSettings settings) throws Exception {
    Map<String, List<SteppedClock.Step>> trials = new LinkedHashMap<>();
    trials.put("back", List.of(new SteppedClock.Step(Duration.ofSeconds(4), HOUR.negated())));
    if (!settings.small()) {
      trials.put("forward", List.of(new SteppedClock.Step(Duration.ofSeconds(4), HOUR)));
      trials.put("back-then-forward", List.of(
          new SteppedClock.Step(Duration.ofSeconds(3), HOUR.negated()),
          new SteppedClock.Step(Duration.ofSeconds(9), HOUR)));
    }
    long relaunches = 0;
    long notDone = 0;
    long leaseKills = 0;
    List<String> examples = new ArrayList<>();
    for (Map.Entry<String, List<SteppedClock.Step>> t : trials.entrySet()) {
      Clock clock = new SteppedClock(Clock.systemUTC(), t.getValue());
      // The lease timeout is short so that a lapsed lease would fire within the run.
      LocalRun.Result r = LocalRun.run(installRoot, settings.workDir().resolve("clock-"
          + t.getKey()), "clock", "python3 trainer/train.py --steps {steps} --out"
          + " {output_root} --ckpt-every 10 --step-time 0.3", 45, "TRAINER_FAULTS: \"\"",
          "10s", clock, Duration.ofMinutes(4));
      String events = Files.exists(r.instanceHome().resolve("events.jsonl"))
          ? Files.readString(r.instanceHome().resolve("events.jsonl")) : "";
      boolean leaseKill = events.contains("lease expired");
      relaunches += r.record().relaunches.size();
      notDone += "done".equals(r.record().outcome) ? 0 : 1;
      leaseKills += leaseKill ? 1 : 0;
      if ((leaseKill || !"done".equals(r.record().outcome) || !r.record().relaunches.isEmpty())
          && examples.size() < 5) {
        examples.add(t.getKey() + ": outcome " + r.record().outcome + ", relaunches "
            + r.record().relaunches.size() + (leaseKill ? ", dead-man: lease expired" : "")
            + "; babysitter said: " + String.join(" | ", r.stdout().lines()
                .filter(l -> !l.isBlank()).skip(Math.max(0, r.stdout().lines().count() - 12))
                .toList()));
      }
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("steps", String.join("/", trials.keySet()) + " 1h");
    f.put("relaunches", Long.toString(relaunches));
    f.put("not_done", Long.toString(notDone));
    f.put("lease_kills", Long.toString(leaseKills));
    return new ChaosResult(name(), trials.size(), relaunches + notDone + leaseKills, violation(),
        f, examples, Duration.ZERO);
  }
}
