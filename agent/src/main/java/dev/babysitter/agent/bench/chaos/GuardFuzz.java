package dev.babysitter.agent.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.babysitter.agent.bench.VirtualClock;
import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardState;
import dev.babysitter.agent.guard.PolicyGuard;
import dev.babysitter.agent.policy.PolicyLoader;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.agent.policy.Policy;
import java.nio.file.Files;
import java.time.Clock;
import java.util.function.BiFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Random tool-call sequences from a scripted model against the real {@link PolicyGuard} of every
 * policy in {@code policies/}. The run's state evolves as the executor would evolve it (an
 * allowed relaunch is charged, an allowed kill counted, the clock moves, a person sets and
 * lifts a hold, checkpoints get synced or not). Each allowed action is checked against an
 * oracle written from the policy file's own words (its YAML, read here, and its comments), not
 * from the guard's code: an action the oracle forbids but the guard allowed is a violation.
 * No DRI approvals are given, so every rule is absolute.
 */
public final class GuardFuzz implements ChaosExperiment {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final List<String> EXTRA_SIGNATURES = List.of("weird_new_failure", "hang",
      "nan_loss", "nccl", "cuda_oom");

  private final Path policies;
  private final BiFunction<Policy, Clock, PolicyGuard> guards;

  public GuardFuzz() {
    this(dev.babysitter.agent.session.Workspace.installRoot().resolve("policies"),
        PolicyGuard::new);
  }

  /** {@code guards}: the guard under test; the tests hand in a broken one to see the oracle bite. */
  public GuardFuzz(Path policies, BiFunction<Policy, Clock, PolicyGuard> guards) {
    this.policies = policies;
    this.guards = guards;
  }

  @Override
  public String name() {
    return "guard-fuzz";
  }

  @Override
  public String violation() {
    return "unsafe allows";
  }

