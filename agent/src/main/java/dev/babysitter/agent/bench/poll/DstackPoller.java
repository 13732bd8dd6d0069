package dev.babysitter.agent.bench.poll;

import dev.babysitter.tools.provider.InstanceState;
import java.time.Duration;
import java.time.Instant;

/**
 * dstack with its documented defaults (docs/bench.md): {@code retry} on interruption and
 * no-capacity, so a lost or preempted instance is provisioned again and the job resumes from its
 * checkpoint; an error exit is not retried (the run fails, the user is notified);
 * {@code utilization_policy} terminates a run whose GPU utilisation stays under
 * {@link #MIN_GPU_UTIL} % for {@link #WINDOW}, and a terminated run is never retried. GPU
 * metrics are sampled every 10 s; this strategy looks every {@link #LOOK}, which delays a
 * termination by less than that.
 */
public final class DstackPoller implements Poller {
  static final int MIN_GPU_UTIL = 10;
  static final Duration WINDOW = Duration.ofMinutes(10);
  static final Duration LOOK = Duration.ofSeconds(30);
  private Instant lowSince;

  @Override
  public Duration interval() {
    return LOOK;
  }

  @Override
  public boolean readsInstance() {
    return false;
  }

  @Override
  public Reaction look(Observation o) {
    if ("done".equals(o.job())) {
      return Reaction.of(Reaction.Verdict.TEARDOWN, null, "run done");
    }
    if (o.provider() == InstanceState.LOADING) {
      lowSince = null;
      return Reaction.none(false); // a new instance still booting: provisioning, not an interruption
    }
    if (o.provider() != InstanceState.RUNNING) {
      lowSince = null;
      return Reaction.of(Reaction.Verdict.MOVE_HOST, null, "interruption: retry");
    }
    if ("failed".equals(o.job())) {
      lowSince = null;
      return Reaction.of(Reaction.Verdict.STOP_AND_PAGE, null, "error exit: not retried");
    }
    if ("provisioning".equals(o.job())) {
      lowSince = null; // the utilisation policy applies to a running job only
    } else if (o.gpuUtilPct() < MIN_GPU_UTIL) {
      lowSince = lowSince == null ? o.at() : lowSince;
      if (Duration.between(lowSince, o.at()).compareTo(WINDOW) >= 0) {
        lowSince = null;
        return Reaction.of(Reaction.Verdict.STOP_AND_PAGE, null,
            "utilization_policy: GPU under 10 % for 10 min, terminated");
      }
    } else {
      lowSince = null;
    }
    return Reaction.none(false);
  }
}
