package dev.babysitter.agent.cli;

import dev.babysitter.tools.issues.GitHubToken;
import dev.babysitter.tools.issues.IssueTracker;
import dev.babysitter.tools.issues.IssueTrackerException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Who is answering an escalation from this machine. Where the run's issue lives on GitHub the
 * token's owner, as GitHub reports it, is the answer and nothing local can override it. Without
 * such a tracker there is nothing to verify against, so the first claim wins:
 * {@code BABYSITTER_LOGIN}, then gh's active user, then the OS user. The source is always
 * recorded, so the logbook says how much to trust it.
 *
 * @param verified whether the tracker vouched for the login
 */
record Approver(String login, String source, boolean verified) {

  static Approver resolve(IssueTracker tracker, Map<String, String> env, Path home,
      String osUser) throws UserException {
    Optional<String> fromTracker;
    try {
      fromTracker = tracker.verifiedLogin();
    } catch (IssueTrackerException e) {
      // Falling back to a local claim here would let an outage skip the check: refuse instead.
      throw new UserException("cannot verify who you are on " + tracker.describe() + ": "
          + e.getMessage() + "; try again, or answer on the issue with /approve ID or /deny ID",
          ExitCodes.REFUSED);
    }
    if (fromTracker.isPresent()) {
      return new Approver(fromTracker.get(), "the GitHub token's owner (GET /user)", true);
    }
    String claimed = env.get("BABYSITTER_LOGIN");
    if (claimed != null && !claimed.isBlank()) {
      return new Approver(claimed.strip(), "BABYSITTER_LOGIN", false);
    }
    Optional<String> ghUser = GitHubToken.find(Map.of(), home, GitHubToken.DEFAULT_HOST)
        .map(GitHubToken::login).filter(l -> !l.isBlank());
    if (ghUser.isPresent()) {
      return new Approver(ghUser.get(), "gh's active account in hosts.yml", false);
    }
    return new Approver(osUser, "the local user name", false);
  }

  boolean is(String dri) {
    return login.equalsIgnoreCase(dri);
  }

  String describe() {
    return login + " (" + source + (verified ? ", verified" : ", unverified") + ")";
  }
}
