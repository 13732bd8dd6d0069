package dev.babysitter.tools.logbook;

/**
 * What became of a seal tag: the commit it names (an existing tag keeps its own commit: tags
 * are never moved), whether we created it now, and why the remote does not have it, or null.
 */
public record TagResult(String name, String commit, boolean created, String pushProblem) {
  public boolean pushed() {
    return pushProblem == null;
  }
}
