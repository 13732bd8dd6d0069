package dev.babysitter.agent.playbook;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.checkpoint.CheckpointCatalog;
import dev.babysitter.tools.provider.Instance;
import java.time.Instant;
import java.util.List;

/** The playbook's tests' run, spec, catalog and alerts. Default policy: idle_teardown_grace 10m. */
final class PlaybookFixture {
  static final Instant NOW = Instant.parse("2026-11-23T14:00:00Z");
  static final String ROOT = "/tmp/babysitter-test/runs/pb";
  static final String CKPT = ROOT + "/checkpoints";
  static final Playbook PLAYBOOK = new Playbook(Policies.defaults());

  static RunSpec spec(String onDone, String onFailed) throws Exception {
    String yaml = """
        name: pb
        dri: octocat
        goal: "reach step 200"
        command: "python3 train.py --out {output_root}"
        source: {git_sha: auto, allow_dirty: true}
        output_root: %s
        final_step: 200
        checkpoints:
          dir: "{output_root}/checkpoints"
          pattern: "step-{n}"
          complete_marker: metadata.json
        log: "{output_root}/train.log"
        provider: {kind: local}
        limits: {auto_destroy_after: 30m, max_cost_usd: 1, lease_timeout: 5m}
        teardown: {on_done: %s, on_failed: %s}
        issue: {repo: null, number: null}
        logbook: {repo: ., path: logbooks/pb.md}
        policy: policies/default.yaml
        """.formatted(ROOT, onDone, onFailed);
    return new RunSpecLoader().parse(yaml, "test");
  }

  static CheckpointCatalog catalog(String... entries) {
    List<CheckpointCatalog.Entry> list = new java.util.ArrayList<>();
    for (String e : entries) {
      boolean complete = !e.endsWith("?");
      list.add(new CheckpointCatalog.Entry(e.replace("?", ""), complete, NOW.minusSeconds(60)));
    }
    return CheckpointCatalog.of(CKPT, "step-{n}", list);
  }

  static RunRecord record() {
    RunRecord r = new RunRecord();
    r.runName = "pb";
    r.phase = "running";
    r.instance = new Instance("local-pb-4242", "pb", "local", ROOT, "file:" + ROOT, 0, "local");
    return r;
  }

  static Assessment alert(int attempt, Alert... alerts) {
    return new Assessment(Health.ALERT, List.of(alerts), null, null, null, null,
        WatchMemory.fresh(attempt), null);
  }

  static Assessment health(Health h) {
    return new Assessment(h, List.of(), null, null, null, null, WatchMemory.fresh(1), null);
  }

  static Alert crash(String signature) {
    return new Alert(AlertKind.CRASH, "NCCL error", signature);
  }

  static Alert stall() {
    return new Alert(AlertKind.STALL, "step 50 unchanged for 2 checks", "hang");
  }

  static List<Action> actions(List<Proposal> proposals) {
    return proposals.stream().map(Proposal::action).toList();
  }

  private PlaybookFixture() {}
}
