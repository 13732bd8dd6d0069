package dev.babysitter.agent.bench.poll;

import dev.babysitter.tools.provider.InstanceState;
import java.time.Duration;

/**
 * SkyPilot managed jobs with their documented defaults (docs/bench.md): the controller polls the
 * job status every 15 s; when the cluster is preempted or lost it relaunches on a new instance
 * and the job resumes from its latest checkpoint; {@code max_restarts_on_errors: 0}, so a
 * failure of the user's code ends the job (cluster down, the user notified); no detection of a
 * hang, a slowdown or a NaN; the cluster goes down when the job ends.
 */
public final class SkyPilotPoller implements Poller {
  @Override
  public Duration interval() {
    return Duration.ofSeconds(15);
  }

  @Override
  public boolean readsInstance() {
    return false;
  }

  @Override
  public Reaction look(Observation o) {
    if ("done".equals(o.job())) {
      return Reaction.of(Reaction.Verdict.TEARDOWN, null, "job succeeded");
    }
    if (o.provider() == InstanceState.LOADING) {
      return Reaction.none(false); // SkyPilot's Vast backend: loading is pending (vast-api.md)
    }
    if (o.provider() != InstanceState.RUNNING) {
      return Reaction.of(Reaction.Verdict.MOVE_HOST, null, "cluster preempted or lost: recover");
    }
    if ("failed".equals(o.job())) {
      return Reaction.of(Reaction.Verdict.STOP_AND_PAGE, null,
          "job failed (exit " + o.exitCode() + "), max_restarts_on_errors 0");
    }
    return Reaction.none(false);
  }
}
