package dev.babysitter.tools.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a checkpoint of one run looks like on disk, and when it is complete: the one definition
 * that the probe, the supervisor (through {@link #env()}), the catalogue, sync, resume and the
 * seal share.
 *
 * <p>Two kinds. A {@code DIRECTORY} ({@code step-{n}/}, Hugging Face's {@code checkpoint-{n}/})
 * is complete when its marker file exists inside it ({@code metadata.json},
 * {@code trainer_state.json}). A {@code FILE} ({@code ckpt_{n}.pt},
 * {@code epoch={e}-step={n}.ckpt}, {@code model_{n}.safetensors}) is complete once it exists
 * under its final name: nanoGPT, Lightning and most single-file savers write a temporary name
 * and rename it, so a half-written file never carries the final name.
 *
 * <p>Pattern syntax: exactly one {@code {n}} (the step, digits), any number of {@code {e}}
 * (another number, e.g. the epoch) and {@code *} (any characters); everything else literal.
 */
public record CheckpointLayout(String dir, String pattern, Kind kind, String marker) {

  /** How completeness is told. */
  public enum Kind {
    DIRECTORY, FILE;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String STEP = "{n}";
  public static final String NUMBER = "{e}";
  public static final String DEFAULT_MARKER = "metadata.json";
  /** Hugging Face Trainer writes trainer_state.json last into checkpoint-{n}/. */
  public static final String HF_MARKER = "trainer_state.json";

  private static final List<String> FILE_SUFFIXES = List.of(".pt", ".pth", ".ckpt",
      ".safetensors", ".bin", ".pkl", ".pickle", ".npz", ".npy", ".h5", ".hdf5", ".tar",
      ".msgpack", ".zip", ".keras", ".joblib", ".gguf", ".pdparams", ".distcp");

  public CheckpointLayout {
    if (kind == Kind.FILE) {
      marker = null;
    }
  }

  /**
   * The layout a spec means. {@code kind} ("directory", "dir" or "file") and {@code marker} may
   * be null: then the kind is inferred from the pattern (a file suffix such as {@code .pt} means
   * single files) and the marker from the kind ({@code checkpoint-{n}} means Hugging Face's
   * {@code trainer_state.json}, other directories {@code metadata.json}). Call
   * {@link #problems} first: this throws on what it reports.
   */
  public static CheckpointLayout of(String dir, String pattern, String kind, String marker) {
    List<String> wrong = problems(pattern, kind, marker);
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", wrong));
    }
    Kind k = kind == null ? inferKind(pattern) : parseKind(kind);
    String m = k == Kind.FILE ? null : marker != null ? marker : inferMarker(pattern);
    return new CheckpointLayout(dir, pattern, k, m);
  }

  /** The classic layout: {@code prefix{n}/} directories complete when {@code marker} exists. */
  public static CheckpointLayout directories(String dir, String pattern, String marker) {
    return of(dir, pattern, "directory", marker);
  }

  /** Every problem with these spec values, as "field: reason" texts; empty when usable. */
  public static List<String> problems(String pattern, String kind, String marker) {
    List<String> out = new ArrayList<>();
    if (pattern == null || pattern.isBlank()) {
      out.add("pattern: is required, e.g. \"step-{n}\" or \"ckpt_{n}.pt\"");
      return out;
    }
    int steps = pattern.split(Pattern.quote(STEP), -1).length - 1;
    if (steps != 1) {
      out.add("pattern: must contain exactly one {n}, got \"" + pattern + "\"");
    }
    if (pattern.contains("/")) {
      out.add("pattern: is one name inside checkpoints.dir and must not contain '/'");
    }
    String rest = pattern.replace(STEP, "").replace(NUMBER, "");
    if (rest.matches(".*\\{[^}]*}.*")) {
      out.add("pattern: only {n} (the step) and {e} (another number, e.g. the epoch) are "
          + "placeholders, got \"" + pattern + "\"");
    }
    Kind k = null;
    if (kind != null) {
      try {
        k = parseKind(kind);
      } catch (IllegalArgumentException e) {
        out.add("layout: must be directory or file, got \"" + kind + "\"");
        k = steps == 1 ? inferKind(pattern) : null; // still check the marker against the name
      }
    } else if (steps == 1) {
      k = inferKind(pattern);
    }
    if (marker != null) {
      if (k == Kind.FILE) {
        out.add("complete_marker: \"" + pattern + "\" names single files, which are complete once"
            + " they exist under their final name; remove complete_marker, or set layout: "
            + "directory if each checkpoint is a directory");
      } else if (marker.isBlank() || marker.contains("/") || marker.equals("..")) {
        out.add("complete_marker: must be a file name inside the checkpoint directory, got \""
            + marker + "\"");
      }
    }
    return out;
  }

  /** Whether a listing entry of this kind could be a checkpoint. */
  public boolean accepts(boolean directory) {
    return directory == (kind == Kind.DIRECTORY);
  }

  /** The numeric step in a checkpoint name or path, or empty when it does not match. */
  public OptionalLong stepOf(String nameOrPath) {
    if (nameOrPath == null) {
      return OptionalLong.empty();
    }
    String name = nameOrPath.strip();
    while (name.endsWith("/") && name.length() > 1) {
      name = name.substring(0, name.length() - 1);
    }
    name = name.substring(name.lastIndexOf('/') + 1);
    Matcher m = javaRegex().matcher(name);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /** The path of the checkpoint at {@code step}; only meaningful without {@code {e}} or *. */
  public String pathFor(long step) {
    String name = pattern.replace(STEP, Long.toString(step));
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  /** Checks a checkpoint on this machine's disk: the right kind, and its marker when it has one. */
  public boolean completeOnDisk(Path path) {
    if (kind == Kind.FILE) {
      return Files.isRegularFile(path);
    }
    return Files.isDirectory(path) && Files.isRegularFile(path.resolve(marker));
  }

  /** One sentence for the logbook and the launch output: what was understood. */
  public String describe() {
    String where = (dir.endsWith("/") ? dir : dir + "/") + pattern;
    if (kind == Kind.FILE) {
      return "single files " + where + ", complete once present under the final name (a saver "
          + "writes a temporary name, then renames it)";
    }
    return "directories " + where + "/, complete when " + marker + " exists inside";
  }

  /** What makes one complete, in a few words: "metadata.json" or "file present". */
  public String completeness() {
    return kind == Kind.FILE ? "file present" : marker;
  }

  /**
   * The variables the supervisor reads from {@code supervisor.env}: the directory, the kind,
   * the marker (empty for files), a POSIX extended regex whose first group is the step (for
   * {@code sed -E}), and the legacy literal prefix.
   */
  public Map<String, String> env() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("CHECKPOINT_DIR", dir);
    out.put("CHECKPOINT_LAYOUT", kind.word());
    out.put("COMPLETE_MARKER", marker == null ? "" : marker);
    out.put("CHECKPOINT_REGEX", posixRegex());
    out.put("CHECKPOINT_PREFIX", pattern.substring(0, pattern.indexOf(STEP)));
    return out;
  }

  Pattern javaRegex() {
    StringBuilder re = new StringBuilder();
    for (String token : tokens()) {
      switch (token) {
        case STEP -> re.append("(\\d{1,18})");
        case NUMBER -> re.append("\\d+");
        case "*" -> re.append(".*");
        default -> re.append(Pattern.quote(token));
      }
    }
    return Pattern.compile(re.toString());
  }

  /** Anchored ERE: literal characters escaped one by one, so any name works in sed -E. */
  String posixRegex() {
    StringBuilder re = new StringBuilder("^");
    for (String token : tokens()) {
      switch (token) {
        case STEP -> re.append("([0-9]+)");
        case NUMBER -> re.append("[0-9]+");
        case "*" -> re.append(".*");
        default -> {
          for (char c : token.toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '=' || c == ' ') {
              re.append(c);
            } else {
              re.append(c == '^' ? "\\^" : "[" + c + "]"); // one-character class: literal
            }
          }
        }
      }
    }
    return re.append('$').toString();
  }

  private List<String> tokens() {
    List<String> out = new ArrayList<>();
    int i = 0;
    StringBuilder lit = new StringBuilder();
    while (i < pattern.length()) {
      String special = pattern.startsWith(STEP, i) ? STEP : pattern.startsWith(NUMBER, i) ? NUMBER
          : pattern.charAt(i) == '*' ? "*" : null;
      if (special == null) {
        lit.append(pattern.charAt(i++));
        continue;
      }
      if (lit.length() > 0) {
        out.add(lit.toString());
        lit.setLength(0);
      }
      out.add(special);
      i += special.length();
    }
    if (lit.length() > 0) {
      out.add(lit.toString());
    }
    return out;
  }

  private static Kind parseKind(String kind) {
    return switch (kind.strip().toLowerCase(Locale.ROOT)) {
      case "directory", "dir", "directories" -> Kind.DIRECTORY;
      case "file", "files", "single_file", "single-file" -> Kind.FILE;
      default -> throw new IllegalArgumentException("layout: " + kind);
    };
  }

  /** A known file suffix after the last placeholder means single files. */
  static Kind inferKind(String pattern) {
    String tail = pattern.substring(Math.max(pattern.lastIndexOf('}'), pattern.lastIndexOf('*'))
        + 1).toLowerCase(Locale.ROOT);
    for (String suffix : FILE_SUFFIXES) {
      if (tail.endsWith(suffix)) {
        return Kind.FILE;
      }
    }
    return Kind.DIRECTORY;
  }

  private static String inferMarker(String pattern) {
    return pattern.equals("checkpoint-{n}") ? HF_MARKER : DEFAULT_MARKER;
  }
}
