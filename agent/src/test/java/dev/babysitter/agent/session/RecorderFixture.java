package dev.babysitter.agent.session;

import dev.babysitter.agent.record.Recorder;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.tools.issues.IssueRef;
import dev.babysitter.tools.issues.LocalIssues;
import dev.babysitter.tools.issues.Outbox;
import dev.babysitter.tools.logbook.Logbook;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A recorder over a temp logbook (no git) and a local issue store, for journal tests. */
final class RecorderFixture {
  final Path logbookFile;
  final LocalIssues issues;
  final Recorder recorder;
  final RunJournal journal;
  final RunRecord record = new RunRecord();

  RecorderFixture(Path dir, Clock clock) throws Exception {
    logbookFile = dir.resolve("logbooks/tiny.md");
    issues = new LocalIssues(dir.resolve("issues"), "local/tiny", "babysitter-bot", clock);
    recorder = new Recorder("tiny", new Logbook(logbookFile, s -> s), logbookFile, null, issues,
        new Outbox(dir.resolve("outbox.jsonl"), issues, clock), s -> s);
    IssueRef issue = recorder.open("Run tiny", Map.of("DRI", "octocat"), null,
        "logbooks/tiny.md");
    record.runName = "tiny";
    record.issue = issue;
    journal = new RunJournal(recorder, s -> s, clock, "octocat", r -> { });
  }

  String logbook() throws java.io.IOException {
    return java.nio.file.Files.readString(logbookFile);
  }
}
