package dev.babysitter.agent.session;

import dev.babysitter.agent.run.Durations;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.tools.checkpoint.CheckpointLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What seed 004 asks to print and validate before a launch, computed once: the values as a
 * person reads them (inferred ones labelled "(inferred)"), the problems that refuse the launch,
 * and the config drift against the previously launched spec.
 */
final class LaunchCheck {
  /** The launch's identity, every problem, the spec snapshot and any drift from the last one. */
  record Outcome(Map<String, String> shown, List<String> problems, SourceIdentity source,
      Map<String, String> snapshot, List<String> drift, Map<String, byte[]> shipped) {}

  private LaunchCheck() {}

  static Outcome of(RunSpec spec, Path workDir, Map<String, String> previous,
      UnaryOperator<String> scrub) {
    return of(spec, SourceIdentity.of(workDir), workDir, previous, scrub);
  }

  static Outcome of(RunSpec spec, SourceIdentity source, Path workDir,
      Map<String, String> previous, UnaryOperator<String> scrub) {
    Map<String, String> shown = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    shown.put("DRI", "@" + spec.dri());
    shown.put("Command", "`" + scrub.apply(spec.resolvedCommand()) + "`");
    boolean auto = spec.source().isAuto();
    shown.put("Git SHA", source.sha() + (auto && !source.sha().contains("inferred")
        ? " (inferred: HEAD of " + workDir + " at launch, source.git_sha is auto)" : ""));
    if (!auto && !source.sha().startsWith(spec.source().gitSha())) {
      problems.add("source.git_sha is " + spec.source().gitSha() + " but " + workDir
          + " is at " + source.sha() + ": check out the pinned commit or update the spec");
    }
    if (source.dirty()) {
      shown.put("Dirty tree", "yes, " + source.note() + "; patch identity "
          + (source.patchHash() == null ? "unknown" : source.patchHash())
          + (spec.source().allowDirty() ? " (allowed by source.allow_dirty)" : ""));
      if (!spec.source().allowDirty()) {
        problems.add("the work tree is dirty (" + source.note() + "): commit the changes, or "
            + "set source.allow_dirty: true to launch it with patch identity "
            + source.patchHash() + " recorded");
      }
    } else {
      shown.put("Dirty tree", "no");
    }
    shown.put("Output root", spec.outputRoot() + " (pinned in the spec)");
    RunSpec.Wandb w = spec.wandb();
    shown.put("W&B", w.id() == null ? "none (inferred: no wandb.id, W&B identity not tracked)"
        : (w.project() == null ? "" : w.project() + "/") + w.id() + ", resume " + w.resume());
    RunSpec.Checkpoints c = spec.checkpoints();
    CheckpointLayout layout = spec.checkpointLayout();
    shown.put("Checkpoint policy", layout.describe() + (c.layout() == null
        ? " (inferred from the pattern" + (c.completeMarker() == null
            && layout.kind() == CheckpointLayout.Kind.DIRECTORY ? " and the usual marker" : "")
        + "; set checkpoints.layout and complete_marker to say otherwise)" : "") + "; permanent "
        + (c.keepPermanentEvery() == null ? "only the final (inferred: keep_permanent_every "
            + "not set)" : "every " + c.keepPermanentEvery() + " steps") + "; temporary "
        + (c.temporaryEvery() == null ? "at the trainer's own interval (inferred)"
            : "every " + Durations.format(c.temporaryEvery())));
    shown.put("`initialize_from`", initializeFrom(spec, problems));
    shown.put("Final step", spec.finalStep() + " (from the run spec, not a progress bar)");
    if (spec.provider().isLocal()) {
      // Remote providers check in the supervisor's first seconds, where the program will run.
      CommandProgram.unresolved(spec.resolvedCommand(), workDir, System.getenv("PATH"))
          .ifPresent(problems::add);
    }
    ShippedCode.Bundle code = ShippedCode.collect(workDir, spec.source().ship());
    problems.addAll(code.problems());
    if (!spec.source().ship().isEmpty()) {
      shown.put("Shipped code", code.files().size() + " files from " + spec.source().ship()
          + ", run from their copy on the instance");
    }
    Map<String, String> snapshot = snapshot(spec, scrub);
    List<String> drift = previous == null || previous.isEmpty() ? List.of()
        : diff(previous, snapshot);
    return new Outcome(shown, problems, source, snapshot, drift, code.files());
  }

  private static String initializeFrom(RunSpec spec, List<String> problems) {
    String from = spec.resolve(spec.initializeFrom());
    if (from == null) {
      return "none (fresh start)";
    }
    OptionalLong step = spec.checkpoints().stepOf(from);
    if (step.isEmpty()) {
      problems.add("initialize_from " + from + ": no numeric step matching the checkpoint "
          + "pattern " + spec.checkpoints().pattern());
    }
    CheckpointLayout layout = spec.checkpointLayout();
    boolean checkable = spec.provider().isLocal();
    boolean present = checkable && layout.completeOnDisk(Path.of(from));
    String what = layout.kind() == CheckpointLayout.Kind.FILE ? "the checkpoint file"
        : layout.marker();
    if (checkable && !present) {
      problems.add("initialize_from " + from + ": " + what + " is missing, so the checkpoint"
          + " is not known to be complete; pick a complete one instead of guessing");
    }
    return from + ", step " + (step.isPresent() ? step.getAsLong() : "?") + ", " + what + " "
        + (checkable ? (present ? "present" : "MISSING") : "not checked (remote provider)");
  }

  /** What a relaunch must not change silently; env values only as hashes (they hold keys). */
  static Map<String, String> snapshot(RunSpec spec, UnaryOperator<String> scrub) {
    Map<String, String> s = new TreeMap<>();
    s.put("command", scrub.apply(spec.resolvedCommand()));
    s.put("final_step", String.valueOf(spec.finalStep()));
    s.put("output_root", spec.outputRoot());
    RunSpec.Checkpoints c = spec.checkpoints();
    s.put("checkpoints", spec.resolvedCheckpointDir() + " " + c.pattern() + " "
        + spec.checkpointLayout().completeness() + " permanent=" + c.keepPermanentEvery() + " temporary="
        + (c.temporaryEvery() == null ? "null" : Durations.format(c.temporaryEvery())));
    spec.env().forEach((k, v) -> s.put("env." + k, hash(v)));
    // Only when set: a snapshot from before these fields existed must not read as drift.
    if (!spec.source().ship().isEmpty()) {
      s.put("source.ship", String.join(",", spec.source().ship()));
    }
    if (spec.resolvedSetup() != null) {
      s.put("setup", scrub.apply(spec.resolvedSetup()));
    }
    if (spec.resolvedSync() != null) {
      s.put("checkpoints.sync", scrub.apply(spec.resolvedSync()));
    }
    return s;
  }

  static List<String> diff(Map<String, String> before, Map<String, String> after) {
    List<String> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String k : keys) {
      String a = before.get(k);
      String b = after.get(k);
      if (a != null && a.equals(b)) {
        continue;
      }
      boolean env = k.startsWith("env.");
      out.add(k + ": " + (a == null ? "(absent)" : env ? "(set)" : "`" + a + "`") + " -> "
          + (b == null ? "(absent)" : env ? "(set, changed)" : "`" + b + "`"));
    }
    return out;
  }

  private static String hash(String value) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
