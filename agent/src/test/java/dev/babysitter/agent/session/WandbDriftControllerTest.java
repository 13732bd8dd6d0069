package dev.babysitter.agent.session;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunSpecLoader;
import dev.babysitter.tools.logbook.GitJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * W&B wired end to end: a launched local run whose spec names a W&B run, a controller built by
 * the factory, W&B (WireMock) answering with another display name: the check raises
 * wandb_drift, the logbook and the issue get it, and the key appears nowhere.
 */
class WandbDriftControllerTest {
  static final String KEY = "wandb-sekrit-0123456789abcdef0123456789abcdef";

  @RegisterExtension
  static WireMockExtension wandb = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir Path tmp;
  private RunFactory factory;
  private RunRecord record;

  @AfterEach
  void destroy() throws Exception {
    if (record != null && record.instance != null) {
      factory.provider(new RunSpecLoader().load(tmp.resolve("repo/runs/wb.yaml")))
          .destroy(record.instance);
    }
  }

  @Test
  void driftReachesTheLogbookAndTheIssue() throws Exception {
    LocalRunFixture run = new LocalRunFixture(tmp, "wb", "\"sleep 120\"", "{}",
        LocalRunFixture.demoPolicy());
    Files.writeString(run.specFile, "wandb: {project: team/proj, id: abc123, name: hero-7b}\n",
        StandardOpenOption.APPEND);
    try (GitJournal git = GitJournal.open(run.repo, "origin", "main", "t", "t@example.invalid")) {
      git.commitAndPush("wandb", run.specFile);
    }
    var spec = new RunSpecLoader().load(run.specFile);
    factory = new RunFactory(new Workspace(tmp.resolve("babysitter")), Clock.systemUTC(),
        run.repo, new VastAccess(Map.of("WANDB_API_KEY", KEY, "WANDB_BASE_URL", wandb.baseUrl()),
            tmp.resolve("home"), "/workspace/babysitter", "/workspace"));
    factory.useFakeGpu(run.repo.resolve("trainer/bin"));
    String summary = "{\\\"_step\\\": 0, \\\"_timestamp\\\": " + Instant.now().getEpochSecond()
        + "}";
    wandb.stubFor(post(urlPathEqualTo("/graphql")).willReturn(okJson(
        "{\"data\":{\"project\":{\"run\":{\"id\":\"x\",\"name\":\"abc123\",\"displayName\":"
            + "\"someone-elses-run\",\"state\":\"running\",\"heartbeatAt\":null,"
            + "\"summaryMetrics\":\"" + summary + "\",\"historyKeys\":{}}}}}")));

    record = new RunLauncher(factory, Clock.systemUTC()).launch(spec, run.specFile, run.repo)
        .record();
    RunController controller = factory.controller(spec, record, r -> {});
    Path logbook = run.repo.resolve("logbooks/wb.md");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!Files.readString(logbook).contains("alert: wandb_drift")
        && Instant.now().isBefore(deadline)) {
      controller.check();
      Thread.sleep(500);
    }
    String text = Files.readString(logbook);
    assertThat(text).contains("W&B watch: W&B run team/proj/abc123 is checked",
        "alert: wandb_drift", "someone-elses-run", "\"hero-7b\"").doesNotContain(KEY);
    wandb.verify(postRequestedFor(urlPathEqualTo("/graphql")));
    String thread = String.join("\n", Files.readAllLines(tmp.resolve(
        "babysitter/issues/1/thread.md")));
    assertThat(thread).contains("**wandb_drift**").doesNotContain(KEY);
  }
}
