package dev.babysitter.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.babysitter.agent.TestPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Vast's documented reply shapes for CLI tests: the same files VastClientTest serves (tools'
 * test resources), varied per test by changing single fields, so the shapes stay Vast's own.
 */
final class VastApiFixtures {
  static final String KEY = "sekrit-cli-vast-key-0123456789abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  private VastApiFixtures() {}

  static String text(String name) {
    try {
      return Files.readString(TestPaths.repoRoot()
          .resolve("tools/src/test/resources/vast/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode json(String name) {
    try {
      return (ObjectNode) JSON.readTree(text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The running instance row of list-one.json with another id, label and status. */
  static ObjectNode instance(long id, String label, String status, double dph) {
    ObjectNode row = ((ObjectNode) json("list-one.json").get("instances").get(0)).deepCopy();
    row.put("id", id).put("label", label).put("dph_total", dph);
    if (status == null) {
      row.putNull("actual_status");
    } else {
      row.put("actual_status", status);
    }
    return row;
  }

  /** A v1 list page (list-one.json's envelope) holding {@code rows}. */
  static String listPage(ObjectNode... rows) {
    ObjectNode page = json("list-one.json");
    ArrayNode instances = page.putArray("instances");
    ObjectNode counts = page.putObject("label_counts");
    for (ObjectNode r : rows) {
      instances.add(r);
      counts.put(r.path("label").asText(), counts.path(r.path("label").asText()).asInt() + 1);
    }
    page.put("instances_found", rows.length).put("total_instances", rows.length);
    return page.toString();
  }

  /** The first offer of offers.json, changed by {@code edit}. */
  static ObjectNode offer(Consumer<ObjectNode> edit) {
    ObjectNode o = ((ObjectNode) json("offers.json").get("offers").get(0)).deepCopy();
    edit.accept(o);
    return o;
  }

  /** One in-process CLI run: exit code and what it printed. */
  record Run(int exit, String out, String err) {}

  static Run run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
