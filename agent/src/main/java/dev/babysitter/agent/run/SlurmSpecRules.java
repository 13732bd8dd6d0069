package dev.babysitter.agent.run;

import static dev.babysitter.agent.run.SpecValidator.add;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Checks on the Slurm fields of {@code provider}: every problem, each at its field path. */
final class SlurmSpecRules {
  static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+(:\\d{1,5})?");
  // Options the provider sets itself from the spec: given twice, sbatch takes the last.
  static final List<String> OWN_OPTIONS = List.of("--job-name", "-J", "--time", "-t", "--nodes",
      "-N", "--output", "-o", "--chdir", "-D", "--partition", "-p", "--account", "-A",
      "--gpus-per-node", "--open-mode");

  private SlurmSpecRules() {}

  static void provider(RunSpec.Provider p, List<SpecProblem> out) {
    if (p == null) {
      return;
    }
    RunSpec.Slurm s = p.slurm();
    boolean slurm = "slurm".equals(p.kind());
    if (!slurm) {
      if (s != null && !s.isEmpty()) {
        for (String field : setFields(s)) {
          add(out, "provider." + field, "is only for kind slurm");
        }
      }
      return;
    }
    for (String[] vastOnly : new String[][] {{"gpu", p.gpu()}, {"image", p.image()}}) {
      if (vastOnly[1] != null) {
        add(out, "provider." + vastOnly[0], "is not used by kind slurm (ask for GPUs with"
            + " gpus_per_node, anything else with sbatch_extra)");
      }
    }
    if (p.maxDph() != null) {
      add(out, "provider.max_dph", "is not used by kind slurm (price it with gpu_hour_usd)");
    }
    if (p.diskGb() != null || p.offerId() != null) {
      add(out, "provider." + (p.diskGb() != null ? "disk_gb" : "offer_id"),
          "is not used by kind slurm");
    }
    if (s == null) {
      return;
    }
    if (s.login() == null && p.sshKey() != null) {
      add(out, "provider.ssh_key", "is only used with login (SSH to the login node)");
    }
    if (s.nodes() != null && s.nodes() < 1) {
      add(out, "provider.nodes", "must be at least 1, got " + s.nodes());
    }
    if (s.gpusPerNode() != null && s.gpusPerNode() < 1) {
      add(out, "provider.gpus_per_node", "must be at least 1, got " + s.gpusPerNode());
    }
    if (s.partition() != null && s.partition().isBlank()) {
      add(out, "provider.partition", "is blank; leave it out for the cluster's default");
    }
    if (s.account() != null && s.account().isBlank()) {
      add(out, "provider.account", "is blank; leave it out for your default account");
    }
    if (s.time() != null && s.time().compareTo(Duration.ofMinutes(1)) < 0) {
      add(out, "provider.time", "must be at least 1m, got " + Durations.format(s.time()));
    }
    if (s.login() != null && !LOGIN.matcher(s.login()).matches()) {
      add(out, "provider.login", "expected user@host or user@host:port, got \"" + s.login()
          + "\"");
    }
    if (s.login() != null && p.sshKey() == null) {
      add(out, "provider.ssh_key", "required field is missing (the login node is reached over"
          + " SSH with this key)");
    }
    if (s.gpuHourUsd() != null && !(s.gpuHourUsd() > 0)) {
      add(out, "provider.gpu_hour_usd", "must be greater than 0, got " + s.gpuHourUsd());
    }
    for (int i = 0; i < s.sbatchExtra().size(); i++) {
      String option = s.sbatchExtra().get(i);
      String name = option.split("[= ]", 2)[0];
      if (!option.startsWith("-") || option.contains("\n")) {
        add(out, "provider.sbatch_extra[" + i + "]", "expected one sbatch option such as"
            + " --cpus-per-task=8, got \"" + option.replace("\n", "\\n") + "\"");
      } else if (OWN_OPTIONS.contains(name)) {
        add(out, "provider.sbatch_extra[" + i + "]", name + " is set from the spec (name,"
            + " time, nodes, partition, account, gpus_per_node); set it there");
      }
    }
  }

  private static List<String> setFields(RunSpec.Slurm s) {
    List<String> out = new java.util.ArrayList<>();
    if (s.nodes() != null) {
      out.add("nodes");
    }
    if (s.gpusPerNode() != null) {
      out.add("gpus_per_node");
    }
    if (s.partition() != null) {
      out.add("partition");
    }
    if (s.account() != null) {
      out.add("account");
    }
    if (s.time() != null) {
      out.add("time");
    }
    if (s.login() != null) {
      out.add("login");
    }
    if (!s.sbatchExtra().isEmpty()) {
      out.add("sbatch_extra");
    }
    if (s.gpuHourUsd() != null) {
      out.add("gpu_hour_usd");
    }
    return out;
  }
}
