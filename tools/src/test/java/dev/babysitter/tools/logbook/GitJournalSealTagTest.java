package dev.babysitter.tools.logbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seal tag on a real clone with a bare origin: annotated, pushed, never moved. */
class GitJournalSealTagTest {
  @TempDir Path tmp;
  Path bare;
  Path work;

  @BeforeEach
  void setUp() {
    bare = tmp.resolve("origin.git");
    work = tmp.resolve("work");
    GitJournal.initBareWithClone(bare, work, "main");
  }

  private GitJournal journal() {
    return GitJournal.open(work, "origin", "main", "babysitter-bot", "bot@example.invalid");
  }

  private String commitLogbook(GitJournal j, String text) throws Exception {
    Path log = work.resolve("logbooks/hero.md");
    Files.createDirectories(log.getParent());
    Files.writeString(log, text);
    return j.commitAndPush("hero: log " + text, log).commitId();
  }

  /** The tag as the bare origin has it: its own object and the commit it names. */
  private RevTag bareTag(String name) throws Exception {
    try (Git g = Git.open(bare.toFile()); RevWalk walk = new RevWalk(g.getRepository())) {
      Repository repo = g.getRepository();
      Ref ref = repo.exactRef("refs/tags/" + name);
      return ref == null ? null : walk.parseTag(ref.getObjectId());
    }
  }

  @Test
  void annotatedTagOnTheSealingCommitIsPushed() throws Exception {
    try (GitJournal j = journal()) {
      String seal = commitLogbook(j, "final seal");
      TagResult tag = j.tagAndPush("hero/seal", "hero: sealed at step 5000");
      assertThat(tag.created()).isTrue();
      assertThat(tag.pushed()).isTrue();
      assertThat(tag.commit()).isEqualTo(seal);
    }
    RevTag onOrigin = bareTag("hero/seal");
    assertThat(onOrigin).as("annotated tag on the origin").isNotNull();
    assertThat(onOrigin.getObject().name()).isEqualTo(
        ObjectId.fromString(journalHead()).name());
    assertThat(onOrigin.getFullMessage()).contains("sealed at step 5000");
    assertThat(onOrigin.getTaggerIdent().getName()).isEqualTo("babysitter-bot");
  }

  @Test
  void anExistingTagIsNeverMoved() throws Exception {
    String first;
    try (GitJournal j = journal()) {
      first = commitLogbook(j, "milestone");
      j.tagAndPush("hero/seal", "first");
      commitLogbook(j, "later entry");
      TagResult again = j.tagAndPush("hero/seal", "second");
      assertThat(again.created()).isFalse();
      assertThat(again.commit()).isEqualTo(first);
      assertThat(again.pushed()).isTrue();
    }
    assertThat(bareTag("hero/seal").getObject().name()).isEqualTo(first);
    assertThat(bareTag("hero/seal").getFullMessage()).contains("first");
  }

  @Test
  void aTagAnotherCloneSealedFirstIsKept() throws Exception {
    // Another clone sealed first; the rebase of our next commit fetches its tag: kept as is.
    Path other = tmp.resolve("other");
    Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(other.toFile())
        .setBranch("main").call().close();
    String theirs;
    try (GitJournal o = GitJournal.open(other, "origin", "main", "someone", "s@example.invalid")) {
      Path f = other.resolve("x.md");
      Files.writeString(f, "theirs");
      theirs = o.commitAndPush("theirs", f).commitId();
      assertThat(o.tagAndPush("hero/seal", "theirs").pushed()).isTrue();
    }
    try (GitJournal j = journal()) {
      commitLogbook(j, "ours");
      TagResult ours = j.tagAndPush("hero/seal", "ours");
      assertThat(ours.created()).isFalse();
      assertThat(ours.commit()).isEqualTo(theirs);
    }
    assertThat(bareTag("hero/seal").getObject().name()).isEqualTo(theirs);
  }

  @Test
  void aTagOnlyTheRemoteHasIsNeverForced() throws Exception {
    // The origin has the tag on an older commit; we have not fetched it and tag our HEAD.
    Path other = tmp.resolve("other");
    String old;
    try (Git o = Git.cloneRepository().setURI(bare.toUri().toString())
        .setDirectory(other.toFile()).setBranch("main").call()) {
      old = o.getRepository().resolve("refs/heads/main").name();
      o.tag().setName("hero/seal").setMessage("old seal").setAnnotated(true).setSigned(false)
          .call();
      o.push().setRemote("origin").add("refs/tags/hero/seal").call();
    }
    try (GitJournal j = journal()) {
      commitLogbook(j, "ours");
      TagResult ours = j.tagAndPush("hero/seal", "ours");
      assertThat(ours.pushed()).isFalse();
      assertThat(ours.pushProblem()).contains("never forced");
    }
    assertThat(bareTag("hero/seal").getObject().name()).isEqualTo(old);
  }

  private String journalHead() throws Exception {
    try (Git g = Git.open(work.toFile())) {
      return g.getRepository().resolve("refs/heads/main").name();
    }
  }
}
