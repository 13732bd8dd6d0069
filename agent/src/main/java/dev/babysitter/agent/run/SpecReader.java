package dev.babysitter.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;

/**
 * Maps a parsed YAML tree onto {@link RunSpec}, filling defaults and recording structural
 * problems (unknown keys, wrong types, missing required fields). Meaning is checked afterwards by
 * {@link SpecValidator}, so a spec built in code gets the same checks as one read from a file.
 */
final class SpecReader {

  static final String DEFAULT_CHECKPOINT_DIR = RunSpec.OUTPUT_ROOT + "/checkpoints";
  static final String DEFAULT_CHECKPOINT_PATTERN = "step-{n}";
  static final String DEFAULT_LOG = RunSpec.OUTPUT_ROOT + "/train.log";
  static final String DEFAULT_POLICY = "policies/default.yaml";
  static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofMinutes(30);

  private SpecReader() {}

  static RunSpec read(JsonNode tree, List<SpecProblem> problems) {
    SpecNode root = SpecNode.root(tree, problems);
    for (String key : List.of("name", "dri", "command", "output_root", "final_step")) {
      root.require(key);
    }
    String name = root.string("name", null);
    String dri = root.string("dri", null);
    String goal = root.string("goal", null);
    String command = root.string("command", null);
    RunSpec.Source source = source(root.section("source"));
    String outputRoot = root.string("output_root", null);
    Long finalStep = root.integer("final_step");
    Long minSteps = root.integer("min_steps");
    RunSpec.Checkpoints checkpoints = checkpoints(root.section("checkpoints"));
    String initializeFrom = root.string("initialize_from", null);
    String log = root.string("log", DEFAULT_LOG);
    RunSpec.Wandb wandb = wandb(root.section("wandb"));
    RunSpec.Provider provider = provider(root.section("provider"));
    RunSpec.Limits limits = limits(root.section("limits"));
    RunSpec.Teardown teardown = teardown(root.section("teardown"));
    RunSpec.IssueSpec issue = issue(root.section("issue"));
    RunSpec.LogbookSpec logbook = logbook(root.section("logbook"), name);
    String policy = root.string("policy", DEFAULT_POLICY);
    var env = root.stringMap("env");
    RunSpec.ProgressSpec progress = progress(root.section("progress"));
    String setup = root.string("setup", null);
    RunSpec.Notify notify = notify(root.section("notify"));
    RunSpec.Oom oom = root.present("oom") ? oom(root.section("oom")) : null;
    root.rejectUnknown();
    return new RunSpec(name, dri, goal, command, source, outputRoot,
        finalStep == null ? 0 : finalStep, minSteps, checkpoints, initializeFrom, log, wandb,
        provider, limits, teardown, issue, logbook, policy, env, progress, setup, notify, oom);
  }

  private static RunSpec.Oom oom(SpecNode n) {
    RunSpec.Oom.Knob micro = knob(n, "micro_batch");
    RunSpec.Oom.Knob accum = knob(n, "grad_accum");
    RunSpec.Oom.Knob eval = knob(n, "eval_batch");
    if (micro != null && accum == null) {
      n.problem("micro_batch", "needs grad_accum beside it: halving the micro-batch without "
          + "doubling gradient accumulation changes the effective batch and the trajectory");
    }
    if (micro == null && eval == null) {
      n.problem("micro_batch", "oom declares no knob: give micro_batch with grad_accum, or "
          + "eval_batch");
    }
    n.rejectUnknown();
    return new RunSpec.Oom(micro, accum, eval);
  }

  private static RunSpec.Oom.Knob knob(SpecNode parent, String key) {
    if (!parent.present(key)) {
      return null;
    }
    SpecNode n = parent.section(key);
    n.require("arg");
    n.require("value");
    String arg = n.string("arg", null);
    Long value = n.integer("value");
    Long min = n.integer("min");
    if (arg != null && !arg.matches("--?[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      n.problem("arg", "must be a command-line flag such as --per-device-train-batch-size, got "
          + arg);
    }
    if (value != null && value < 1) {
      n.problem("value", "must be at least 1, got " + value);
    }
    if (min != null && (min < 1 || value != null && min > value)) {
      n.problem("min", "must be between 1 and value, got " + min);
    }
    n.rejectUnknown();
    return arg == null || value == null ? null : new RunSpec.Oom.Knob(arg,
        (int) Math.min(value, Integer.MAX_VALUE), min == null ? 1 : (int) (long) min);
  }

