package dev.babysitter.tools.provider.slurm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPU rows from every node of a job, not only from the host the probe's shell runs on: one
 * idle node in a hung collective must be seen. {@link #function} defines {@code nvidia-smi} as
 * a bash function for the probe's script; it runs the real one once per node with {@code srun
 * --jobid <id> --overlap --label} and tags what comes back, and {@link #rewrite} turns the
 * tagged lines into the rows the prober reads, each GPU's name carrying its node
 * ({@code NVIDIA H100 80GB HBM3 on gpu-3}). When no step could be started (srun not allowed
 * here, an older Slurm without {@code --overlap}), the rows come from the first node alone,
 * read where the shell runs when that is the first node and over {@code ssh} otherwise, with a
 * line saying so, which the prober reports as the GPU problem. Whatever srun or the nodes'
 * {@code nvidia-smi} print that is not a row stays a line the prober cannot parse: a node
 * without {@code nvidia-smi} gives no rows (no GPU telemetry), never invented numbers.
 */
final class SlurmGpuProbe {
  static final String TAG = "@@slurm-gpu:";
  private static final Pattern LABELLED = Pattern.compile("^\\s*(\\d+): ?(.*)$");
  private static final Pattern ROW = Pattern.compile(
      "^\\s*(\\d+),\\s*([^,]+?),\\s*(\\d+),\\s*(\\d+),\\s*(\\d+)\\s*$");

  private SlurmGpuProbe() {}

  /**
   * The bash definition of {@code nvidia-smi} for job {@code jobId}, with Slurm's client
   * environment ({@code exports}, e.g. SLURM_CONF) in front. Bash, not sh: a function name
   * with a dash is a bash extension, and the function must win over any {@code nvidia-smi} the
   * probe's PATH holds (the job's own is found by srun on the nodes, with this PATH exported).
   */
  static String function(String jobId, String exports) {
    String id = BatchScript.quote(jobId);
    // Bash builtins wherever they do: every fork counts on a loaded login node, every probe.
    return String.join("\n",
        "nvidia-smi() {",
        "  local n a c out rc first l re=$'(^|\\n) *[0-9]+: '",
        "  " + exports,
        "  n=$(squeue --noheader --jobs=" + id + " --format=%N 2>/dev/null)",
        "  n=${n%%$'\\n'*}; n=${n//[[:space:]]/}",
        "  if [ -z \"$n\" ] || [ \"$n\" = '(null)' ]; then",
        "    echo '" + TAG + "none job '" + id + "' has no nodes (not running)'; return 1",
        "  fi",
        "  mapfile -t a < <(scontrol show hostnames \"$n\"); c=${#a[@]}",
        "  echo \"" + TAG + "nodes ${a[*]}\"",
        // A node that does not answer must not hold the probe past its own timeout.
        "  out=$(timeout -k 2 15 srun --jobid=" + id + " --overlap --nodes=$c"
            + " --ntasks=$c --ntasks-per-node=1 --label --kill-on-bad-exit=0 nvidia-smi \"$@\""
            + " 2>&1 </dev/null); rc=$?",
        "  if [[ $out =~ $re ]]; then",
        "    while IFS= read -r l; do echo \"" + TAG + "row $l\"; done <<< \"$out\"; return $rc",
        "  fi",
        "  while IFS= read -r l; do [ -n \"$l\" ] && break; done <<< \"$out\"",
        "  echo \"" + TAG + "fallback $l\"",
        "  first=${a[0]}",
        "  if [ \"$first\" = \"$(hostname -s)\" ] || [ \"$first\" = \"$(hostname)\" ]; then",
        "    out=$(command nvidia-smi \"$@\" 2>&1); rc=$?",
        "  else",
        "    out=$(timeout -k 2 10 ssh -o BatchMode=yes -o ConnectTimeout=5 \"$first\""
            + " nvidia-smi \"$@\" 2>&1 </dev/null); rc=$?",
        "  fi",
        "  while IFS= read -r l; do [ -n \"$l\" ] && echo \"" + TAG + "first $l\"; done"
            + " <<< \"$out\"; return $rc",
        "}");
  }

  /** The probe's output with the tagged lines turned into rows and problem lines. */
  static String rewrite(String stdout) {
    if (!stdout.contains(TAG)) {
      return stdout;
    }
    List<String> nodes = new ArrayList<>();
    StringBuilder out = new StringBuilder(stdout.length());
    for (String line : stdout.split("\n", -1)) {
      if (!line.startsWith(TAG)) {
        out.append(line).append('\n');
        continue;
      }
      String body = line.substring(TAG.length());
      int space = body.indexOf(' ');
      String kind = space < 0 ? body : body.substring(0, space);
      String rest = space < 0 ? "" : body.substring(space + 1);
      String converted = switch (kind) {
        case "nodes" -> {
          nodes.clear();
          for (String node : rest.strip().split("\\s+")) {
            if (!node.isEmpty()) {
              nodes.add(node);
            }
          }
          yield null;
        }
        case "row" -> labelled(rest, nodes);
        case "first" -> onNode(rest, nodes.isEmpty() ? "the first node" : nodes.get(0));
        case "fallback" -> "srun --overlap could not run on the job's nodes ("
            + (rest.isBlank() ? "no output" : rest.strip()) + "): GPU rows from "
            + (nodes.isEmpty() ? "the first node" : nodes.get(0)) + " only";
        case "none" -> "no GPU rows: " + rest.strip();
        default -> rest;
      };
      if (converted != null) {
        out.append(converted).append('\n');
      }
    }
    // split(-1) gave one empty piece after a final newline: keep the text's own ending
    out.setLength(out.length() - 1);
    return out.toString();
  }

  /** One line of {@code srun --label} output: {@code 1: 0, NVIDIA H100, 97, 1000, 81559}. */
  private static String labelled(String line, List<String> nodes) {
    Matcher m = LABELLED.matcher(line);
    if (!m.matches()) {
      return line; // srun's own words (srun: error: ...): the prober reports them
    }
    int task = Integer.parseInt(m.group(1));
    // One task per node, block distribution: task i runs on the allocation's i-th node.
    String node = task < nodes.size() ? nodes.get(task) : "task " + task;
    return onNode(m.group(2), node);
  }

  private static String onNode(String text, String node) {
    Matcher row = ROW.matcher(text);
    if (row.matches()) {
      return row.group(1) + ", " + row.group(2) + " on " + node + ", " + row.group(3) + ", "
          + row.group(4) + ", " + row.group(5);
    }
    return node + ": " + text.strip();
  }
}
