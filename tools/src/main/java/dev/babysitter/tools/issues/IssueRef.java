package dev.babysitter.tools.issues;

/** An issue on a tracker: {@code repo} is "owner/name", {@code url} what a person opens. */
public record IssueRef(String repo, int number, String url) {
  /**
   * The run's issue before it exists (the tracker was unreachable at launch): comments addressed
   * to it wait in the outbox until {@link Outbox#assign} names the real issue.
   */
  public static IssueRef notYetCreated(String repo) {
    return new IssueRef(repo == null ? "" : repo, 0, null);
  }

  public boolean created() {
    return number > 0;
  }
}
