package dev.babysitter.agent.run;

/**
 * One thing wrong with a run spec.
 *
 * @param path the field path in YAML spelling, e.g. {@code provider.gpu} or {@code env.MY_VAR};
 *     a parenthesised word such as {@code (file)}, {@code (syntax)} or {@code (document)} when the
 *     problem is with the file as a whole
 * @param reason what is wrong, in words a person can act on
 */
public record SpecProblem(String path, String reason) {

  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
