package dev.babysitter.tools.issues;

import java.util.List;

/** Where a run's concise status goes: GitHub issues in production, {@link LocalIssues} locally. */
public interface IssueTracker {
  IssueRef create(String title, String body, List<String> labels) throws IssueTrackerException;

  /** Posts {@code body} verbatim as the tracker's own login; callers add any prefix. */
  IssueComment comment(IssueRef issue, String body) throws IssueTrackerException;

  /** All comments of the issue, oldest first. */
  List<IssueComment> comments(IssueRef issue) throws IssueTrackerException;

  /**
   * The account this tracker acts as, as the tracker itself reports it (GitHub: {@code GET
   * /user} with the token): proof of who holds the credentials. Empty where the tracker has no
   * accounts of its own (the local store).
   */
  default java.util.Optional<String> verifiedLogin() throws IssueTrackerException {
    return java.util.Optional.empty();
  }

  /** A short human description for status lines and logs. */
  default String describe() {
    return getClass().getSimpleName();
  }
}
