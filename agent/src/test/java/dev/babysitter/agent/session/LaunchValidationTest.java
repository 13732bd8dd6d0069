package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.run.ApprovalFile;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 004's pre-launch gate, on a real git work tree. */
class LaunchValidationTest {

  private static RunSpec spec(Path dir, String extra) throws Exception {
    Path file = dir.resolve("spec-" + Math.abs(extra.hashCode()) + ".yaml");
    Files.writeString(file, String.join("\n", "name: tiny", "dri: octocat",
        "command: \"python3 train.py --out {output_root} --key sk-abcdefghijklmnopqrstuvwx\"",
        "output_root: " + dir.resolve("out"), "final_step: 100",
        "limits: {auto_destroy_after: 1h}", "policy: policies/demo.yaml", extra, ""));
    return new RunSpecLoader().load(file);
  }

  @Test
  void dirtyTreeIsRefusedUnlessAllowedAndThePatchHashIsRecorded(@TempDir Path dir)
      throws Exception {
    Path repo = dir.resolve("repo");
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile())
        .call()) {
      Files.writeString(repo.resolve("train.py"), "print('hi')\n");
      git.add().addFilepattern("train.py").call();
      git.commit().setMessage("init").setAuthor("t", "t@x.invalid")
          .setCommitter("t", "t@x.invalid").setSign(false).call();
    }
    LaunchCheck.Outcome clean = LaunchCheck.of(spec(dir, ""), repo, Map.of(), s -> s
        .replace("sk-abcdefghijklmnopqrstuvwx", "[REDACTED]"));
    assertThat(clean.problems()).isEmpty();
    assertThat(clean.shown().get("Dirty tree")).isEqualTo("no");
    assertThat(clean.shown().get("Git SHA")).matches("[0-9a-f]{40} \\(inferred: HEAD of .*");
    assertThat(clean.shown().get("Command")).contains("[REDACTED]")
        .doesNotContain("sk-abcdefghij");
    assertThat(clean.shown().get("Final step")).startsWith("100 (from the run spec");
    assertThat(clean.shown().get("W&B")).contains("(inferred");

    Files.writeString(repo.resolve("train.py"), "print('changed')\n");
    LaunchCheck.Outcome dirty = LaunchCheck.of(spec(dir, ""), repo, Map.of(), s -> s);
    assertThat(dirty.problems()).singleElement().asString().contains("dirty", "train.py",
        "allow_dirty", "sha256:");
    assertThat(dirty.source().patchHash()).matches("sha256:[0-9a-f]{64}");

    LaunchCheck.Outcome allowed = LaunchCheck.of(spec(dir,
        "source: {git_sha: auto, allow_dirty: true}"), repo, Map.of(), s -> s);
    assertThat(allowed.problems()).isEmpty();
    assertThat(allowed.shown().get("Dirty tree")).contains("yes", dirty.source().patchHash(),
        "allowed by source.allow_dirty");

    Files.writeString(repo.resolve("train.py"), "print('changed again')\n");
    assertThat(SourceIdentity.of(repo).patchHash()).isNotEqualTo(dirty.source().patchHash());
  }

  @Test
  void initializeFromNeedsANumericStepAndItsMetadata(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("prev/checkpoints/step-1500");
    Files.createDirectories(ckpt);
    String from = "initialize_from: " + ckpt;

    LaunchCheck.Outcome missing = LaunchCheck.of(spec(dir, from), dir, Map.of(), s -> s);
    assertThat(missing.problems()).singleElement().asString().contains("metadata.json",
        "missing");
    assertThat(missing.shown().get("`initialize_from`")).contains("step 1500", "MISSING");

    Files.writeString(ckpt.resolve("metadata.json"), "{}");
    LaunchCheck.Outcome ok = LaunchCheck.of(spec(dir, from), dir, Map.of(), s -> s);
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.shown().get("`initialize_from`")).contains("step 1500", "present");

    Path odd = dir.resolve("prev/checkpoints/latest");
    Files.createDirectories(odd);
    Files.writeString(odd.resolve("metadata.json"), "{}");
    // a path without a numeric step never gets this far: the spec loader refuses it
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> spec(dir, "initialize_from: " + odd))
        .hasMessageContaining("no numeric step");
  }

  @Test
  void driftListsWhatChangedAndHidesEnvValues(@TempDir Path dir) throws Exception {
    RunSpec before = spec(dir, "env: {WANDB_API_KEY: old-secret, SEED: \"1\"}");
    RunSpec after = spec(dir, "env: {WANDB_API_KEY: new-secret, SEED: \"1\"}\n"
        + "checkpoints: {dir: \"{output_root}/ck\", pattern: \"step-{n}\", "
        + "complete_marker: metadata.json}");
    Map<String, String> snap = LaunchCheck.snapshot(before, s -> s);

    LaunchCheck.Outcome o = LaunchCheck.of(after, dir, snap, s -> s);

    assertThat(o.drift()).hasSize(2);
    assertThat(String.join("\n", o.drift())).contains("checkpoints:", "/ck", "env.WANDB_API_KEY")
        .doesNotContain("secret");
    assertThat(LaunchCheck.of(before, dir, snap, s -> s).drift()).isEmpty();
  }

  @Test
  void aNewSetupOrSyncCommandIsDrift(@TempDir Path dir) throws Exception {
    RunSpec before = spec(dir, "");
    RunSpec after = spec(dir, "setup: \"pip install -r requirements.txt\"\n"
        + "checkpoints: {dir: \"{output_root}/checkpoints\", pattern: \"step-{n}\", "
        + "complete_marker: metadata.json, sync: \"cp -r {checkpoint} /durable/\"}");

    LaunchCheck.Outcome o = LaunchCheck.of(after, dir, LaunchCheck.snapshot(before, s -> s),
        s -> s);

    assertThat(String.join("\n", o.drift())).contains("setup", "pip install",
        "checkpoints.sync", "/durable/");
  }

  @Test
  void launcherRefusesADirtyTreeAndEscalatesDriftUntilApproved(@TempDir Path dir)
      throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, "gate", "\"sleep 30\"", "{}",
        LocalRunFixture.demoPolicy());
    RunLauncher launcher = new RunLauncher(run.factory, Clock.systemUTC());

    Files.writeString(run.repo.resolve("trainer/extra.py"), "x = 1\n");
    RunLauncher.Result dirty = launcher.launch(run.spec, run.specFile, run.repo);
    assertThat(dirty.refusal()).isInstanceOf(Decision.Deny.class);
    assertThat(dirty.refusal().rule()).isEqualTo("launch-validation");
    assertThat(dirty.instance()).isNull();
    Path logbook = run.factory.logbookFile(run.spec);
    assertThat(Files.readString(logbook)).contains("decision: launch_instance deny",
        "launch-validation", "dirty");
    Files.delete(run.repo.resolve("trainer/extra.py"));

    // A previous launch with another final step: the relaunch differs from it.
    RunRecord record = run.factory.store().load("gate").orElseThrow();
    Map<String, String> previous = new TreeMap<>(LaunchCheck.snapshot(run.spec, s -> s));
    previous.put("final_step", "50");
    record.launchedSpec = previous;
    run.factory.store().save(record);

    RunLauncher.Result drifted = launcher.launch(run.spec, run.specFile, run.repo);
    assertThat(drifted.refusal()).isInstanceOf(Decision.Escalate.class);
    String id = ((Decision.Escalate) drifted.refusal()).approvalId();
    assertThat(drifted.refusal().reason()).contains("final_step: `50` -> `60`");
    assertThat(Files.readString(logbook)).contains("config drift " + id, "final_step");
    // the same drift again is the same escalation, not a second one
    assertThat(((Decision.Escalate) launcher.launch(run.spec, run.specFile, run.repo)
        .refusal()).approvalId()).isEqualTo(id);
    assertThat(run.factory.store().load("gate").orElseThrow().escalations).containsOnlyKeys(id);

    ApprovalFile.of(run.factory.store(), "gate").append(new ApprovalFile.Entry("approve", id,
        "octocat", "cli", Instant.now(), ""));
    RunLauncher.Result approved = launcher.launch(run.spec, run.specFile, run.repo);
    try {
      assertThat(approved.refusal()).isNull();
      assertThat(approved.instance()).isNotNull();
      RunRecord after = run.factory.store().load("gate").orElseThrow();
      assertThat(after.escalations.get(id).status()).isEqualTo("used");
      assertThat(after.launchedSpec.get("final_step")).isEqualTo("60");
      assertThat(Files.readString(logbook)).contains("approval " + id + " used");
    } finally {
      if (approved.instance() != null) {
        run.factory.provider(run.spec).destroy(approved.instance());
      }
    }
  }
}
