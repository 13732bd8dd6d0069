package dev.babysitter.agent.bench;

import java.time.Duration;

/** The ways of watching a run that the benchmark compares on the same fault schedule. */
public enum Strategy {
  OURS("ours (the product's RunController)", null),
  POLL_15("fixed 15-min polling", Duration.ofMinutes(15)),
  POLL_30("fixed 30-min polling", Duration.ofMinutes(30)),
  LLM_5("LLM agent every 5 min", Duration.ofMinutes(5)),
  MARIN_15("marin_15: LLM agent every 15 min", Duration.ofMinutes(15)),
  SKYPILOT("skypilot managed job (+ a look every 8 h)", Duration.ofSeconds(15)),
  DSTACK("dstack retry + utilization_policy (+ a look every 8 h)", Duration.ofSeconds(30)),
  NONE("no babysitter (look every 8 h)", Duration.ofHours(8));

  private final String title;
  private final Duration interval;

  Strategy(String title, Duration interval) {
    this.title = title;
    this.interval = interval;
  }

  public String title() {
    return title;
  }

  /** Fixed polling interval; null for ours, whose cadence comes from the product. */
  public Duration interval() {
    return interval;
  }

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
