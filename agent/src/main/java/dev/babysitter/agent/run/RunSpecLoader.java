package dev.babysitter.agent.run;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a run spec and reports every problem at once, each at its field path, so a person can
 * fix a spec in one pass instead of one launch attempt per mistake.
 */
public final class RunSpecLoader {

  // Duplicate keys would otherwise silently keep the last value: a classic copy-paste hazard.
  private final YAMLMapper mapper = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** Loads a spec file; a missing file is reported as a problem at {@code (file)}. */
  public RunSpec load(Path file) throws InvalidSpecException, IOException {
    if (!Files.exists(file)) {
      throw new InvalidSpecException(file.toString(),
          List.of(new SpecProblem("(file)", "not found: " + file)));
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidSpecException(file.toString(),
          List.of(new SpecProblem("(file)", "not a regular file: " + file)));
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses and validates YAML text.
   *
   * @param sourceName what to call the spec in messages, usually its file name
   */
  public RunSpec parse(String yaml, String sourceName) throws InvalidSpecException {
    List<SpecProblem> problems = new ArrayList<>();
    JsonNode tree = readTree(yaml, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(sourceName, problems);
    }
    RunSpec spec = SpecReader.read(tree, problems);
    for (SpecProblem p : validate(spec)) {
      // A field already reported as malformed or missing was replaced by a default or null;
      // judging that stand-in would only repeat the same complaint in other words.
      if (!coveredBy(p, problems)) {
        problems.add(p);
      }
    }
    if (!problems.isEmpty()) {
      // Stable sort into the file's own order, so the list reads top to bottom like the spec;
      // fields that are missing entirely come last within their section.
      problems.sort(Comparator.comparing(p -> documentRank(tree, p.path()), RunSpecLoader::lexical));
      throw new InvalidSpecException(sourceName, problems);
    }
    return spec;
  }

  /** Meaning checks on a spec, however it was built; empty when it may be launched. */
  public List<SpecProblem> validate(RunSpec spec) {
    return SpecValidator.validate(spec);
  }

  private JsonNode readTree(String yaml, List<SpecProblem> problems) {
    try (JsonParser parser = mapper.createParser(yaml)) {
      JsonNode tree = mapper.readTree(parser);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        problems.add(new SpecProblem("(document)", "the spec is empty"));
        return null;
      }
      if (!tree.isObject()) {
        problems.add(new SpecProblem("(document)",
            "expected a mapping of fields at the top level, got " + SpecNode.describe(tree)));
        return null;
      }
      if (parser.nextToken() != null) {
        problems.add(new SpecProblem("(document)",
            "more than one YAML document; a run spec is exactly one"));
      }
      return tree;
    } catch (JsonProcessingException e) {
      problems.add(new SpecProblem("(syntax)", syntaxReason(e)));
      return null;
    } catch (IOException e) {
      // Reading from a String cannot fail for I/O reasons; anything else is a parse failure.
      problems.add(new SpecProblem("(syntax)", String.valueOf(e.getMessage())));
      return null;
    }
  }

  private static String syntaxReason(JsonProcessingException e) {
    // SnakeYAML (under Jackson) knows what it expected and where; its message wraps that in
    // multi-line source excerpts, so rebuild one line from the parts.
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      Mark at = m.getProblemMark();
      String reason = "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": "
          + m.getProblem();
      Mark from = m.getContextMark();
      if (m.getContext() != null && from != null) {
        reason += " (" + m.getContext() + " that starts at line " + (from.getLine() + 1)
            + ", column " + (from.getColumn() + 1) + ")";
      }
      return reason;
    }
    String detail = String.valueOf(e.getOriginalMessage()).strip();
    int newline = detail.indexOf('\n');
    if (newline > 0) {
      detail = detail.substring(0, newline).strip();
    }
    JsonLocation at = e.getLocation();
    if (at == null || at.getLineNr() < 1) {
      return detail;
    }
    return "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + detail;
  }

  /** Position of each path segment among its mapping's keys; absent keys rank after all. */
  private static List<Integer> documentRank(JsonNode tree, String path) {
    List<Integer> rank = new ArrayList<>();
    JsonNode node = tree;
    for (String segment : path.split("\\.")) {
      int index = Integer.MAX_VALUE;
      if (node != null && node.isObject()) {
        int i = 0;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); i++) {
          if (it.next().equals(segment)) {
            index = i;
            break;
          }
        }
      }
      rank.add(index);
      node = node == null ? null : node.get(segment);
    }
    return rank;
  }

  private static int lexical(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Integer.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static boolean coveredBy(SpecProblem p, List<SpecProblem> earlier) {
    for (SpecProblem e : earlier) {
      if (p.path().equals(e.path()) || p.path().startsWith(e.path() + ".")) {
        return true;
      }
    }
    return false;
  }
}
