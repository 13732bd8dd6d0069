package dev.babysitter.agent.guard;

import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Hand-built guard states for tests: a fixed clock and a small checkpoint listing. */
public final class GuardStates {
  public static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");
  public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  public static final String DIR = "/out/checkpoints";
  public static final String STEP_9 = DIR + "/step-9";
  public static final String STEP_10 = DIR + "/step-10";
  public static final String STEP_11 = DIR + "/step-11";

  private String runName = "tiny";
  private int attempt = 1;
  private final List<GuardState.RelaunchMark> relaunches = new ArrayList<>();
  private int stallKills;
  private Instant lastDestructiveAt;
  private CheckpointCatalog catalog = standardCatalog();
  private final Set<String> rejected = new HashSet<>();
  private double dollarsPerHour;
  private double cost;
  private final Set<String> approved = new HashSet<>();
  private Duration eta;
  private boolean synced = true;

  public static GuardStates state() {
    return new GuardStates();
  }

  /** step-9 and step-10 complete, step-11 still being written (no marker). */
  public static CheckpointCatalog standardCatalog() {
    return CheckpointCatalog.of(DIR, "step-{n}", List.of(
        new CheckpointCatalog.Entry("step-10", true, NOW.minusSeconds(100)),
        new CheckpointCatalog.Entry("step-11", false, NOW.minusSeconds(10)),
        new CheckpointCatalog.Entry("step-9", true, NOW.minusSeconds(200))));
  }

  public static CheckpointCatalog emptyCatalog() {
    return CheckpointCatalog.of(DIR, "step-{n}", List.of());
  }

  public GuardStates run(String name) { runName = name; return this; }
  public GuardStates attempt(int n) { attempt = n; return this; }
  public GuardStates stallKills(int n) { stallKills = n; return this; }
  public GuardStates cost(double usd) { cost = usd; return this; }
  public GuardStates dollarsPerHour(double d) { dollarsPerHour = d; return this; }
  public GuardStates catalog(CheckpointCatalog c) { catalog = c; return this; }
  public GuardStates rejected(String path) { rejected.add(path); return this; }
  public GuardStates approved(String id) { approved.add(id); return this; }
  public GuardStates eta(Duration d) { eta = d; return this; }
  public GuardStates synced(boolean s) { synced = s; return this; }

  public GuardStates lastDestructiveAgo(Duration ago) {
    lastDestructiveAt = NOW.minus(ago);
    return this;
  }

  public GuardStates relaunched(String signature, Duration ago) {
    relaunches.add(new GuardState.RelaunchMark(NOW.minus(ago), signature));
    return this;
  }

  public GuardStates relaunched(String signature, int times, Duration ago) {
    for (int i = 0; i < times; i++) {
      relaunched(signature, ago);
    }
    return this;
  }

  public GuardState build() {
    return new GuardState(runName, attempt, relaunches, stallKills, lastDestructiveAt, catalog,
        rejected, dollarsPerHour, cost, approved, eta, synced);
  }
}
