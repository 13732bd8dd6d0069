package dev.babysitter.agent.session;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardStates;
import dev.babysitter.agent.guard.checks.RetryBudgetCheck;
import dev.babysitter.agent.policy.Policies;
import dev.babysitter.agent.policy.Policy;
import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.record.RunPlots;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpec;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.agent.watch.Health;
import dev.babysitter.agent.watch.StatusLine;
import dev.babysitter.agent.watch.WatchMemory;
import dev.babysitter.tools.issues.LocalIssues;
import dev.babysitter.tools.issues.Outbox;
import dev.babysitter.tools.logbook.Logbook;
import dev.babysitter.tools.logs.Progress;
import dev.babysitter.tools.notify.Notifications;
import dev.babysitter.tools.plot.JFreeChartRenderer;
import dev.babysitter.tools.plot.SampleFile;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A demo-like run through the real journal, recorder, logbook, local issue store, plots and a
 * Slack webhook (WireMock): what a person reads has readable times and durations, no "null",
 * paths relative to the output root, plots linked from the seal, and Slack got every milestone.
 */
class ReadableRecordTest {
  static final String ROOT = "/work/out/tiny";

  @TempDir Path dir;
  WireMockServer slack;
  final Stepped clock = new Stepped(Instant.parse("2026-12-06T12:00:00.123456789Z"));

  /** Nanoseconds in the start time on purpose: none of them may reach the record. */
  static final class Stepped extends Clock {
    private Instant now;