  private static RunSpec.Source source(SpecNode n) {
    var s = new RunSpec.Source(n.quotedString("git_sha", RunSpec.Source.AUTO),
        n.bool("allow_dirty", false), n.stringList("ship"));
    for (int i = 0; i < s.ship().size(); i++) {
      String path = s.ship().get(i);
      if (path.isBlank() || path.startsWith("/") || path.startsWith("~")
          || java.util.Arrays.asList(path.split("/")).contains("..")) {
        n.problem("ship", "entry " + i + " (" + path + ") must be a path inside the work tree, "
            + "relative, without ..");
      }
    }
    n.rejectUnknown();
    return s;
  }

  private static RunSpec.Checkpoints checkpoints(SpecNode n) {
    var c = new RunSpec.Checkpoints(
        n.string("dir", DEFAULT_CHECKPOINT_DIR),
        n.string("pattern", DEFAULT_CHECKPOINT_PATTERN),
        n.string("complete_marker", null),
        n.integer("keep_permanent_every"),
        n.duration("temporary_every", null),
        n.string("sync", null),
        n.string("layout", null),
        n.smallInteger("keep_last"));
    n.rejectUnknown();
    return c;
  }

  private static RunSpec.Wandb wandb(SpecNode n) {
    var w = new RunSpec.Wandb(n.string("project", null), n.string("id", null),
        n.string("resume", "allow"), n.string("name", null), n.stringList("metrics"));
    n.rejectUnknown();
    return w;
  }

  private static RunSpec.Provider provider(SpecNode n) {
    var p = new RunSpec.Provider(
        n.string("kind", "local"),
        n.string("gpu", null),
        orDefault(n.smallInteger("num_gpus"), 1),
        n.number("max_dph"),
        n.string("image", null),
        n.smallInteger("disk_gb"),
        n.string("ssh_key", null),
        n.integer("offer_id"),
        slurm(n));
    n.rejectUnknown();
    return p;
  }

  /** The Slurm fields sit flat in the provider section; the validator says where they fit. */
  private static RunSpec.Slurm slurm(SpecNode n) {
    RunSpec.Slurm s = new RunSpec.Slurm(n.smallInteger("nodes"), n.smallInteger("gpus_per_node"),
        n.string("partition", null), n.string("account", null), n.duration("time", null),
        n.string("login", null), n.stringList("sbatch_extra"), n.number("gpu_hour_usd"));
    return s.isEmpty() ? null : s;
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static RunSpec.Limits limits(SpecNode n) {
    n.require("auto_destroy_after");
    var l = new RunSpec.Limits(
        n.duration("auto_destroy_after", null),
        n.number("max_cost_usd"),
        n.duration("lease_timeout", DEFAULT_LEASE_TIMEOUT));
    n.rejectUnknown();
    return l;
  }

  private static RunSpec.Teardown teardown(SpecNode n) {
    var t = new RunSpec.Teardown(n.string("on_done", "destroy"), n.string("on_failed", "keep"),
        n.string("on_park", "stop"));
    n.rejectUnknown();
    return t;
  }

  private static RunSpec.IssueSpec issue(SpecNode n) {
    var i = new RunSpec.IssueSpec(n.string("repo", null), n.smallInteger("number"));
    n.rejectUnknown();
    return i;
  }

  private static RunSpec.LogbookSpec logbook(SpecNode n, String name) {
    // The logbook file is named after the run; without a name there is nothing to default to.
    String defaultPath = name == null ? null : "logbooks/" + name + ".md";
    var l = new RunSpec.LogbookSpec(n.string("repo", "."), n.string("path", defaultPath));
    n.rejectUnknown();
    return l;
  }

  private static RunSpec.ProgressSpec progress(SpecNode n) {
    var p = new RunSpec.ProgressSpec(n.string("format", null), n.string("regex", null));
    n.rejectUnknown();
    return p;
  }

  private static RunSpec.Notify notify(SpecNode n) {
    var out = new RunSpec.Notify(n.present("slack") ? webhook(n.section("slack")) : null,
        n.present("discord") ? webhook(n.section("discord")) : null);
    n.rejectUnknown();
    return out;
  }

  private static RunSpec.Webhook webhook(SpecNode n) {
    n.require("webhook_env");
    String env = n.string("webhook_env", null);
    n.rejectUnknown();
    return env == null ? null : new RunSpec.Webhook(env);
  }
}
