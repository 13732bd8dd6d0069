package dev.babysitter.agent.run;

import dev.babysitter.tools.checkpoint.CheckpointLayout;
import dev.babysitter.tools.logs.ProgressParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The meaning checks that seed 004 asks for before a launch: identity, pinned output root,
 * final step, checkpoint lineage, W&B resume policy, limits and teardown. Pure: a spec in, every
 * problem out. Provider and limit rules live in {@link SpecResourceRules} to keep files small.
 */
final class SpecValidator {

  static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
  static final Pattern GITHUB_LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  static final Pattern GIT_SHA = Pattern.compile("[0-9a-fA-F]{7,40}");
  static final Pattern REPO = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}");
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Set<String> WANDB_RESUME = Set.of("allow", "must", "never", "auto");
  // The named groups that make a progress line useful: without a step or a loss it says nothing.

  private SpecValidator() {}

  static List<SpecProblem> validate(RunSpec spec) {
    List<SpecProblem> out = new ArrayList<>();
    identity(spec, out);
    outputAndSteps(spec, out);
    checkpoints(spec, out);
    wandb(spec.wandb(), out);
    SpecResourceRules.provider(spec.provider(), out);
    SpecResourceRules.limits(spec.limits(), out);
    SpecResourceRules.teardown(spec.teardown(), out);
    records(spec, out);
    env(spec.env(), out);
    progress(spec.progress(), out);
    if (spec.setup() != null && spec.setup().isBlank()) {
      add(out, "setup", "is blank; leave it out when the image needs no preparation");
    }
    notifications(spec.notifications(), out);
    SlurmSpecRules.provider(spec.provider(), out);
    return out;
  }

  /** A webhook URL is a credential: the spec names its environment variable, never the URL. */
  private static void notifications(RunSpec.Notify notify, List<SpecProblem> out) {
    if (notify == null) {
      return;
    }
    notify.webhookEnvs().forEach((service, env) -> {
      String path = "notify." + service + ".webhook_env";
      if (env.contains("://")) {
        add(out, path, "looks like a URL; a webhook URL is a secret: put it in an environment "
            + "variable and name the variable here (e.g. " + service.toUpperCase(
            java.util.Locale.ROOT) + "_WEBHOOK_URL)");
      } else if (!ENV_NAME.matcher(env).matches()) {
        add(out, path, "\"" + env + "\" is not an environment variable name");
      }
    });
  }

  private static void identity(RunSpec spec, List<SpecProblem> out) {
    if (required("name", spec.name(), out) && !SLUG.matcher(spec.name()).matches()) {
      add(out, "name", "\"" + spec.name() + "\" is not a slug (lower-case letters, digits, '.', '_',"
          + " '-'; starting with a letter or digit; at most 63 characters)");
    }
    if (required("dri", spec.dri(), out) && !GITHUB_LOGIN.matcher(spec.dri()).matches()) {
      add(out, "dri", "\"" + spec.dri() + "\" is not a GitHub login");
    }
    required("command", spec.command(), out);
    if (section("source", spec.source(), out)) {
      String sha = spec.source().gitSha();
      if (required("source.git_sha", sha, out) && !spec.source().isAuto()
          && !GIT_SHA.matcher(sha).matches()) {
        add(out, "source.git_sha", "expected \"auto\" or a 7-40 character hex sha, got \"" + sha + "\"");
      }
    }
  }

  private static void outputAndSteps(RunSpec spec, List<SpecProblem> out) {
    String root = spec.outputRoot();
    if (required("output_root", root, out)) {
      // Pinned means written out in full: a placeholder or relative path is derived somewhere else.
      if (root.contains("{")) {
        add(out, "output_root", "must be pinned, without placeholders, got \"" + root + "\"");
      } else if (!root.startsWith("/")) {
        add(out, "output_root", "must be an absolute path, got \"" + root + "\"");
      }
    }
    if (spec.finalStep() <= 0) {
      add(out, "final_step", "must be greater than 0, got " + spec.finalStep());
    }
    Long min = spec.minSteps();
    if (min != null) {
      if (min < 0) {
        add(out, "min_steps", "must not be negative, got " + min);
      } else if (spec.finalStep() > 0 && min > spec.finalStep()) {
        add(out, "min_steps", min + " is greater than final_step " + spec.finalStep());
      }
    }
    if (required("log", spec.log(), out)) {
      noStrayPlaceholder("log", spec.log(), out);
    }
  }

  private static void checkpoints(RunSpec spec, List<SpecProblem> out) {
    RunSpec.Checkpoints c = spec.checkpoints();
    if (!section("checkpoints", c, out)) {
      return;
    }
    if (required("checkpoints.dir", c.dir(), out)) {
      noStrayPlaceholder("checkpoints.dir", c.dir(), out);
    }
    // One definition of a checkpoint (CheckpointLayout) for the validator and everything after.
    List<String> layoutProblems = CheckpointLayout.problems(c.pattern(), c.layout(),
        c.completeMarker());
    for (String problem : layoutProblems) {
      int colon = problem.indexOf(": ");
      add(out, "checkpoints." + problem.substring(0, colon), problem.substring(colon + 2));
    }
    boolean patternOk = layoutProblems.isEmpty();
    if (c.keepLast() != null && c.keepLast() < 1) {
      add(out, "checkpoints.keep_last", "must be at least 1, got " + c.keepLast());
    }
    if (c.keepPermanentEvery() != null && c.keepPermanentEvery() <= 0) {
      add(out, "checkpoints.keep_permanent_every", "must be greater than 0, got " + c.keepPermanentEvery());
    }
    if (c.temporaryEvery() != null && (c.temporaryEvery().isZero() || c.temporaryEvery().isNegative())) {
      add(out, "checkpoints.temporary_every", "must be longer than 0");
    }
    if (c.sync() != null) {
      // Without the path the command cannot know which checkpoint to copy: it would sync nothing.
      if (c.sync().isBlank()) {
        add(out, "checkpoints.sync", "is blank; leave it out to keep checkpoints on the instance only");
      } else if (!c.sync().contains(RunSpec.Checkpoints.CHECKPOINT)) {
        add(out, "checkpoints.sync", "must contain {checkpoint} (the checkpoint's absolute path),"
            + " got \"" + c.sync() + "\"");
      } else if (placeholderInSingleQuotes(c.sync())) {
        add(out, "checkpoints.sync", "leave {checkpoint} and {step} out of single quotes: the"
            + " supervisor puts \"$1\" and \"$2\" there, which single quotes would not expand");
      }
    }
    String init = spec.initializeFrom();
    if (init != null) {
      if (init.isBlank()) {
        add(out, "initialize_from", "is blank; leave it out or set it to null to start fresh");
      } else if (patternOk && c.stepOf(spec.resolve(init)).isEmpty()) {
        // Seed 004: the step is parsed from the path, never guessed; no step, no launch.
        add(out, "initialize_from", "no numeric step in \"" + init + "\" (expected a last path"
            + " segment like \"" + c.pattern() + "\")");
      }
    }
  }

  /** Whether a sync placeholder sits inside '...', where the supervisor's "$1" stays literal. */
  static boolean placeholderInSingleQuotes(String command) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c == '\\' && !single) {
        i++;
      } else if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (single && (command.startsWith(RunSpec.Checkpoints.CHECKPOINT, i)
          || command.startsWith(RunSpec.Checkpoints.SYNC_STEP, i))) {
        return true;
      }
    }
    return false;
  }

  private static void wandb(RunSpec.Wandb w, List<SpecProblem> out) {
    if (section("wandb", w, out) && !isOneOf(w.resume(), WANDB_RESUME)) {
      add(out, "wandb.resume", oneOf(w.resume(), WANDB_RESUME));
    }
    if (w != null && w.id() != null && (w.project() == null || w.project().isBlank())) {
      add(out, "wandb.project", "required with wandb.id: the babysitter asks W&B for the run "
          + "by project and id (entity/project, or project for the key's default entity)");
    }
  }

  private static void records(RunSpec spec, List<SpecProblem> out) {
    RunSpec.IssueSpec issue = spec.issue();
    if (issue != null) {
      if (issue.repo() != null && !REPO.matcher(issue.repo()).matches()) {
        add(out, "issue.repo", "expected owner/name, got \"" + issue.repo() + "\"");
      }
      if (issue.number() != null && issue.number() <= 0) {
        add(out, "issue.number", "must be greater than 0, got " + issue.number());
      }
    }
    RunSpec.LogbookSpec logbook = spec.logbook();
    if (section("logbook", logbook, out)) {
      required("logbook.repo", logbook.repo(), out);
      // Without a name the path has no default; the missing name is reported already.
      if (logbook.path() != null || spec.name() != null) {
        if (required("logbook.path", logbook.path(), out) && !logbook.path().endsWith(".md")) {
          add(out, "logbook.path", "must end with .md, got \"" + logbook.path() + "\"");
        }
      }
    }
    required("policy", spec.policy(), out);
  }

  private static void env(Map<String, String> env, List<SpecProblem> out) {
    for (String key : env.keySet()) {
      if (!ENV_NAME.matcher(key).matches()) {
        add(out, "env." + key, "is not a valid environment variable name");
      }
    }
  }

  private static void progress(RunSpec.ProgressSpec p, List<SpecProblem> out) {
    if (p == null) {
      return;
    }
    if (p.format() != null && p.format().isBlank()) {
      add(out, "progress.format", "is blank");
    }
    if (p.regex() == null) {
      return;
    }
    // The parser's own check, so `parse --regex` and `launch` accept exactly the same regexes.
    try {
      ProgressParser.withRegex(p.regex());
    } catch (IllegalArgumentException e) {
      add(out, "progress.regex", e.getMessage().replaceFirst("^(invalid )?progress regex:? ?", ""));
    }
  }

  private static void noStrayPlaceholder(String path, String value, List<SpecProblem> out) {
    // Strip rather than resolve, so a missing output_root is not reported a second time here.
    if (value.replace(RunSpec.OUTPUT_ROOT, "").replace(RunSpec.NAME, "").contains("{")) {
      add(out, path, "only {output_root} and {name} are replaced; got \"" + value + "\"");
    }
  }

  // --- shared helpers, also used by SpecResourceRules ---

  /** Reports a null or blank value; returns whether the value is usable. */
  static boolean required(String path, String value, List<SpecProblem> out) {
    if (value == null) {
      add(out, path, "required field is missing");
      return false;
    }
    if (value.isBlank()) {
      add(out, path, "must not be blank");
      return false;
    }
    return true;
  }

  /** Sections are filled with defaults by the loader; only a spec built in code can lack one. */
  static boolean section(String path, Object value, List<SpecProblem> out) {
    if (value == null) {
      add(out, path, "required section is missing");
      return false;
    }
    return true;
  }

  /** Null-safe membership: Set.of(...).contains(null) throws. */
  static boolean isOneOf(String value, Set<String> allowed) {
    return value != null && allowed.contains(value);
  }

  static String oneOf(String got, Set<String> allowed) {
    return "expected one of " + String.join("|", allowed.stream().sorted().toList())
        + ", got " + (got == null ? "nothing" : "\"" + got + "\"");
  }

  static void add(List<SpecProblem> out, String path, String reason) {
    out.add(new SpecProblem(path, reason));
  }
}
