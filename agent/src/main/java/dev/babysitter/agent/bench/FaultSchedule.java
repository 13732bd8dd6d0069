package dev.babysitter.agent.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Draws the runs and their faults from a seed. Parameters are the base values of
 * shared/reference/failure-rates.md §c1 (single node, 1-8 GPUs, rented, 24-72 h); the ones that
 * reference marks (inference) are marked here too. {@code rateScale} multiplies the per-day
 * rates, to stay within the sweep ranges of §c1 when more faults per kind are wanted.
 */
public final class FaultSchedule {
  /** Per 8-GPU node-day: hardware crash 0.02 (RSC 8-GPU MTTF 47.7 d; L3; LAB; BLOOM). */
  static final double HW_PER_DAY_8GPU = 0.02;
  /** Host offline, on demand: 0.01/day, no public data (inference). */
  static final double LOST_PER_DAY = 0.01;
  /** Mid-run software crash (bug, dataloader, host OOM, disk full): 0.02/day. */
  static final double SW_PER_DAY = 0.02;
  /** Hang: 0.005/day; half outside collectives (BLOOM), all of them on 1 GPU. */
  static final double HANG_PER_DAY = 0.005;
  /** Failure at launch (config, script, GPU OOM): 0.25 per fresh launch (Acme, ICSE'20). */
  static final double LAUNCH_FAIL = 0.25;
  /** NaN/divergence: 0.02 per run (BR, BLOOM; inference for this scale). */
  static final double NAN_PER_RUN = 0.02;
  /** Fail-slow onset mid-run: 0.05 per rental (MS, LAB, BLOOM; inference for the level). */
  static final double SLOW_PER_RUN = 0.05;
  /** Interruptible rentals: no public rate (VAST); 20 % of runs at 0.5/day is (inference). */
  static final double INTERRUPTIBLE_SHARE = 0.2;
  static final double PREEMPT_PER_DAY = 0.5;
  /** Starting a stopped instance fails (GPUs rented meanwhile): no public data (inference). */
  static final double UNPARK_REFUSED = 0.3;

  private final long seed;
  private final double rateScale;

  public FaultSchedule(long seed, double rateScale) {
    this.seed = seed;
    this.rateScale = rateScale;
  }

