package dev.babysitter.agent.bench;

import java.time.Duration;
import java.util.List;

/**
 * Everything random about one simulated run, drawn once from the seed so that every strategy
 * meets exactly the same run, the same faults at the same training steps, and the same human
 * and restart delays (consumed in order). {@code startup}: the first launch's silent phase (image
 * pull, data download: no log line, GPU idle); {@code unparkRefused}: whether starting a parked
 * instance fails because its GPUs were rented meanwhile, per park in order.
 */
public record RunPlan(int id, int gpus, double stepsPerSecond, long finalStep, long ckptEvery,
    Duration saveTime, long evalEvery, Duration evalTime, List<Fault> faults,
    List<Long> burstSteps, List<Duration> restarts, List<Duration> hostMoves,
    List<Duration> humanDelays, Duration startup, List<Boolean> unparkRefused) {

  public RunPlan {
    faults = List.copyOf(faults);
    burstSteps = List.copyOf(burstSteps);
    restarts = List.copyOf(restarts);
    hostMoves = List.copyOf(hostMoves);
    humanDelays = List.copyOf(humanDelays);
    unparkRefused = List.copyOf(unparkRefused);
  }

  /**
   * A fault that strikes when training first reaches {@code step}. {@code factor}: remaining
   * throughput for a slowdown; {@code delay}: NCCL watchdog time or preemption resume wait;
   * {@code sticky}: a hardware fault whose host fails again after a plain restart.
   */
  public record Fault(FaultKind kind, long step, double factor, Duration delay, boolean sticky) {}

  /** Nominal training time, without saves, evals or faults. */
  public Duration nominal() {
    return Duration.ofSeconds((long) (finalStep / stepsPerSecond));
  }

  static <T> T nth(List<T> draws, int i) {
    return draws.get(Math.floorMod(i, draws.size()));
  }
}