    Stepped(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() {
    slack = new WireMockServer(wireMockConfig().dynamicPort());
    slack.start();
    slack.stubFor(post("/services/T1/B1/hooksecret").willReturn(aResponse().withStatus(200)));
  }

  @AfterEach
  void stop() {
    slack.stop();
  }

  @Test
  void aDemoLikeRunReadsWellHasItsPlotsAndTellsSlackWhatItTellsTheIssue() throws Exception {
    Path repo = dir.resolve("repo");
    Path logbookFile = repo.resolve("logbooks/tiny.md");
    LocalIssues issues = new LocalIssues(dir.resolve("issues"), "local/tiny", "babysitter-bot",
        clock);
    Recorder recorder = new Recorder("tiny", new Logbook(logbookFile, s -> s), logbookFile, null,
        issues, new Outbox(dir.resolve("state/outbox.jsonl"), issues, clock), s -> s);
    recorder.relativeTo(ROOT);
    recorder.notifyTo(Notifications.fromEnvironment(Map.of("slack", "SLACK_WEBHOOK_URL"),
        Map.of("SLACK_WEBHOOK_URL", "http://localhost:" + slack.port()
            + "/services/T1/B1/hooksecret"), dir.resolve("state"), clock));
    RunRecord r = new RunRecord();
    r.runName = "tiny";
    r.issue = recorder.open("Run tiny", Map.of("DRI", "octocat", "Output root", ROOT), null,
        "logbooks/tiny.md");
    RunJournal journal = new RunJournal(recorder, s -> s, clock, "octocat", x -> { });
    RunPlots plots = new RunPlots("tiny", new SampleFile(dir.resolve("state/samples.jsonl"),
        SampleFile.DEFAULT_MAX), RunPlots.dirBeside(logbookFile, "tiny"), repo,
        new JFreeChartRenderer());
    journal.plotTo(plots);
    RunSpec spec = spec();
    Policy policy = Policies.demo();

    recorder.comment(r.issue, "launched `local-tiny-1`; logbook `logbooks/tiny.md`; final step "
        + "60; teardown on done: destroy.");
    for (int i = 0; i <= 12; i++) { // attempt 1 up to its crash at step 24
      observe(journal, r, 1, 2L * i, 8.5 - 0.4 * i, i == 12 ? 0 : 95);
    }
    Assessment crashed = assessment(24, 3.5, 1);
    journal.alert(r, new Alert(AlertKind.CRASH, "NCCL error in: ProcessGroupNCCL.cpp", "nccl"),
        crashed, new RunRecord.Detection("crash", "nccl", clock.instant().minusSeconds(1),
            clock.instant()), false);
    Action.Relaunch relaunch = new Action.Relaunch(ROOT + "/checkpoints/step-20", "nccl",
        Map.of());
    Decision allowed = new RetryBudgetCheck().check(relaunch, GuardStates.state().build(),
        policy, clock.instant());
    assertThat(allowed.allowed()).isTrue();
    journal.decision(r, relaunch, allowed, "trainer exited; resume from " + ROOT
        + "/checkpoints/step-20");
    r.relaunches.add(new dev.babysitter.agent.guard.GuardState.RelaunchMark(clock.instant(),
        "nccl"));
    journal.relaunched(r, relaunch);
    for (int i = 10; i <= 20; i++) { // attempt 2
      observe(journal, r, 2, 2L * i, 4.5 - 0.1 * i, 93);
    }
    // The budget spent: the real check's reason (with its window) goes to the DRI.
    Decision spent = new RetryBudgetCheck().check(relaunch, GuardStates.state()
        .relaunched("nccl", policy.retries().budgetFor("nccl"), Duration.ofMinutes(1)).build(),
        policy, GuardStates.NOW); // GuardStates counts relaunches back from its own NOW
    assertThat(spent).isInstanceOf(Decision.Escalate.class);
    Decision.Escalate escalate = new Decision.Escalate(((Decision.Escalate) spent).rule(),
        ((Decision.Escalate) spent).reason(), "A-0c0ffe");
    journal.escalated(r, relaunch, escalate, "the nccl crash came back");
    journal.digest(spec, r, assessment(40, 2.5, 2), 1.25);
    for (int i = 21; i <= 30; i++) {
      observe(journal, r, 2, 2L * i, 2.5 - 0.02 * i, 90);
    }
    journal.sealed(spec, r, new Action.Seal(ROOT + "/checkpoints/step-60", true),
        assessment(60, 1.9, 2));
    recorder.flush();

    String logbook = Files.readString(logbookFile);
    String thread = Files.readString(issues.threadFile(r.issue));
    for (String text : List.of(logbook, thread)) {
      assertThat(text).doesNotContainPattern("PT\\d").doesNotContain("null")
          .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d")
          .doesNotContain(ROOT + "/");
    }
    assertThat(logbook).contains("- Output root: " + ROOT, "relaunch after nccl from "
        + "checkpoints/step-20", "- Final checkpoint: checkpoints/step-60",
        "- Plots: [loss](tiny/loss.svg), [throughput](tiny/throughput.svg), [gpu](tiny/gpu.svg)"
            + ", [cost](tiny/cost.svg)")
        .containsPattern("within \\d+[dhm]");
    assertThat(thread).contains("2026-12-06 12:00:00 UTC", "relaunched (nccl, relaunch 1) from "
        + "`checkpoints/step-20`", "Plots: `logbooks/tiny/loss.svg`");

    expectSeries(plots.dir().resolve("loss.svg"), "tiny: loss", "loss", "eval loss");
    expectSeries(plots.dir().resolve("throughput.svg"), "tiny: throughput", "steps/s");
    expectSeries(plots.dir().resolve("gpu.svg"), "tiny: GPU", "GPU utilisation %",
        "GPU memory %");
    expectSeries(plots.dir().resolve("cost.svg"), "tiny: cost", "cost so far $");

    List<String> comments = recorder.commentBodies(r.issue);
    List<String> told = slackTexts();
    assertThat(told).hasSameSizeAs(comments).hasSize(6);
    for (int i = 0; i < comments.size(); i++) {
      assertThat(told.get(i)).isEqualTo(comments.get(i).replace("🤖 ", "🤖 [tiny] ")
          .replaceAll("\\*\\*([^*\\n]+)\\*\\*", "*$1*"));
    }
    assertThat(String.join("\n", told)).doesNotContain("hooksecret");
  }

  private void observe(RunJournal journal, RunRecord r, int attempt, long step, double loss,
      int gpu) {
    clock.advance(Duration.ofSeconds(30));
    journal.observed(r, new StatusLine(clock.instant(), "tiny", "running", attempt, step, 60L,
        0.066, gpu, 70, loss, step % 20 == 0 ? loss + 0.3 : null, step * 0.002, 600L, 30L,
        "none", List.of()));
  }

  private Assessment assessment(long step, double loss, int attempt) {
    clock.advance(Duration.ofSeconds(5));
    Progress p = new Progress("tqdm", step, "global", null, 60L, step, loss, null, 0.066, null,
        false);
    WatchMemory memory = WatchMemory.fresh(attempt);
    return new Assessment(Health.HEALTHY, List.of(), p, null, 0.066, Duration.ofMinutes(90),
        memory, null);
  }

  private RunSpec spec() throws Exception {
    return new RunSpecLoader().parse(String.join("\n", "name: tiny", "dri: octocat",
        "command: \"python3 train.py --out {output_root}\"", "output_root: " + ROOT,
        "final_step: 60", "limits: {auto_destroy_after: 1h}", "policy: policies/demo.yaml",
        "notify: {slack: {webhook_env: SLACK_WEBHOOK_URL}}", ""), "run.yaml");
  }

  private static void expectSeries(Path svg, String... texts) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    NodeList nodes = f.newDocumentBuilder().parse(new InputSource(new StringReader(
        Files.readString(svg)))).getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
    List<String> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add(nodes.item(i).getTextContent());
    }
    assertThat(found).as(svg.toString()).contains(texts).contains(
        "minutes since the first check");
  }

  private List<String> slackTexts() throws Exception {
    List<ServeEvent> events = new ArrayList<>(slack.getAllServeEvents());
    Collections.reverse(events);
    List<String> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (ServeEvent e : events) {
      out.add(json.readTree(e.getRequest().getBodyAsString()).path("text").asText());
    }
    return out;
  }
}