  /** The rules as the policy file states them. */
  record Rules(String name, int total, Duration window, int defaultBudget,
      Map<String, Integer> perSignature, Set<String> neverRelaunch, boolean unsyncedDestroy,
      boolean escalateDestructive, boolean escalateRelaunch, double maxDollarsPerHour,
      double maxTotalUsd, Duration destructiveMinInterval, int stallKillsPerAttempt) {

    static Rules of(JsonNode y) {
      Map<String, Integer> per = new LinkedHashMap<>();
      y.path("retries").path("per_signature").fields()
          .forEachRemaining(e -> per.put(e.getKey(), e.getValue().asInt()));
      Set<String> never = new HashSet<>();
      y.path("never_relaunch").forEach(n -> never.add(n.asText()));
      return new Rules(y.path("name").asText(), y.path("retries").path("total").asInt(),
          duration(y.path("retries").path("window").asText()),
          y.path("retries").path("default_budget").asInt(), per, never,
          y.path("escalate").path("unsynced_destroy").asBoolean(),
          y.path("escalate").path("destructive").asBoolean(),
          y.path("escalate").path("relaunch").asBoolean(),
          y.path("spend").path("max_dollars_per_hour").asDouble(),
          y.path("spend").path("max_total_usd").asDouble(),
          duration(y.path("destructive_min_interval").asText()),
          y.path("stall_kills_per_attempt").asInt());
    }

    int budget(String signature) {
      Integer b = perSignature.get(signature);
      return b == null ? defaultBudget : b;
    }
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The scripted run as the executor keeps it. */
  private static final class World {
    int attempt = 1;
    final List<GuardState.RelaunchMark> relaunches = new ArrayList<>();
    int stallKills;
    Instant lastDestructive;
    boolean synced;
    String hold;
    double cost;
  }

  @Override
  public ChaosResult run(ChaosSettings settings) throws Exception {
    int sequences = settings.size(10_000, 150);
    Random rnd = new Random(settings.seed());
    List<Path> files;
    try (Stream<Path> s = Files.list(policies)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    Map<String, Long> byRule = new LinkedHashMap<>();
    for (String r : List.of("budget", "never_relaunch", "unsynced_destroy", "hold",
        "dri_escalation", "spend", "destructive_rate", "stall_kill", "seal")) {
      byRule.put(r, 0L);
    }
    List<String> examples = new ArrayList<>();
    long calls = 0;
    long allowed = 0;
    long allowedRelaunches = 0;
    for (Path file : files) {
      Rules rules = Rules.of(new YAMLMapper().readTree(file.toFile()));
      var policy = new PolicyLoader().load(file);
      List<String> signatures = new ArrayList<>(rules.perSignature().keySet());
      signatures.addAll(rules.neverRelaunch());
      signatures.addAll(EXTRA_SIGNATURES);
      for (int s = 0; s < sequences; s++) {
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        PolicyGuard guard = guards.apply(policy, clock);
        World w = new World();
        int length = 10 + rnd.nextInt(50);
        for (int c = 0; c < length; c++) {
          // Between calls: time passes (seconds to a day), a person holds or releases, the
          // newest checkpoint gets synced or a new unsynced one appears, money is spent.
          clock.advanceTo(clock.instant().plus(step(rnd)));
          if (rnd.nextInt(10) == 0) {
            w.hold = w.hold == null ? "don't relaunch before I look" : null;
          }
          if (rnd.nextInt(4) == 0) {
            w.synced = rnd.nextBoolean();
          }
          w.cost += rnd.nextDouble() * rules.maxTotalUsd() / 20;
          Action action = randomAction(rnd, signatures, rules);
          GuardState state = new GuardState("fuzz", w.attempt, w.relaunches, w.stallKills,
              w.lastDestructive, CheckpointCatalog.empty(), Set.of(), 1.0, w.cost, Set.of(),
              null, w.synced, w.hold);
          Decision d = guard.decide(action, state);
          calls++;
          if (!d.allowed()) {
            continue;
          }
          allowed++;
          for (String broken : oracle(rules, w, action, clock.instant())) {
            byRule.merge(broken, 1L, Long::sum);
            if (examples.size() < 5) {
              examples.add(rules.name() + ": " + broken + " allowed " + action.describe()
                  + " (hold=" + w.hold + ", synced=" + w.synced + ", relaunches="
                  + w.relaunches.size() + ")");
            }
          }
          apply(w, action, clock.instant());
          if (action instanceof Action.Relaunch) {
            allowedRelaunches++;
          }
        }
      }
    }
    long violations = byRule.values().stream().mapToLong(Long::longValue).sum();
    Map<String, String> f = new LinkedHashMap<>();
    byRule.forEach((k, v) -> f.put(k, Long.toString(v)));
    f.put("policies", Integer.toString(files.size()));
    f.put("tool_calls", Long.toString(calls));
    f.put("allowed", Long.toString(allowed));
    f.put("allowed_relaunches", Long.toString(allowedRelaunches));
    return new ChaosResult(name(), (long) sequences * files.size(), violations, violation(), f,
        examples, Duration.ZERO);
  }

  private static Duration step(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> Duration.ofSeconds(rnd.nextInt(60));
      case 1 -> Duration.ofMinutes(rnd.nextInt(30));
      case 2 -> Duration.ofHours(rnd.nextInt(3));
      default -> Duration.ofHours(rnd.nextInt(30));
    };
  }

  private static Action randomAction(Random rnd, List<String> signatures, Rules rules) {
    return switch (rnd.nextInt(13)) {
      case 0, 1, 2, 3 -> new Action.Relaunch(null, signatures.get(rnd.nextInt(signatures.size())),
          Map.of());
      case 4 -> new Action.DestroyInstance("i-" + rnd.nextInt(100), "done");
      case 5 -> new Action.SwitchInstance("slow host");
      case 6 -> new Action.KillTrainer(rnd.nextBoolean() ? "stall: no progress" : "requested");
      case 7 -> new Action.LaunchInstance("fuzz", rnd.nextDouble() * rules.maxDollarsPerHour() * 2);
      case 8 -> new Action.DeleteCheckpoint("/out/ckpt-" + rnd.nextInt(100));
      case 9 -> new Action.Seal("/out/final", rnd.nextBoolean());
      case 10 -> new Action.TailLog(200);
      case 11 -> new Action.CommentIssue("status: fine");
      default -> new Action.GpuStatus();
    };
  }

  /** The rules an allowed action broke, by the policy's words. */
  static List<String> oracle(Rules rules, World w, Action action, Instant now) {
    List<String> broken = new ArrayList<>();
    boolean restartsStopsOrReplaces = action instanceof Action.Relaunch
        || action instanceof Action.DestroyInstance || action instanceof Action.KillTrainer
        || action instanceof Action.SwitchInstance || action instanceof Action.LaunchInstance;
    boolean destructive = action instanceof Action.DestroyInstance
        || action instanceof Action.KillTrainer || action instanceof Action.SwitchInstance
        || action instanceof Action.DeleteCheckpoint;
    if (w.hold != null && restartsStopsOrReplaces) {
      broken.add("hold");
    }
    if (action instanceof Action.Relaunch r) {
      Instant since = now.minus(rules.window());
      long same = w.relaunches.stream().filter(m -> m.at().isAfter(since)
          && m.signature().equals(r.signature())).count();
      long total = w.relaunches.stream().filter(m -> m.at().isAfter(since)).count();
      if (same >= rules.budget(r.signature()) || total >= rules.total()) {
        broken.add("budget");
      }
      if (rules.neverRelaunch().contains(r.signature())) {
        broken.add("never_relaunch");
      }
      if (rules.escalateRelaunch()) {
        broken.add("dri_escalation");
      }
    }
    if ((action instanceof Action.DestroyInstance || action instanceof Action.SwitchInstance)
        && rules.unsyncedDestroy() && !w.synced) {
      broken.add("unsynced_destroy");
    }
    // "kill, destroy, switch, delete: only delete needs the DRI" (default) / "always" (hero)
    if (destructive && (rules.escalateDestructive() || action instanceof Action.DeleteCheckpoint)) {
      broken.add("dri_escalation");
    }
    if (destructive && w.lastDestructive != null
        && Duration.between(w.lastDestructive, now).compareTo(rules.destructiveMinInterval()) < 0) {
      broken.add("destructive_rate");
    }
    if (action instanceof Action.LaunchInstance l && l.dollarsPerHour() > rules.maxDollarsPerHour()) {
      broken.add("spend");
    }
    if ((action instanceof Action.Relaunch || action instanceof Action.LaunchInstance)
        && w.cost >= rules.maxTotalUsd()) {
      broken.add("spend");
    }
    if (action instanceof Action.KillTrainer k && k.reason().startsWith("stall")
        && w.stallKills >= rules.stallKillsPerAttempt()) {
      broken.add("stall_kill");
    }
    if (action instanceof Action.Seal s && !s.finalCheckpointComplete()) {
      broken.add("seal");
    }
    return broken;
  }

  /** What the executor records after an allowed action. */
  private static void apply(World w, Action action, Instant now) {
    if (action instanceof Action.Relaunch r) {
      w.relaunches.add(new GuardState.RelaunchMark(now, r.signature()));
      w.attempt++;
      w.stallKills = 0;
      w.synced = false;
    }
    if (action instanceof Action.KillTrainer k && k.reason().startsWith("stall")) {
      w.stallKills++;
    }
    if (action.destructive()) {
      w.lastDestructive = now;
    }
  }
}
