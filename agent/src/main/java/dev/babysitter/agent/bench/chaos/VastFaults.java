package dev.babysitter.agent.bench.chaos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.session.Reconciliation;
import dev.babysitter.agent.session.RunController;
import dev.babysitter.tools.provider.Instance;
import dev.babysitter.tools.provider.InstanceState;
import dev.babysitter.tools.provider.LaunchRequest;
import dev.babysitter.tools.provider.VastProvider;
import dev.babysitter.tools.provider.VastSettings;
import dev.babysitter.tools.shell.Backoff;
import dev.babysitter.tools.shell.Sleeper;
import dev.babysitter.tools.supervisor.SupervisorConfig;
import dev.babysitter.tools.vast.VastClient;
import dev.babysitter.tools.vast.VastCredentials;
import dev.babysitter.tools.vast.VastException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * Vast's API misbehaving under the real client and provider: {@link FaultyVast} injects a
 * fault budget (1,000 in the full run) into a share of the requests while runs go through
 * launch, park (stop), unpark (start), reconcile, a host switch and destroy, each step retried
 * at the next "check" when it fails, as a babysitter would. The switch is the controller's
 * (see {@code RunController.switchHost}): the old instance destroyed first, then the launcher's
 * own request through a {@link RunController.FreshLaunch}. Counts against the backend's own
 * books: duplicate creates (a create while the run already had a live instance), lost
 * instances (the babysitter holds an id the backend no longer has for the run, or reconcile
 * marks the run lost), orphans (a live instance left after the run's destroy, or beside the
 * new one after a switch) and switches that left the old instance alive. Goal 0 each.
 */
public final class VastFaults implements ChaosExperiment {
  /** How many checks a step gets before the run is given up (then counted, never hidden). */
  private static final int CHECKS = 40;

  @Override
  public String name() {
    return "vast-faults";
  }

  @Override
  public String violation() {
    return "duplicates orphans lost";
  }

