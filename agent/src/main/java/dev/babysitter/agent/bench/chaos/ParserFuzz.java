package dev.babysitter.agent.bench.chaos;

import dev.babysitter.tools.logs.Classification;
import dev.babysitter.tools.logs.FailureClassifier;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.logs.ProgressParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Random, binary, huge (1 MB) and adversarial lines through the progress parser and the failure
 * classifier, as the watcher feeds them: each line alone, then the recent window as a log tail.
 * Counts throwables that escape (goal 0), classifications that say the classifier itself failed
 * (it swallows its own exceptions; goal 0), readings no log can mean (a negative step, a NaN step
 * count; goal 0), heap growth after a full GC, and lines per second.
 */
public final class ParserFuzz implements ChaosExperiment {
  private static final int HUGE = 1 << 20;
  /** The watcher reads a log tail of about this many lines. */
  private static final int WINDOW = 200;

  /** Real shapes of progress and failure lines, mutated into adversarial ones. */
  private static final List<String> SEEDS = List.of(
      "{'loss': 2.3456, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.12}",
      " 12%|█▏        | 120/1000 [00:30<03:40,  4.00it/s]",
      "iter 100: loss 2.3456, time 12.34ms, mfu 35.2%",
      " iteration      100/   10000 | consumed samples: 3200 | elapsed time per iteration (ms): "
          + "512.3 | learning rate: 1.000E-04 | lm loss: 2.345678E+00 | loss scale: 1.0 |",
      "{\"step\": 100, \"loss\": 2.3, \"lr\": 0.001}",
      "step=100 loss=2.345 lr=1e-4 tokens_per_sec=12000",
      "Epoch 1:  12%|█▏  | 120/1000 [00:30<03:40, 4.00it/s, v_num=0, train_loss=2.34]",
      "[rank0]: step: 100  loss:  2.3456  memory: 30.2GiB(40%)  tps: 12,345  mfu: 40.1%",
      "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB",
      "RuntimeError: NCCL error in: ../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1207,"
          + " unhandled system error",
      "Traceback (most recent call last):",
      "  File \"/workspace/train.py\", line 42, in <module>",
      "ModuleNotFoundError: No module named 'flash_attn'",
      "OSError: [Errno 28] No space left on device",
      "=== babysitter attempt 2 ===",
      "loss: nan step: 1200",
      "1/1000 [..............................] - ETA: 1:23 - loss: 2.3456",
      "Killed",
      "torch.distributed.elastic.multiprocessing.api: [ERROR] failed (exitcode: -9)",
      "wandb: Network error (ConnectionError), entering retry loop.");

  private static final List<String> NASTY = List.of("NaN", "nan", "inf", "-inf", "1e999999",
      "-1", "-0", "99999999999999999999999999999", "0x1F", "١٢٣", "１２３", "\u0000", "\r",
      "\r\r\r", "\u200b", "\ufeff", "{", "}", "[", "]", "'", "\"", "\\", "%", "|", ":", "=",
      "e+", "..", "�", "\ud800", "\udc00", "\u001b[31m", "\t", "loss", "step", "it/s",
      "Error:", "Traceback", "===");

  @Override
  public String name() {
    return "parser-fuzz";
  }

  @Override
  public String violation() {
    return "exceptions";
  }

