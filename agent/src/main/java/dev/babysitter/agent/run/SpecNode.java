package dev.babysitter.agent.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cursor over one YAML mapping of a run spec that reads typed values and records, instead of
 * throwing, every type error and unknown key at its field path. The keys asked for are the
 * known shape, so the reader and the unknown-key check cannot drift apart.
 * An explicit YAML {@code null} counts as absent, as the DESIGN.md example relies on.
 */
final class SpecNode {

  private final JsonNode node; // null when the section is absent or was not a mapping
  private final String prefix;
  private final List<SpecProblem> problems;
  private final Set<String> known = new LinkedHashSet<>();
  // A section that was there but not a mapping: its own problem says it all, so its "missing"
  // required keys would only be noise.
  private final boolean broken;

  private SpecNode(JsonNode node, String prefix, List<SpecProblem> problems, boolean broken) {
    this.node = node;
    this.prefix = prefix;
    this.problems = problems;
    this.broken = broken;
  }

  static SpecNode root(JsonNode node, List<SpecProblem> problems) {
    return new SpecNode(node, "", problems, false);
  }

  /** A nested mapping; absent or wrong-typed sections read as empty so defaults still apply. */
  SpecNode section(String key) {
    JsonNode v = value(key);
    boolean broken = v != null && !v.isObject();
    if (broken) {
      problem(key, "expected a mapping, got " + describe(v));
    }
    return new SpecNode(broken ? null : v, path(key) + ".", problems, broken);
  }

  boolean present(String key) {
    return value(key) != null;
  }

  /** Records a problem at a key of this mapping. */
  void problem(String key, String reason) {
    problems.add(new SpecProblem(path(key), reason));
  }

  String path(String key) {
    return prefix + key;
  }

  /** Reports a required key that is absent or null; returns whether it is present. */
  boolean require(String key) {
    if (present(key)) {
      return true;
    }
    if (broken) {
      return false;
    }
    problem(key, "required field is missing");
    return false;
  }

  /** Text; integers are taken as their decimal text since YAML reads e.g. an id 1234 as a number. */
  String string(String key, String fallback) {
    JsonNode v = value(key);
    if (v == null) {
      return fallback;
    }
    if (v.isTextual() || v.isIntegralNumber()) {
      return v.asText();
    }
    problem(key, "expected a string, got " + describe(v));
    return fallback;
  }

  /** Text only: for values such as a git sha whose digits YAML would otherwise reinterpret. */
  String quotedString(String key, String fallback) {
    JsonNode v = value(key);
    if (v == null || v.isTextual()) {
      return v == null ? fallback : v.asText();
    }
    problem(key, "expected a string, got " + describe(v) + " (quote it)");
    return fallback;
  }

  Long integer(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return null;
    }
    if (v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong()) {
      return v.asLong();
    }
    problem(key, "expected an integer, got " + describe(v));
    return null;
  }

  Integer smallInteger(String key) {
    Long n = integer(key);
    if (n == null) {
      return null;
    }
    if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
      problem(key, "integer " + n + " is out of range");
      return null;
    }
    return n.intValue();
  }

  Double number(String key) {
    JsonNode v = value(key);
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    problem(key, "expected a number, got " + describe(v));
    return null;
  }

  boolean bool(String key, boolean fallback) {
    JsonNode v = value(key);
    if (v == null) {
      return fallback;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    problem(key, "expected true or false, got " + describe(v));
    return fallback;
  }

  /** A duration string (see {@link Durations}) or an integer number of seconds. */
  Duration duration(String key, Duration fallback) {
    JsonNode v = value(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isTextual() && !v.isIntegralNumber()) {
      problem(key, "expected a duration such as 15m, got " + describe(v));
      return fallback;
    }
    try {
      return Durations.parse(v.asText());
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return fallback;
    }
  }

  /**
   * A mapping of free-form keys to scalar values (numbers and booleans taken as text, since
   * {@code SEED: 42} in an env block is meant as the string "42").
   */
  Map<String, String> stringMap(String key) {
    JsonNode v = value(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      problem(key, "expected a mapping, got " + describe(v));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      JsonNode value = e.getValue();
      if (value.isValueNode() && !value.isNull()) {
        out.put(e.getKey(), value.asText());
      } else {
        problems.add(new SpecProblem(path(key) + "." + e.getKey(),
            "expected a string, got " + describe(value)));
      }
    }
    return out;
  }

  /** A list of strings (a single string counts as a list of one). */
  List<String> stringList(String key) {
    JsonNode v = value(key);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isTextual()) {
      out.add(v.asText());
      return out;
    }
    if (!v.isArray()) {
      problem(key, "expected a list of strings, got " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      if (v.get(i).isTextual()) {
        out.add(v.get(i).asText());
      } else {
        problems.add(new SpecProblem(path(key) + "[" + i + "]", "expected a string, got "
            + describe(v.get(i))));
      }
    }
    return out;
  }

  /** Reports every key of this mapping that was never asked for, with the nearest known key. */
  void rejectUnknown() {
    if (node == null) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      if (!known.contains(key)) {
        String near = KeyNames.closest(key, known);
        problem(key, near == null ? "unknown field" : "unknown field (did you mean \"" + near + "\"?)");
      }
    }
  }

  private JsonNode value(String key) {
    known.add(key);
    if (node == null) {
      return null;
    }
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  static String describe(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "nothing";
    }
    if (v.isTextual()) {
      return "\"" + v.asText() + "\"";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a mapping";
    }
    return v.asText();
  }
}
