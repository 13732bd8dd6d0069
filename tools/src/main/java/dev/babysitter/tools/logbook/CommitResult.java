package dev.babysitter.tools.logbook;

/**
 * Outcome of {@link GitJournal#commitAndPush}: the local commit always exists; {@code pushed}
 * says whether the remote has it, and {@code pushProblem} why not (null when pushed).
 */
public record CommitResult(String commitId, boolean pushed, String pushProblem) {}
