package dev.babysitter.tools.issues;

import java.time.Instant;

/** One comment on an issue; {@code id} is the tracker's id for it. */
public record IssueComment(long id, String author, String body, Instant createdAt) {}
