package dev.babysitter.agent.run;

import java.util.List;

/** A run spec that must not be launched, with every problem found, not just the first. */
public final class InvalidSpecException extends Exception {

  private final String source;
  private final List<SpecProblem> problems;

  public InvalidSpecException(String source, List<SpecProblem> problems) {
    super(message(source, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid spec needs at least one problem");
    }
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The file name or other label the spec was read from. */
  public String source() {
    return source;
  }

  public List<SpecProblem> problems() {
    return problems;
  }

  private static String message(String source, List<SpecProblem> problems) {
    StringBuilder sb = new StringBuilder("run spec ").append(source).append(" has ")
        .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
    for (SpecProblem p : problems) {
      sb.append("\n  - ").append(p);
    }
    return sb.toString();
  }
}
