package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.logs.SecretScrubber;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004: "If approved dirty-tree changes were used, create a seal commit and tag
 * immediately so the actual operational state is recoverable." A real launch from a dirty work
 * tree (allowed by the spec) keeps the scrubbed patch; the seal commits it with the Final Seal,
 * and the pushed seal tag names that commit. A second seal never moves the tag.
 */
class DirtyTreeSealTest {
  static final String KEY = "sk-abcdefghijklmnopqrstuvwx";

  @Test
  void theSealCommitCarriesTheApprovedPatchAndTheTagNamesIt(@TempDir Path dir) throws Exception {
    LocalRunFixture run = new LocalRunFixture(dir, "dirty", "\"sleep 30\"", "{}",
        LocalRunFixture.demoPolicy());
    Files.writeString(run.specFile, Files.readString(run.specFile)
        + "source: {git_sha: auto, allow_dirty: true}\n");
    run.spec = new RunSpecLoader().load(run.specFile);
    Files.writeString(run.repo.resolve("trainer/extra.py"), "API_KEY = '" + KEY + "'\n"
        + "LR = 3e-4  # the approved change\n");

    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    try {
      assertThat(launched.refusal()).isNull();
      assertThat(launched.instance()).isNotNull();
    } finally {
      if (launched.instance() != null) {
        run.factory.provider(run.spec).destroy(launched.instance());
      }
    }
    RunRecord record = run.factory.store().load("dirty").orElseThrow();
    assertThat(record.sourcePatches).singleElement().satisfies(p -> {
      assertThat(p.hash()).matches("sha256:[0-9a-f]{64}");
      assertThat(p.scrubbed()).isTrue();
      assertThat(Path.of(p.file())).startsWith(run.factory.store().dirOf("dirty"));
    });
    String kept = Files.readString(Path.of(record.sourcePatches.get(0).file()));
    assertThat(kept).contains("trainer/extra.py", "LR = 3e-4").doesNotContain(KEY);
    Path logbook = run.factory.logbookFile(run.spec);
    assertThat(Files.readString(logbook)).contains("Dirty-tree patch",
        record.sourcePatches.get(0).hash());

    SecretScrubber scrubber = run.factory.scrubber(run.spec);
    Recorder recorder = run.factory.recorder(run.spec, scrubber::scrub);
    RunJournal journal = new RunJournal(recorder, scrubber::scrub, Clock.systemUTC(), "octocat",
        r -> { });
    Assessment done = new Assessment(Health.DONE, List.of(), null, null, null, null,
        WatchMemory.fresh(1), null);
    Action.Seal seal = new Action.Seal(run.spec.outputRoot() + "/checkpoints/step-60", true);
    journal.sealed(run.spec, record, seal, done);

    String patchPath = "logbooks/dirty/" + SourcePatches.fileName(
        record.sourcePatches.get(0).hash());
    String sealed;
    try (Git origin = Git.open(dir.resolve("origin.git").toFile())) {
      RevCommit tagged = taggedCommit(origin.getRepository(), "dirty/seal");
      assertThat(tagged).as("seal tag pushed to the origin").isNotNull();
      sealed = tagged.name();
      assertThat(tagged.getFullMessage()).startsWith("dirty: log final seal");
      assertThat(read(origin.getRepository(), tagged, patchPath)).isEqualTo(kept);
      assertThat(read(origin.getRepository(), tagged, "logbooks/dirty.md"))
          .contains("Final Seal", "Dirty-tree patch", "(dirty/" + SourcePatches.fileName(
              record.sourcePatches.get(0).hash()) + ")", "secrets scrubbed");
      // The patch came in with the seal, not before: the parent commit lacks it.
      assertThat(read(origin.getRepository(), tagged.getParent(0), patchPath)).isNull();
    }

    // Another run's logbook moves the branch on; a babysitter restarted after the seal seals
    // again: the tag stays put.
    Path other = run.repo.resolve("logbooks/other.md");
    Files.writeString(other, "# other: Run Logbook\n");
    recorder.commitFiles("other: start run logbook", List.of(other));
    journal.sealed(run.spec, record, seal, done);
    try (Git origin = Git.open(dir.resolve("origin.git").toFile())) {
      Repository repo = origin.getRepository();
      assertThat(repo.resolve("refs/heads/main").name()).isNotEqualTo(sealed);
      assertThat(taggedCommit(repo, "dirty/seal").name()).isEqualTo(sealed);
    }
    assertThat(Files.readString(logbook)).doesNotContain(KEY);
  }

  private static RevCommit taggedCommit(Repository repo, String name) throws Exception {
    Ref ref = repo.exactRef("refs/tags/" + name);
    if (ref == null) {
      return null;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      RevTag tag = walk.parseTag(ref.getObjectId());
      RevCommit c = walk.parseCommit(tag.getObject());
      walk.parseHeaders(c.getParent(0));
      return c;
    }
  }

  private static String read(Repository repo, RevCommit commit, String path) throws Exception {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(commit);
      try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
        return tw == null ? null : new String(repo.open(tw.getObjectId(0)).getBytes(),
            StandardCharsets.UTF_8);
      }
    }
  }
}
