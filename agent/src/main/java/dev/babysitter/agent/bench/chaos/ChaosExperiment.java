package dev.babysitter.agent.bench.chaos;

/**
 * One chaos, fault or fuzz experiment of {@code babysitter bench chaos}. Each runs real product
 * code against injected faults and counts what went wrong against an oracle of its own; none
 * reports a figure it did not measure.
 */
public interface ChaosExperiment {

  /** A short stable name, for {@code --only} and the table. */
  String name();

  /** What a violation is, in a few words (the goal is always 0 violations). */
  String violation();

  ChaosResult run(ChaosSettings settings) throws Exception;
}
