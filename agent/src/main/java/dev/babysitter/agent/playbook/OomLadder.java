package dev.babysitter.agent.playbook;

import dev.babysitter.agent.run.RunSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic OOM ladder over the knobs a spec declares safe ({@code oom:}): a CUDA OOM in
 * training halves the micro-batch and doubles gradient accumulation (same effective batch, same
 * trajectory); an OOM during evaluation halves the eval batch. Its state is the flags it last
 * sent ({@code OOM_ARGS}, appended to the command by the supervisor), so it survives restarts
 * in the run record as one string.
 */
public final class OomLadder {
  /** The signature a ladder step is relaunched under: its own budget in the policy. */
  public static final String SIGNATURE = "oom_halving";
  public static final String ARGS = "OOM_ARGS";

  private static final Pattern FLAG = Pattern.compile("(--?[A-Za-z0-9][A-Za-z0-9_.-]*)[ =]([0-9]+)");
  // Frames of an evaluation loop in the tracebacks of HF Trainer, Lightning, Accelerate scripts.
  private static final Pattern EVAL_FRAME = Pattern.compile("(?i)evaluation_loop|prediction_step"
      + "|in evaluate\\b|\\bevaluate\\(|validation_step|_evaluation_loop|in eval_step\\b|in run_eval"
      + "|in _run_evaluate|in validate\\b");

  /** One rung: what changes, in words, and the flags to send. */
  public record Step(String change, String args) {}

  private OomLadder() {}

  /**
   * Whether the failed attempt's last traceback runs through an evaluation loop. Only the
   * traceback counts: ordinary eval log lines ({@code eval_steps_per_second}) say nothing
   * about where the OOM happened.
   */
  public static boolean duringEval(List<String> tail) {
    int from = -1;
    for (int i = tail.size() - 1; i >= 0 && from < 0; i--) {
      if (tail.get(i).contains("Traceback (most recent call last)")) {
        from = i;
      }
    }
    if (from < 0) {
      return false;
    }
    for (int i = from; i < tail.size(); i++) {
      if (EVAL_FRAME.matcher(tail.get(i)).find()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The next rung from the current flags ({@code current}: the last OOM_ARGS sent, or null), or
   * empty when the declared knobs are at their minimum (or none fits the kind of OOM).
   */
  public static Optional<Step> next(RunSpec.Oom oom, String current, boolean duringEval) {
    if (oom == null) {
      return Optional.empty();
    }
    Map<String, Integer> values = new LinkedHashMap<>();
    for (RunSpec.Oom.Knob k : new RunSpec.Oom.Knob[] {oom.microBatch(), oom.gradAccum(),
        oom.evalBatch()}) {
      if (k != null) {
        values.put(k.arg(), k.value());
      }
    }
    if (current != null) {
      Matcher m = FLAG.matcher(current);
      while (m.find()) {
        if (values.containsKey(m.group(1))) {
          values.put(m.group(1), Integer.parseInt(m.group(2)));
        }
      }
    }
    String change;
    RunSpec.Oom.Knob eval = oom.evalBatch();
    RunSpec.Oom.Knob micro = oom.microBatch();
    if (duringEval && eval != null && values.get(eval.arg()) / 2 >= eval.min()) {
      int was = values.get(eval.arg());
      values.put(eval.arg(), was / 2);
      change = "eval batch " + was + " -> " + was / 2 + " (" + eval.arg() + ")";
    } else if (!duringEval && micro != null && oom.gradAccum() != null
        && values.get(micro.arg()) / 2 >= micro.min()) {
      int was = values.get(micro.arg());
      int accum = values.get(oom.gradAccum().arg());
      values.put(micro.arg(), was / 2);
      values.put(oom.gradAccum().arg(), accum * 2);
      change = "micro-batch " + was + " -> " + was / 2 + " (" + micro.arg() + "), gradient "
          + "accumulation " + accum + " -> " + accum * 2 + " (" + oom.gradAccum().arg()
          + "): the same effective batch";
    } else {
      return Optional.empty();
    }
    StringBuilder args = new StringBuilder();
    values.forEach((flag, v) -> args.append(args.length() == 0 ? "" : " ").append(flag)
        .append(' ').append(v));
    return Optional.of(new Step(change, args.toString()));
  }
}
