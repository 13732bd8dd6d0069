package dev.babysitter.agent.bench;

import dev.babysitter.agent.policy.Policy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** `bench sim`: every run of the schedule under every strategy, then the figures. */
public final class SimBench {
  /** What the run was asked to do, kept with the figures so they can be reproduced. */
  public record Params(int runs, long seed, double rateScale, double dollarsPerGpuHour,
      long tokensPerWakeupExample, String source) {}

  public record Result(Params params, List<StrategyFigures> strategies,
      Map<Strategy, List<RunOutcome>> outcomes) {}

  private final Policy policy;
  private final TokenEstimate tokens;

  public SimBench(Policy policy, TokenEstimate tokens) {
    this.policy = policy;
    this.tokens = tokens;
  }

  public Result run(int runs, long seed, double rateScale, double dollarsPerGpuHour) {
    List<RunPlan> plans = new FaultSchedule(seed, rateScale).plans(runs);
    SimRunner runner = new SimRunner(policy, tokens, dollarsPerGpuHour);
    Map<Strategy, List<RunOutcome>> outcomes = new EnumMap<>(Strategy.class);
    List<StrategyFigures> figures = new ArrayList<>();
    for (Strategy s : Strategy.values()) {
      List<RunOutcome> list = new ArrayList<>();
      for (RunPlan plan : plans) {
        list.add(runner.run(plan, s));
      }
      outcomes.put(s, list);
      figures.add(StrategyFigures.of(s, list, dollarsPerGpuHour));
    }
    long example = tokens.promptChars() / 4 + 200L * 90 / 4;
    return new Result(new Params(runs, seed, rateScale, dollarsPerGpuHour, example,
        "shared/reference/failure-rates.md §c1 (L3, RSC, BR, MS, BLOOM, OPT, LAB, PT)"),
        figures, outcomes);
  }
}
