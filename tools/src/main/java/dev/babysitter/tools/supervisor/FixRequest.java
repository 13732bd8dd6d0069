package dev.babysitter.tools.supervisor;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One fix for the supervisor to apply ({@code control/fix}), checked against the whitelist that
 * {@code supervisor.sh} checks again on the instance: a detail that passes is data the supervisor
 * passes as one quoted argument or exports as one variable, so it cannot run anything.
 *
 * <ul>
 *   <li>{@code pip_install}: one package spec, e.g. {@code numpy==1.26.4}, installed with
 *       {@code PIP_INSTALL_CMD};
 *   <li>{@code env}: {@code KEY=value}, exported to every later attempt (a relaunch's own
 *       {@code KEY=value} wins);
 *   <li>{@code prune_caches}: the low-disk prune (caches only, never checkpoints); no detail.
 * </ul>
 */
public record FixRequest(String kind, String detail) {

  public static final Set<String> KINDS = Set.of("pip_install", "env", "prune_caches");
  static final int MAX_DETAIL = 200;
  static final Pattern PACKAGE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*([<>=!~]=?[A-Za-z0-9.*+!-]+)?");
  static final Pattern ENV_KEY = Pattern.compile("[A-Z][A-Z0-9_]*");
  // Printable ASCII without quotes, backslash, backtick and $: nothing a shell could expand.
  static final Pattern ENV_VALUE = Pattern.compile("[ !#%&()*+,\\-./0-9:;<=>?@A-Z\\[\\]^_a-z{|}~]*");
  /** The supervisor's own keys, and names that steer a shell or the dynamic linker. */
  public static final Set<String> RESERVED = Set.of("RUN_NAME", "TRAIN_CMD", "WORK_DIR",
      "OUTPUT_ROOT", "CHECKPOINT_DIR", "CHECKPOINT_PREFIX", "COMPLETE_MARKER", "FINAL_STEP",
      "LOG_FILE", "MAX_AUTO_FIXES", "AUTO_DESTROY_AFTER_S", "LEASE_TIMEOUT_S", "STALE_AFTER_S",
      "HEARTBEAT_S", "DESTROY_CMD", "EXTRA_PATH", "OOM_REDUCE_EVAL_BATCH", "EVAL_BATCH_SIZE",
      "PRUNE_TMP_DIR", "PRUNE_TMP_MIN", "TICK_S", "SETUP_CMD", "SYNC_CMD", "PIP_INSTALL_CMD",
      "APT_INSTALL_CMD", "RESUME_FROM", "PATH", "HOME", "IFS", "ENV", "BASH_ENV", "SHELL", "PWD",
      "OLDPWD", "PS4", "CHECKPOINT_LAYOUT", "CHECKPOINT_REGEX", "STARTUP_GRACE_S",
      "STALE_NO_GPU_AFTER_S");

  /** Thrown for a fix outside the whitelist; the message says which rule it broke. */
  public static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  public FixRequest {
    kind = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
    detail = detail == null ? "" : detail.strip();
    String why = refusal(kind, detail);
    if (why != null) {
      throw new Refused(why);
    }
  }

  /** The {@code control/fix} file: the kind, then the detail, one line each. */
  public String controlFileText() {
    return kind + "\n" + detail + "\n";
  }

  public String describe() {
    return detail.isEmpty() ? kind : kind + " " + detail;
  }

  private static String refusal(String kind, String detail) {
    if (detail.length() > MAX_DETAIL) {
      return "detail longer than " + MAX_DETAIL + " characters";
    }
    switch (kind) {
      case "pip_install":
        return PACKAGE.matcher(detail).matches() ? null
            : "pip_install takes one package spec such as numpy==1.26.4, got \"" + detail + "\"";
      case "env":
        int eq = detail.indexOf('=');
        if (eq < 0) {
          return "env takes KEY=value, got \"" + detail + "\"";
        }
        String key = detail.substring(0, eq);
        if (!ENV_KEY.matcher(key).matches()) {
          return "env key must match [A-Z][A-Z0-9_]*, got \"" + key + "\"";
        }
        if (RESERVED.contains(key) || key.startsWith("LD_") || key.startsWith("BABYSITTER_")) {
          return "env key " + key + " is reserved";
        }
        return ENV_VALUE.matcher(detail.substring(eq + 1)).matches() ? null
            : "env value must be printable ASCII without quotes, backslashes or $";
      case "prune_caches":
        return detail.isEmpty() ? null : "prune_caches takes no detail";
      default:
        return "unknown fix kind \"" + kind + "\" (allowed: pip_install, env, prune_caches)";
    }
  }
}
