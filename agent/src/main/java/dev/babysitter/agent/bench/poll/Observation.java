package dev.babysitter.agent.bench.poll;

import dev.babysitter.tools.probe.Probe;
import dev.babysitter.tools.provider.InstanceState;
import java.time.Instant;

/**
 * Everything a polling strategy may know at one look: what a scheduler reports about the job
 * and the instance, and, for a strategy that reads the instance, the probe (null otherwise).
 * Nothing of the simulation's hidden state (the true fault, its onset, what would fix it)
 * reaches a strategy: this record is all a {@link Poller} is ever given.
 *
 * @param job running | failed | done | stopped
 * @param exitCode the trainer's last exit code, null while it runs
 * @param gpuUtilPct mean GPU utilisation now, as a metrics agent samples it
 * @param provider what the provider's API says about the instance
 */
public record Observation(Instant at, String job, Integer exitCode, int gpuUtilPct,
    InstanceState provider, Probe probe) {}
