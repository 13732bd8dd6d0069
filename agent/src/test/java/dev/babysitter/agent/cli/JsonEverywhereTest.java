package dev.babysitter.agent.cli;

import static dev.babysitter.agent.cli.Waits.logFile;
import static dev.babysitter.agent.cli.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.babysitter.agent.TestPaths;
import dev.babysitter.agent.cli.InProcessCli.Ran;
import dev.babysitter.agent.demo.Scenario;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.policy.PolicyExplainer;
import dev.babysitter.agent.policy.PolicyLoader;
import dev.babysitter.agent.session.LocalRunFixture;
import dev.babysitter.agent.session.RunLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} on babysit, logs, guard explain and demo (issue #17 item 5): stdout parses as
 * JSON (one object, or one per line for the streams), with the real values, and a failure is
 * the error object with its exit code.
 */
class JsonEverywhereTest {
  private static final String SECRET = "wandb-secret-0123456789abcdef";
  /** Strict: a second value or stray text after the object fails the parse. */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir Path dir;


  private static Ran cli(String... args) {
    return InProcessCli.main(args);
  }

  /** Every line of a stream a JSON object; none of it human text. */
  private static List<JsonNode> ndjson(String out) throws Exception {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as(line).isTrue();
        objects.add(node);
      }
    }
    return objects;
  }

  private static void assertError(Ran ran, int exitCode, String says) throws Exception {
    assertThat(ran.rc()).as(ran.out() + ran.err()).isEqualTo(exitCode);
    JsonNode error = JSON.readTree(ran.out());
    assertThat(error.get("exit_code").asInt()).isEqualTo(exitCode);
    assertThat(error.get("error").asText()).contains(says);
  }

  @Test
  void guardExplainJsonIsTheTextsRulesWithThePolicysNumbers() throws Exception {
    // given: the default policy with two numbers changed, so they can only come from the file
    String yaml = Files.readString(TestPaths.repoRoot().resolve("policies/default.yaml"))
        .replace("  total: 6\n", "  total: 7\n").replace("    nccl: 3\n", "    nccl: 4\n");
    Path file = dir.resolve("edited.yaml");
    Files.writeString(file, yaml);
    Policy policy = new PolicyLoader().load(file);
    assertThat(policy.retries().total()).isEqualTo(7);

    // when
    Ran ran = cli("guard", "explain", "--policy", file.toString(), "--json");

    // then: the rules in the text's order, with its words, and the file's limits
    assertThat(ran.rc()).as(ran.err()).isZero();
    JsonNode explained = JSON.readTree(ran.out());
    assertThat(explained.get("policy").asText()).isEqualTo("default");
    List<String> textRules = PolicyExplainer.explain(policy).stream()
        .filter(l -> l.matches("^\\d+\\. [a-z-]+: .*")).toList();
    JsonNode rules = explained.get("rules");
    assertThat(rules).hasSize(textRules.size()).hasSizeGreaterThan(10);
    for (int i = 0; i < textRules.size(); i++) {
      JsonNode rule = rules.get(i);
      assertThat(textRules.get(i)).isEqualTo(rule.get("order").asInt() + ". "
          + rule.get("rule").asText() + ": " + rule.get("explanation").asText());
    }
    JsonNode budget = rule(rules, "retry-budget").get("limits");
    assertThat(budget.get("total").asInt()).isEqualTo(7);
    assertThat(budget.get("per_signature").get("nccl").asInt()).isEqualTo(4);
    assertThat(budget.get("window").asText()).isEqualTo("1d");
    assertThat(budget.get("default_budget").asInt()).isEqualTo(policy.retries().defaultBudget());
    assertThat(rule(rules, "spend-cap").get("limits").get("max_total_usd").asDouble())
        .isEqualTo(policy.spend().maxTotalUsd());
    assertThat(rule(rules, "never-relaunch").get("limits").get("signatures"))
        .extracting(JsonNode::asText).containsExactlyElementsOf(policy.neverRelaunch());
    assertThat(rule(rules, "strict-escalation").get("limits").get("relaunch").asBoolean())
        .isEqualTo(policy.escalate().relaunch());
    assertThat(explained.get("dri_approvals").get("approval_ttl").asText()).isEqualTo("1d");
    assertThat(explained.get("watching").get("stall_checks").asInt())
        .isEqualTo(policy.alerts().stallChecks());
    assertThat(explained.get("issue_digest").get("explanation").asText()).contains("every 1d");

    // a policy that is not there: the error object, a usage error
    assertError(cli("guard", "explain", "--policy", dir.resolve("none.yaml").toString(),
        "--json"), ExitCodes.USAGE, "none.yaml");
  }

  private static JsonNode rule(JsonNode rules, String name) {
    for (JsonNode r : rules) {
      if (r.get("rule").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no rule " + name + " in " + rules);
  }

  @Test
  void logsAndBabysitPrintScrubbedJsonAndEndWithTheOutcome() throws Exception {
    // given: a live local run whose environment holds a secret
    LocalRunFixture run = new LocalRunFixture(dir, "tiny", "\"python3 trainer/train.py "
        + "--steps 60 --out {output_root} --ckpt-every 10 --step-time 0.3\"",
        "{WANDB_API_KEY: \"" + SECRET + "\"}", LocalRunFixture.demoPolicy());
    RunLauncher.Result launched = new RunLauncher(run.factory, Clock.systemUTC())
        .launch(run.spec, run.specFile, run.repo);
    assertThat(launched.refusal()).isNull();
    String state = run.factory.workspace().root().toString();
    try {
      Path log = logFile(launched.instance().home());
      waitFor(() -> Files.exists(log) && Files.readAllLines(log).size() >= 3);
      Files.writeString(log, "debug: key=" + SECRET + "\n", StandardOpenOption.APPEND);

      // logs --json: one object, the tail's lines scrubbed as the text output scrubs them (a
      // long tail: the trainer goes on writing after the line added here)
      Ran tail = cli("logs", "tiny", "--state", state, "--lines", "200", "--json");
      assertThat(tail.rc()).as(tail.err()).isZero();
      JsonNode logs = JSON.readTree(tail.out());
      assertThat(logs.get("run").asText()).isEqualTo("tiny");
      List<String> lines = new ArrayList<>();
      logs.get("lines").forEach(l -> lines.add(l.asText()));
      assertThat(lines).hasSizeGreaterThan(3).noneMatch(l -> l.contains(SECRET))
          .anyMatch(l -> l.startsWith("debug: key=") && l.contains("***"));
      assertThat(tail.out()).doesNotContain(SECRET);
      assertThat(JSON.readTree(cli("logs", "tiny", "--state", state, "--lines", "2", "--json")
          .out()).get("lines")).hasSize(2);

      // logs -f --json: one {"line": …} per line, new lines included
      StringWriter followed = new StringWriter();
      Thread follow = new Thread(() -> {
        picocli.CommandLine c = Main.commandLine();
        c.setOut(new PrintWriter(followed, true));
        c.setErr(new PrintWriter(new StringWriter(), true));
        c.execute("logs", "tiny", "--state", state, "-f", "--lines", "1", "--poll", "200ms",
            "--json");
      });
      follow.start();
      waitFor(() -> !followed.toString().isEmpty());
      Files.writeString(log, "marker token=" + SECRET + "\n", StandardOpenOption.APPEND);
      waitFor(() -> followed.toString().contains("marker token="));
      String stream = followed.toString();
      follow.interrupt();
      follow.join(60_000);
      List<JsonNode> followedLines = ndjson(stream.substring(0, stream.lastIndexOf('\n') + 1));
      assertThat(followedLines).allMatch(o -> o.size() == 1 && o.has("line"))
          .anyMatch(o -> o.get("line").asText().startsWith("marker token=")
              && o.get("line").asText().contains("***"));
      assertThat(stream).doesNotContain(SECRET);

      // babysit --json: a status object per change, then one saying how it ended
      Ran babysat = cli("babysit", "tiny", "--state", state, "--max-wall", "3m", "--json");
      assertThat(babysat.rc()).as(babysat.out() + babysat.err()).isZero();
      List<JsonNode> events = ndjson(babysat.out());
      List<JsonNode> statuses = events.stream()
          .filter(e -> e.get("event").asText().equals("status")).toList();
      assertThat(statuses).isNotEmpty().allSatisfy(s -> {
        assertThat(s.get("run").asText()).isEqualTo("tiny");
        assertThat(s.get("attempt").asInt()).isPositive();
        assertThat(s.get("final_step").asLong()).isEqualTo(60);
        assertThat(Instant.parse(s.get("time").asText())).isBefore(Instant.now());
        assertThat(s.get("line").asText()).contains("run=tiny", "state=" + s.get("state")
            .asText(), "action=" + s.get("action").asText());
        assertThat(s.has("phase") && s.has("alerts")).isTrue();
      });
      assertThat(statuses.get(0).get("instance").asText()).isEqualTo(launched.instance().id());
      assertThat(statuses.get(0).get("phase").asText()).isEqualTo("running");
      JsonNode end = events.get(events.size() - 1);
      assertThat(end.get("event").asText()).isEqualTo("end");
      assertThat(end.get("finished").asBoolean()).isTrue();
      assertThat(end.get("exit_code").asInt()).isEqualTo(ExitCodes.OK);
      assertThat(end.get("runs").get(0).get("outcome").asText())
          .isEqualTo(run.factory.store().load("tiny").orElseThrow().outcome).isEqualTo("done");
      assertThat(events.subList(0, events.size() - 1)).allMatch(e -> e.get("event").asText()
          .equals("status"));
    } finally {
      run.factory.provider(run.spec).destroy(launched.instance());
    }

    // a run that is not there: the error object with not-found, from each
    assertError(cli("logs", "nosuch", "--state", state, "--json"), ExitCodes.NOT_FOUND,
        "no run named 'nosuch'");
    assertError(cli("logs", "nosuch", "--state", state, "-f", "--json"), ExitCodes.NOT_FOUND,
        "no run named 'nosuch'");
    assertError(cli("babysit", "nosuch", "--state", state, "--json"), ExitCodes.NOT_FOUND,
        "no run named 'nosuch'");
    assertError(cli("logs", "tiny", "--state", state, "--lines", "0", "--json"),
        ExitCodes.USAGE, "--lines");
  }

  @Test
  void demoJsonIsOneSummaryObjectNamingTheOutcome() throws Exception {
    assertError(cli("demo", "--scenario", "meteor", "--json"), ExitCodes.USAGE,
        "unknown scenario 'meteor'");

    // The demo copies its trainer and policy from the install root.
    String before = System.getProperty("babysitter.home");
    System.setProperty("babysitter.home", TestPaths.repoRoot().toString());
    Ran ran;
    try {
      ran = cli("demo", "--scenario", "healthy", "--workspace", dir.resolve("ws").toString(),
          "--json");
    } finally {
      if (before == null) {
        System.clearProperty("babysitter.home");
      } else {
        System.setProperty("babysitter.home", before);
      }
    }

    assertThat(ran.rc()).as(ran.out() + ran.err()).isZero();
    JsonNode summary = JSON.readTree(ran.out());
    assertThat(summary.get("scenario").asText()).isEqualTo("healthy");
    assertThat(summary.get("outcome").asText()).isEqualTo(Scenario.HEALTHY.expectedOutcome());
    assertThat(summary.get("as_expected").asBoolean()).isTrue();
    assertThat(summary.get("exit_code").asInt()).isEqualTo(ExitCodes.OK);
    assertThat(summary.get("run").asText()).isEqualTo("demo-healthy");
    assertThat(summary.get("relaunches")).isEmpty();
    Path logbook = Path.of(summary.get("logbook").asText());
    assertThat(logbook).isRegularFile();
    assertThat(Files.readString(logbook, StandardCharsets.UTF_8)).contains("## Final Seal");
    assertThat(Path.of(summary.get("issue_thread").asText())).isRegularFile();
    assertThat(summary.get("plots")).isNotEmpty()
        .allSatisfy(p -> assertThat(Path.of(p.asText())).isRegularFile());
    assertThat(summary.get("workspace").asText()).isEqualTo(dir.resolve("ws").toString());
  }
}