  @Override
  public ChaosResult run(ChaosSettings settings) {
    int lines = settings.size(1_000_000, 5_000);
    int hugeEvery = settings.size(5_000, 2_500);
    // A tail classification costs tens of milliseconds (it is the watcher's per-check work).
    int tailEvery = settings.size(500, 50);
    Random rnd = new Random(settings.seed());
    ProgressParser parser = new ProgressParser();
    FailureClassifier classifier = new FailureClassifier();
    ArrayDeque<String> window = new ArrayDeque<>();
    long escaped = 0;
    long classifierFailed = 0;
    long implausible = 0;
    long readings = 0;
    long classified = 0;
    long huge = 0;
    long slowestNanos = 0;
    long parseNanos = 0;
    long tailNanos = 0;
    String slowest = "";
    List<String> examples = new ArrayList<>();
    Map<String, Long> byKind = new LinkedHashMap<>();
    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    for (int i = 0; i < lines; i++) {
      String kind;
      String line;
      if (i % hugeEvery == hugeEvery - 1) {
        kind = "huge";
        line = huge(rnd);
        huge++;
      } else {
        int pick = rnd.nextInt(10);
        kind = pick < 3 ? "random" : pick < 5 ? "binary" : "adversarial";
        line = switch (kind) {
          case "random" -> random(rnd);
          case "binary" -> binary(rnd);
          default -> adversarial(rnd);
        };
      }
      byKind.merge(kind, 1L, Long::sum);
      long t0 = System.nanoTime();
      try {
        Optional<Progress> p = parser.parseLine(line);
        if (p.isPresent()) {
          readings++;
          String why = implausible(p.get());
          if (why != null) {
            implausible++;
            example(examples, why + " from " + shorten(line));
          }
        }
      } catch (Throwable e) {
        escaped++;
        example(examples, "parseLine threw " + e + " on " + shorten(line));
      }
      long took = System.nanoTime() - t0;
      parseNanos += took;
      if (took > slowestNanos) {
        slowestNanos = took;
        slowest = kind;
      }
      // Huge lines stay out of the window: a 200 MB window would measure the fuzzer, not us.
      window.addLast(kind.equals("huge") ? line.substring(0, 4096) : line);
      if (window.size() > WINDOW) {
        window.removeFirst();
      }
      if (i % tailEvery == tailEvery - 1 || kind.equals("huge")) {
        List<String> tail = new ArrayList<>(window);
        if (kind.equals("huge")) {
          tail.add(line);
        }
        long t1 = System.nanoTime();
        try {
          Classification c = classifier.classify(tail);
          classified++;
          if (c.evidence().startsWith("classifier failed")) {
            classifierFailed++;
            example(examples, c.evidence());
          }
          parser.lastProgress(tail);
        } catch (Throwable e) {
          escaped++;
          example(examples, "classify/lastProgress threw " + e);
        }
        tailNanos += System.nanoTime() - t1;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long heapAfter = usedHeapAfterGc();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("classifier_failures", Long.toString(classifierFailed));
    f.put("implausible_readings", Long.toString(implausible));
    f.put("lines_per_s", String.format(java.util.Locale.ROOT, "%.0f", lines / seconds));
    f.put("parse_lines_per_s", String.format(java.util.Locale.ROOT, "%.0f",
        lines / (parseNanos / 1e9)));
    f.put("tail_ms", String.format(java.util.Locale.ROOT, "%.2f",
        tailNanos / 1e6 / Math.max(1, classified)));
    f.put("heap_growth_mb", String.format(java.util.Locale.ROOT, "%.1f",
        (heapAfter - heapBefore) / 1048576.0));
    f.put("huge_lines", Long.toString(huge));
    f.put("readings", Long.toString(readings));
    f.put("tails_classified", Long.toString(classified));
    f.put("slowest_line_ms", String.format(java.util.Locale.ROOT, "%.1f (%s)",
        slowestNanos / 1e6, slowest));
    return new ChaosResult(name(), lines, escaped + classifierFailed + implausible, violation(), f,
        examples, java.time.Duration.ZERO);
  }

  /** Why no log could mean this reading, or null. */
  static String implausible(Progress p) {
    if (p.step() != null && p.step() < 0) {
      return "negative step " + p.step();
    }
    if (p.total() != null && p.total() < 0) {
      return "negative total " + p.total();
    }
    if (p.loss() != null && (p.loss().isNaN() || p.loss().isInfinite()) && !p.nanInf()) {
      return "loss " + p.loss() + " without the NaN/Inf flag";
    }
    if (p.stepsPerSecond() != null && (p.stepsPerSecond().isNaN() || p.stepsPerSecond() < 0)) {
      return "steps/s " + p.stepsPerSecond();
    }
    return null;
  }

  private static void example(List<String> examples, String text) {
    if (examples.size() < 5) {
      examples.add(text);
    }
  }

  private static String shorten(String line) {
    String s = line.length() > 120 ? line.substring(0, 120) + "…(" + line.length() + " chars)"
        : line;
    StringBuilder sb = new StringBuilder();
    s.codePoints().forEach(c -> sb.append(c < 32 || c == 127 ? String.format("\\x%02x", c)
        : new String(Character.toChars(c))));
    return sb.toString();
  }

  private static String random(Random rnd) {
    int n = rnd.nextInt(200);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) (32 + rnd.nextInt(95)));
    }
    return sb.toString();
  }

  /** Bytes as a log reader may decode them: Latin-1 for raw bytes, or any UTF-16 unit. */
  private static String binary(Random rnd) {
    int n = rnd.nextInt(300);
    StringBuilder sb = new StringBuilder(n);
    boolean wide = rnd.nextBoolean();
    for (int i = 0; i < n; i++) {
      sb.append(wide ? (char) rnd.nextInt(0x10000) : (char) rnd.nextInt(256));
    }
    return sb.toString();
  }

  private static String adversarial(Random rnd) {
    String seed = SEEDS.get(rnd.nextInt(SEEDS.size()));
    StringBuilder sb = new StringBuilder(seed);
    int edits = 1 + rnd.nextInt(6);
    for (int e = 0; e < edits; e++) {
      int at = sb.isEmpty() ? 0 : rnd.nextInt(sb.length() + 1);
      switch (rnd.nextInt(5)) {
        case 0 -> sb.insert(at, NASTY.get(rnd.nextInt(NASTY.size())));
        case 1 -> { // replace a number-ish run with a nasty value
          int end = Math.min(sb.length(), at + 1 + rnd.nextInt(8));
          sb.replace(at, end, NASTY.get(rnd.nextInt(NASTY.size())));
        }
        case 2 -> sb.insert(at, String.valueOf(rnd.nextLong()));
        case 3 -> sb.append('\r').append(SEEDS.get(rnd.nextInt(SEEDS.size())));
        default -> sb.insert(at, SEEDS.get(rnd.nextInt(SEEDS.size())));
      }
    }
    return sb.toString();
  }

  /** A megabyte of one of the shapes that make regexes and scanners work hardest. */
  private static String huge(Random rnd) {
    StringBuilder sb = new StringBuilder(HUGE + 64);
    String unit = switch (rnd.nextInt(7)) {
      case 0 -> "loss=";
      case 1 -> "1";
      case 2 -> "{'loss': ";
      case 3 -> " 12%|█▏  | 120/1000 [00:30<03:40,  4.00it/s]\r";
      case 4 -> "step ";
      case 5 -> " ";
      default -> SEEDS.get(rnd.nextInt(SEEDS.size()));
    };
    while (sb.length() < HUGE) {
      sb.append(unit);
    }
    return sb.toString();
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
