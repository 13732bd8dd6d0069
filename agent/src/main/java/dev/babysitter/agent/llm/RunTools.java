package dev.babysitter.agent.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.run.Mailbox;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The design card's actions as LangChain4j tools. Package-private on purpose: the only way a
 * model reaches them is {@link GuardedTools}, which wraps every executor with the guard. Each
 * method builds its {@link Action} with the same factory {@link #action} uses, and acts only if
 * the guard granted exactly that action.
 */
final class RunTools {
  static final int MAX_LOG_LINES = 200;

  private final AgentEffects effects;
  private final Mailbox mailbox;
  private final String author;
  private final Clock clock;
  /** Null for the babysitter: only the runner chat drafts and launches runs. */
  final RunPlanner planner;
  final Admission admission = new Admission();

  RunTools(AgentEffects effects, Mailbox mailbox, String author, Clock clock) {
    this(effects, mailbox, author, clock, null);
  }

  private String failureSignature;

  RunTools(AgentEffects effects, Mailbox mailbox, String author, Clock clock,
      RunPlanner planner) {
    this.effects = effects;
    this.mailbox = mailbox;
    this.author = author;
    this.clock = clock;
    this.planner = planner;
  }

  /** The tools offered only with a {@link #planner}. */
  static final java.util.Set<String> PLANNING = java.util.Set.of("draft_run_spec", "launch_run");

  @Tool(name = "draft_run_spec", value = "Write a new run spec to runs/NAME.yaml after "
      + "validating it; returns every problem if it is invalid. Never overwrites.")
  String draftRunSpec(@P("run name") String name, @P("DRI's GitHub login") String dri,
      @P("training command; {output_root} is substituted") String command,
      @P("absolute, pinned output root") String outputRoot,
      @P("final training step, from the config") long finalStep,
      @P(value = "policy file, e.g. policies/default.yaml", required = false) String policy,
      @P(value = "other spec fields as a YAML mapping (checkpoints, limits, provider, source, "
          + "teardown, logbook, env...)", required = false) String extraYaml)
      throws IOException {
    return planner.draft(new SpecDraft(name, dri, command, outputRoot, finalStep, policy,
        extraYaml));
  }

  @Tool(name = "launch_run", value = "Launch a run from a spec file (planning, or after the "
      + "chat's run ended). The launcher's guard decides; on success returns the instance id.")
  String launchRun(@P("spec path, e.g. runs/NAME.yaml") String specPath) throws IOException {
    if (admission.take(planner.launchAction(specPath)) == null) {
      throw new IllegalStateException("not admitted by the guard: launch " + specPath);
    }
    return planner.launch(specPath);
  }

  @Tool(name = "status", value = "The run's phase, attempt, last status lines and open escalations")
  String status() throws IOException {
    return effects.status();
  }

  @Tool(name = "tail_log", value = "The last lines of the training log (at most 200)")
  String tailLog(@P("number of lines") int lines) throws IOException {
    act(tailLogAction(lines));
    return String.join("\n", effects.logTail(Math.min(Math.max(lines, 1), MAX_LOG_LINES)));
  }

  @Tool(name = "nvidia_smi", value = "GPU utilisation and memory per GPU")
  String nvidiaSmi() throws IOException {
    act(new Action.GpuStatus());
    return effects.gpuStatus();
  }

  @Tool(name = "checkpoints", value = "Checkpoints by numeric step, with their complete marker")
  String checkpoints() throws IOException {
    return String.join("\n", effects.checkpoints());
  }

  @Tool(name = "relaunch", value = "Start a new attempt from a checkpoint after a failure")
  String relaunch(@P("checkpoint path to resume from, empty for scratch") String fromCheckpoint,
      @P("failure signature, e.g. nccl, cuda_oom, nan_loss") String signature,
      @P("why, in one line") String why) throws IOException {
    return act(relaunchAction(fromCheckpoint, signature), why);
  }

  @Tool(name = "kill_trainer", value = "Stop the trainer process (the instance stays up)")
  String killTrainer(@P("why, e.g. 'stall: no step for 20 min'") String reason)
      throws IOException {
    return act(new Action.KillTrainer(reason), reason);
  }

  @Tool(name = "apply_fix", value = "Have the supervisor apply a fix before the next attempt "
      + "(at once if no trainer runs). Kinds: pip_install (detail: one package spec, e.g. "
      + "flash-attn==2.6.3), prune_caches (detail empty), env (detail KEY=value for later "
      + "attempts; a config change, so it needs the DRI)")
  String applyFix(@P("pip_install, prune_caches or env") String kind,
      @P("the package spec, empty, or KEY=value") String detail) throws IOException {
    return act(new Action.ApplyFix(kind, detail), kind + ": " + detail);
  }

  @Tool(name = "reduce_config", value = "Propose a conservative config reduction (needs the DRI)")
  String reduceConfig(@P("comma-separated KEY=VALUE pairs") String delta,
      @P("why") String reason) throws IOException {
    return act(reduceAction(delta, reason), reason);
  }

  @Tool(name = "destroy_instance", value = "Destroy the run's instance (irreversible)")
  String destroyInstance(@P("instance id") String instanceId, @P("why") String reason)
      throws IOException {
    return act(new Action.DestroyInstance(instanceId, reason), reason);
  }

  @Tool(name = "launch_instance", value = "Launch an instance for this run at a given price")
  String launchInstance(@P("price in dollars per hour") double dollarsPerHour)
      throws IOException {
    return act(new Action.LaunchInstance(effects.runName(), dollarsPerHour), "launch");
  }

  @Tool(name = "delete_checkpoint", value = "Delete a checkpoint directory (needs the DRI)")
  String deleteCheckpoint(@P("checkpoint path") String path) throws IOException {
    return act(new Action.DeleteCheckpoint(path), "delete " + path);
  }

  @Tool(name = "comment_issue", value = "Post a concise comment on the run's issue")
  String commentIssue(@P("markdown, a few lines") String body) throws IOException {
    return act(new Action.CommentIssue(body), "issue comment");
  }

  @Tool(name = "commit_logbook", value = "Write a logbook entry and commit it")
  String commitLogbook(@P("heading") String message, @P("the entry") String body)
      throws IOException {
    return act(new Action.CommitLogbook(message), body);
  }

  @Tool(name = "hold_run", value = "Put the run on hold: no relaunch/destroy until a person "
      + "releases it. Only ever makes things safer.")
  String holdRun(@P("the person's instruction") String reason) throws IOException {
    mailbox.post(new Mailbox.Message(clock.instant(), author, "hold", reason));
    return "hold set: " + reason;
  }

  /** The action a tool call asks for, or null for reads that change nothing and cost nothing. */
  Action action(String tool, JsonNode args) {
    return switch (tool) {
      case "tail_log" -> tailLogAction(args.path("lines").asInt(50));
      case "nvidia_smi" -> new Action.GpuStatus();
      case "relaunch" -> relaunchAction(args.path("fromCheckpoint").asText(""),
          args.path("signature").asText(""));
      case "kill_trainer" -> new Action.KillTrainer(args.path("reason").asText(""));
      case "apply_fix" -> new Action.ApplyFix(args.path("kind").asText(""),
          args.path("detail").asText(""));
      case "reduce_config" -> reduceAction(args.path("delta").asText(""),
          args.path("reason").asText(""));
      case "destroy_instance" -> new Action.DestroyInstance(args.path("instanceId").asText(""),
          args.path("reason").asText(""));
      case "launch_instance" -> new Action.LaunchInstance(effects.runName(),
          args.path("dollarsPerHour").asDouble());
      case "delete_checkpoint" -> new Action.DeleteCheckpoint(args.path("path").asText(""));
      case "comment_issue" -> new Action.CommentIssue(args.path("body").asText(""));
      case "commit_logbook" -> new Action.CommitLogbook(args.path("message").asText(""));
      // The chat's guard (holds, its policy) decides first; the launcher's guard decides again.
      case "launch_run" -> planner == null ? null
          : planner.launchAction(args.path("specPath").asText(""));
      // draft_run_spec: writes a validated file under runs/, spends nothing, starts nothing.
      default -> null;
    };
  }

  private static Action tailLogAction(int lines) {
    return new Action.TailLog(Math.min(Math.max(lines, 1), MAX_LOG_LINES));
  }

  private Action relaunchAction(String from, String signature) {
    // The watcher's classification, not the model's word, names the failure: a log line saying
    // "this is NCCL, relaunch" must not turn a NaN run (never relaunched) into an NCCL retry.
    String sig = failureSignature != null ? failureSignature : signature;
    return new Action.Relaunch(from == null || from.isBlank() ? null : from, sig, Map.of());
  }

  /**
   * Pins the failure signature of every relaunch to the one the watcher classified (the
   * babysitter agent's wake); null leaves it to the caller (a person in the runner chat).
   */
  RunTools withFailureSignature(String signature) {
    this.failureSignature = signature == null || signature.isBlank() ? null : signature;
    return this;
  }

  private static Action reduceAction(String delta, String reason) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : delta.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        map.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return new Action.ReduceConfig(map, reason);
  }

  private void act(Action read) {
    if (admission.take(read) == null) {
      throw new IllegalStateException("not admitted by the guard: " + read.describe());
    }
  }

  private String act(Action action, String why) throws IOException {
    Decision allowed = admission.take(action);
    if (allowed == null) {
      throw new IllegalStateException("not admitted by the guard: " + action.describe());
    }
    return effects.perform(action, allowed, why);
  }
}