  public List<RunPlan> plans(int runs) {
    Random rnd = new Random(seed);
    List<RunPlan> plans = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      plans.add(plan(i, new Random(rnd.nextLong())));
    }
    return plans;
  }

  private RunPlan plan(int id, Random r) {
    int gpus = new int[] {1, 2, 4, 8}[r.nextInt(4)];
    double sps = 1 + r.nextDouble() * 7;
    double hours = 24 + r.nextDouble() * 48;
    long finalStep = (long) (hours * 3600 * sps);
    long ckptEvery = (long) ((15 + r.nextDouble() * 15) * 60 * sps);
    // Blocking checkpoint write: 30 s base, 1 s-5 min sweep (BLOOM 40 s; RSC 5 min).
    Duration save = Duration.ofSeconds(10 + r.nextInt(110));
    long evalEvery = ckptEvery * (2 + r.nextInt(3)) + ckptEvery / 3;
    Duration eval = Duration.ofSeconds(60 + r.nextInt(240));
    double days = hours / 24;
    List<RunPlan.Fault> faults = new ArrayList<>();
    poisson(r, HW_PER_DAY_8GPU * gpus / 8 * days * rateScale, () -> faults.add(fault(r,
        FaultKind.HW_CRASH, finalStep, 1, Duration.ZERO, r.nextDouble() >= 0.35)));
    poisson(r, SW_PER_DAY * days * rateScale, () -> faults.add(fault(r, FaultKind.SW_CRASH,
        finalStep, 1, Duration.ZERO, false)));
    poisson(r, LOST_PER_DAY * days * rateScale, () -> faults.add(fault(r,
        FaultKind.INSTANCE_LOST, finalStep, 1, Duration.ZERO, false)));
    poisson(r, HANG_PER_DAY * days * rateScale, () -> {
      boolean inCollective = gpus > 1 && r.nextBoolean();
      // NCCL watchdog: 10 min default (PT #110947), +up to 8 min when the watchdog is stuck.
      Duration watchdog = Duration.ofSeconds(600 + (r.nextDouble() < 0.2 ? r.nextInt(480) : 0));
      faults.add(fault(r, inCollective ? FaultKind.NCCL_HANG : FaultKind.HANG, finalStep, 1,
          watchdog, false));
    });
    if (r.nextDouble() < INTERRUPTIBLE_SHARE) {
      // Resume wait after preemption is unbounded on Vast; mean 30 min is (inference).
      poisson(r, PREEMPT_PER_DAY * days * rateScale, () -> faults.add(fault(r,
          FaultKind.PREEMPTION, finalStep, 1, Duration.ofSeconds((long) exp(r, 1800)), false)));
    }
    if (r.nextDouble() < Math.min(1, NAN_PER_RUN * rateScale)) {
      faults.add(fault(r, FaultKind.NAN, finalStep, 1, Duration.ZERO, false));
    }
    if (r.nextDouble() < Math.min(1, SLOW_PER_RUN * rateScale)) {
      // Severe enough to matter (40-65 % of throughput left); milder stragglers are there from
      // the rental's start and no own-baseline rule can see them (inference).
      faults.add(fault(r, FaultKind.SLOWDOWN, finalStep, 0.4 + r.nextDouble() * 0.25,
          Duration.ZERO, false));
    }
    if (r.nextDouble() < LAUNCH_FAIL) {
      // In the first 15 min, or at the first eval/checkpoint (failure-rates.md §c1).
      long at = r.nextBoolean() ? (long) (r.nextDouble() * 900 * sps) : ckptEvery;
      faults.add(new RunPlan.Fault(FaultKind.OOM, Math.max(1, at), 1, Duration.ZERO, false));
    }
    faults.sort(Comparator.comparingLong(RunPlan.Fault::step));
    List<Long> bursts = new ArrayList<>();
    poisson(r, 2 * days, () -> bursts.add((long) (r.nextDouble() * finalStep)));
    bursts.sort(Long::compare);
    List<Duration> restarts = new ArrayList<>();
    List<Duration> moves = new ArrayList<>();
    List<Duration> humans = new ArrayList<>();
    for (int k = 0; k < 32; k++) {
      // Restart on the same host: 4 min base, 2-11 min (Lambda, RSC, LAB).
      restarts.add(Duration.ofSeconds(120 + r.nextInt(420)));
      // New host: 20 min base, 10 min-3 h heavy tail (inference; OPT, Crusoe).
      moves.add(Duration.ofSeconds((long) Math.min(10800, 600 + exp(r, 600))));
      // Human paged: lognormal, median 1 h, p90 8 h (inference; BLOOM, OPT anecdotes).
      humans.add(Duration.ofSeconds((long) Math.min(3 * 86400,
          3600 * Math.exp(1.6225 * r.nextGaussian()))));
    }
    // Drawn last, so the draws above stay those of earlier versions of the schedule.
    // Startup with the GPU idle and the log silent: 1-30 min (issue #13; inference).
    Duration startup = Duration.ofSeconds(60 + r.nextInt(1740));
    List<Boolean> refused = new ArrayList<>();
    for (int k = 0; k < 32; k++) {
      // A stopped Vast instance's GPUs rented meanwhile: no public rate, 30 % (inference).
      refused.add(r.nextDouble() < UNPARK_REFUSED);
    }
    return new RunPlan(id, gpus, sps, finalStep, ckptEvery, save, evalEvery, eval, faults,
        bursts, restarts, moves, humans, startup, refused);
  }

  private static RunPlan.Fault fault(Random r, FaultKind kind, long finalStep, double factor,
      Duration delay, boolean sticky) {
    long step = (long) ((0.02 + 0.96 * r.nextDouble()) * finalStep);
    return new RunPlan.Fault(kind, step, factor, delay, sticky);
  }

  private static void poisson(Random r, double mean, Runnable each) {
    double l = Math.exp(-mean);
    double p = r.nextDouble();
    int k = 0;
    while (p > l) {
      k++;
      p *= r.nextDouble();
    }
    for (int i = 0; i < k; i++) {
      each.run();
    }
  }

  private static double exp(Random r, double mean) {
    return -mean * Math.log(1 - r.nextDouble());
  }
}
