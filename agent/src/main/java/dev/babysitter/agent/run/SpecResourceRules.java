package dev.babysitter.agent.run;

import static dev.babysitter.agent.run.SpecValidator.add;
import static dev.babysitter.agent.run.SpecValidator.isOneOf;
import static dev.babysitter.agent.run.SpecValidator.oneOf;
import static dev.babysitter.agent.run.SpecValidator.required;
import static dev.babysitter.agent.run.SpecValidator.section;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Checks on what a run may spend: the machine it rents, its limits, and what happens after. */
final class SpecResourceRules {

  static final Set<String> PROVIDER_KINDS = Set.of("local", "vast", "slurm");
  static final Set<String> TEARDOWN = Set.of("destroy", "keep");
  static final Set<String> ON_PARK = Set.of("stop", "destroy");
  static final Duration MIN_AUTO_DESTROY = Duration.ofMinutes(1);
  // A week is already far past any sane unattended rental; longer is almost surely a typo.
  static final Duration MAX_AUTO_DESTROY = Duration.ofDays(7);
  static final int MIN_DISK_GB = 10;

  private SpecResourceRules() {}

  static void provider(RunSpec.Provider p, List<SpecProblem> out) {
    if (!section("provider", p, out)) {
      return;
    }
    if (!isOneOf(p.kind(), PROVIDER_KINDS)) {
      add(out, "provider.kind", oneOf(p.kind(), PROVIDER_KINDS));
    }
    if (p.maxDph() != null && !(p.maxDph() > 0)) {
      add(out, "provider.max_dph", "must be greater than 0, got " + p.maxDph());
    }
    if (p.numGpus() != null && p.numGpus() < 1) {
      add(out, "provider.num_gpus", "must be at least 1, got " + p.numGpus());
    }
    if (p.diskGb() != null && p.diskGb() < MIN_DISK_GB) {
      add(out, "provider.disk_gb", "must be at least " + MIN_DISK_GB + ", got " + p.diskGb());
    }
    if (p.offerId() != null && p.offerId() <= 0) {
      add(out, "provider.offer_id", "must be greater than 0, got " + p.offerId());
    }
    if ("vast".equals(p.kind())) {
      // Renting without a price ceiling, an image or a way in is how money burns unseen.
      required("provider.gpu", p.gpu(), out);
      if (p.maxDph() == null) {
        add(out, "provider.max_dph", "required field is missing (a vast rental needs a price ceiling)");
      }
      required("provider.image", p.image(), out);
      required("provider.ssh_key", p.sshKey(), out);
    }
  }

  static void limits(RunSpec.Limits l, List<SpecProblem> out) {
    if (!section("limits", l, out)) {
      return;
    }
    Duration after = l.autoDestroyAfter();
    if (after == null) {
      add(out, "limits.auto_destroy_after", "required field is missing");
    } else if (after.compareTo(MIN_AUTO_DESTROY) < 0 || after.compareTo(MAX_AUTO_DESTROY) > 0) {
      add(out, "limits.auto_destroy_after", "must be between 1m and 7d, got " + Durations.format(after));
    }
    if (l.maxCostUsd() != null && !(l.maxCostUsd() > 0)) {
      add(out, "limits.max_cost_usd", "must be greater than 0, got " + l.maxCostUsd());
    }
    Duration lease = l.leaseTimeout();
    if (lease == null) {
      add(out, "limits.lease_timeout", "required field is missing");
    } else if (lease.isZero() || lease.isNegative()) {
      add(out, "limits.lease_timeout", "must be longer than 0");
    }
  }

  static void teardown(RunSpec.Teardown t, List<SpecProblem> out) {
    if (!section("teardown", t, out)) {
      return;
    }
    if (!isOneOf(t.onDone(), TEARDOWN)) {
      add(out, "teardown.on_done", oneOf(t.onDone(), TEARDOWN));
    }
    if (!isOneOf(t.onFailed(), TEARDOWN)) {
      add(out, "teardown.on_failed", oneOf(t.onFailed(), TEARDOWN));
    }
    if (!isOneOf(t.onPark(), ON_PARK)) {
      add(out, "teardown.on_park", oneOf(t.onPark(), ON_PARK));
    }
  }
}
