package dev.babysitter.tools.logbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/** A bare "origin" plus a clone with one pushed commit: the demo's stand-in for a hosted repo. */
final class BareSetup {
  private BareSetup() {}

  static void init(Path bare, Path workTree, String branch) {
    String ref = "refs/heads/" + branch;
    try {
      Git.init().setBare(true).setInitialBranch(branch).setDirectory(bare.toFile()).call().close();
      // init + configure rather than clone: cloning an empty repository leaves HEAD unborn.
      try (Git git = Git.init().setInitialBranch(branch).setDirectory(workTree.toFile()).call()) {
        StoredConfig config = git.getRepository().getConfig();
        config.setString("remote", "origin", "url", bare.toAbsolutePath().toUri().toString());
        config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
        config.setString("branch", branch, "remote", "origin");
        config.setString("branch", branch, "merge", ref);
        config.save();
        Files.writeString(workTree.resolve("README.md"),
            "# Run records\n\nLogbooks and status written by Babysitter.\n");
        git.add().addFilepattern("README.md").call();
        PersonIdent bot = new PersonIdent("babysitter", "babysitter@localhost");
        git.commit().setMessage("Start run records").setAuthor(bot).setCommitter(bot)
            .setSign(false).call();
        for (PushResult r : git.push().setRemote("origin").setRefSpecs(new RefSpec(ref + ":" + ref))
            .call()) {
          RemoteRefUpdate u = r.getRemoteUpdate(ref);
          if (u == null || u.getStatus() != RemoteRefUpdate.Status.OK) {
            throw new IllegalStateException("initial push failed: " + (u == null ? "no update"
                : u.getStatus()));
          }
        }
        git.fetch().setRemote("origin").call(); // sets refs/remotes/origin/<branch>
      }
    } catch (GitAPIException e) {
      throw new IllegalStateException("cannot set up " + bare + " and " + workTree, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