  @Override
  public ChaosResult run(ChaosSettings settings) throws Exception {
    int budget = settings.size(1000, 60);
    String key = "chaos-key-0123456789abcdef";
    FaultyVast backend = new FaultyVast(key, settings.seed(), 0.3, budget, 1500, 150);
    WireMockServer wm = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
        .dynamicPort().containerThreads(8).extensions(backend));
    wm.start();
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    AtomicLong backedOffMs = new AtomicLong();
    Sleeper sleeper = d -> backedOffMs.addAndGet(d.toMillis()); // simulated time: no waiting
    Counts c = new Counts();
    List<String> examples = new ArrayList<>();
    try {
      // The production client's settings but for the timeouts, which the faults' delays
      // straddle: a slow reply arrives in time, a timed-out one after the client gave up.
      OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2))
          .readTimeout(Duration.ofMillis(700)).callTimeout(Duration.ofSeconds(5)).build();
      Backoff backoff = new Backoff(5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));
      VastClient client = new VastClient("http://127.0.0.1:" + wm.port(),
          VastCredentials.of(key, "chaos"), http, backoff, backoff, sleeper);
      Path dir = settings.workDir().resolve("vast");
      VastProvider provider = new VastProvider(client, new VastSettings(List.of("RTX_4090"),
          1, 1.0, "pytorch/pytorch:2.4.0", 40, null, dir.resolve("id_ed25519"),
          dir.resolve("state"), null, "/workspace", backoff, Duration.ofSeconds(2)), sleeper);
      int cycle = 0;
      while (backend.faults() < budget && cycle < budget * 4) {
        cycle(provider, client, backend, "chaos-" + cycle, c, examples);
        cycle++;
      }
      c.cycles = cycle;
      List<Long> left = backend.allLive().stream().filter(id -> !c.counted.contains(id))
          .toList();
      c.orphans += left.size();
      if (!left.isEmpty() && examples.size() < 5) {
        examples.add("live at the end: " + left);
      }
    } finally {
      wm.stop();
    }
    c.duplicates = backend.duplicateCreates();
    backend.duplicates().stream().limit(Math.max(0, 5 - examples.size()))
        .forEach(examples::add);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("faults", Integer.toString(backend.faults()));
    f.put("cycles", Long.toString(c.cycles));
    f.put("duplicate_creates", Long.toString(c.duplicates));
    f.put("orphans", Long.toString(c.orphans));
    f.put("lost", Long.toString(c.lost));
    f.put("switches", Long.toString(c.switches));
    f.put("switch_old_alive", Long.toString(c.switchOldAlive));
    f.put("given_up", Long.toString(c.givenUp));
    f.put("creates", Integer.toString(backend.creates()));
    f.put("failed_steps", Long.toString(c.failedSteps));
    f.put("create_replies_lost", Integer.toString(backend.lostCreateReplies()));
    backend.injected().forEach((k, v) -> f.put(k.name().toLowerCase(), Integer.toString(v)));
    f.put("backoff_simulated_s", Long.toString(backedOffMs.get() / 1000));
    return new ChaosResult(name(), backend.faults(), c.duplicates + c.orphans + c.lost
        + c.switchOldAlive,
        violation(), f, examples, Duration.ZERO);
  }

  private static final class Counts {
    long cycles;
    long duplicates;
    long orphans;
    long lost;
    long givenUp;
    long failedSteps;
    long switches;
    long switchOldAlive;
    final java.util.Set<Long> counted = new java.util.HashSet<>();
  }

  /** A step of a run that the babysitter retries at its next check when it fails. */
  private interface Step<T> {
    T call() throws IOException;
  }

  private static <T> T retried(String what, Step<T> step, Counts c) throws GiveUp {
    IOException last = null;
    for (int check = 0; check < CHECKS; check++) {
      try {
        return step.call();
      } catch (IOException e) {
        c.failedSteps++;
        last = e;
      }
    }
    throw new GiveUp(what + " failed " + CHECKS + " times; last: " + last);
  }

  private static final class GiveUp extends Exception {
    GiveUp(String message) {
      super(message);
    }
  }

  private static void cycle(VastProvider provider, VastClient client, FaultyVast backend,
      String run, Counts c, List<String> examples) {
    String label = VastSettings.labelFor(run);
    LaunchRequest request = new LaunchRequest(run, SupervisorConfig.of(run, "python3 train.py",
        Path.of("/workspace/code"), Path.of("/workspace/out/" + run), 1000,
        Path.of("/workspace/out/" + run + "/train.log")), Map.of());
    Instance inst = null;
    try {
      inst = retried("launch " + run, () -> provider.launch(request), c);
      lostCheck(backend, label, inst, "after launch", c, examples);
      final Instance held = inst;
      // Until it runs, as the babysitter waits for it (the backend moves on each read).
      for (int i = 0; i < 4; i++) {
        if (retried("state " + run, () -> provider.state(held), c) == InstanceState.RUNNING) {
          break;
        }
      }
      retried("park " + run, () -> {
        provider.park(held);
        return null;
      }, c);
      if (!retried("unpark " + run, () -> provider.unpark(held), c)) {
        c.lost++;
        note(examples, run + ": unpark says instance " + held.id() + " is gone");
      }
      lostCheck(backend, label, inst, "after park and unpark", c, examples);
      RunRecord record = new RunRecord();
      record.runName = run;
      record.phase = "running";
      record.instance = inst;
      List<Reconciliation.Proposal> plan = retried("reconcile " + run,
          () -> Reconciliation.plan(client.listInstances(), List.of(record)), c);
      for (Reconciliation.Proposal p : plan) {
        if (p.kind() == Reconciliation.Kind.MARK_LOST) {
          c.lost++;
          note(examples, run + ": reconcile marks it lost: " + p.reason());
        } else if (p.kind() == Reconciliation.Kind.DESTROY_ORPHAN) {
          note(examples, run + ": reconcile found an orphan " + p.instanceId() + " ("
              + p.reason() + ")");
          retried("destroy orphan " + p.instanceId(),
              () -> client.destroy(Long.parseLong(p.instanceId())), c);
        }
      }
      // The host switch, as the controller does it: destroy the old, then launch anew.
      RunController.FreshLaunch fresh = (avoid, from) -> provider.launch(request.avoiding(avoid)
          .resumingFrom(from));
      retried("switch: destroy " + held.id(), () -> {
        provider.destroy(held);
        return null;
      }, c);
      inst = null; // from here the run's instance is the new one, once launched
      inst = retried("switch: launch anew " + run, () -> fresh.launch(java.util.Set.of(), null),
          c);
      c.switches++;
      switched(backend, label, held, inst, c, examples);
      final Instance moved = inst;
      retried("destroy " + run, () -> {
        provider.destroy(moved);
        return null;
      }, c);
    } catch (GiveUp e) {
      c.givenUp++;
      note(examples, run + ": " + e.getMessage());
      if (inst == null) {
        return;
      }
    }
    List<Long> left = backend.liveLabelled(label);
    if (!left.isEmpty()) {
      c.orphans += left.size();
      c.counted.addAll(left);
      note(examples, run + ": live after its destroy: " + left);
      // Leave the books clean for the next cycle: the end-of-run count would count them again.
      for (long id : left) {
        try {
          client.destroy(id);
        } catch (VastException ignored) {
          // counted already
        }
      }
    }
  }

  /**
   * After a switch the run has exactly one live instance, the new one the babysitter holds; the
   * old one is destroyed (alive beside it, it is an orphan that bills on).
   */
  private static void switched(FaultyVast backend, String label, Instance old, Instance now,
      Counts c, List<String> examples) {
    lostCheck(backend, label, now, "after a switch", c, examples);
    long oldId = Long.parseLong(old.id());
    if (backend.liveLabelled(label).contains(oldId) || oldId == Long.parseLong(now.id())) {
      c.switchOldAlive++;
      note(examples, label + " switched from " + old.id() + " to " + now.id() + " but the old "
          + "one is " + backend.statusOf(oldId));
    }
    List<Long> others = backend.liveLabelled(label).stream()
        .filter(id -> id != oldId && id != Long.parseLong(now.id())).toList();
    if (!others.isEmpty()) {
      c.orphans += others.size();
      c.counted.addAll(others);
      note(examples, label + " after a switch to " + now.id() + " also has " + others);
    }
  }

  /** The id the babysitter holds must be the run's one live instance at the backend. */
  private static void lostCheck(FaultyVast backend, String label, Instance inst, String when,
      Counts c, List<String> examples) {
    List<Long> live = backend.liveLabelled(label);
    if (!live.contains(Long.parseLong(inst.id()))) {
      c.lost++;
      note(examples, label + " " + when + ": babysitter holds " + inst.id()
          + " but the backend has " + live + " (" + backend.statusOf(Long.parseLong(inst.id()))
          + ")");
    }
  }

  private static void note(List<String> examples, String s) {
    if (examples.size() < 5) {
      examples.add(s);
    }
  }
}
