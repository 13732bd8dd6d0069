package dev.babysitter.tools.issues;

/** An issue on a tracker: {@code repo} is "owner/name", {@code url} what a person opens. */
public record IssueRef(String repo, int number, String url) {}
