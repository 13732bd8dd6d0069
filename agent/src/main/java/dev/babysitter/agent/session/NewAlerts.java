package dev.babysitter.agent.session;

import dev.babysitter.agent.playbook.Playbook;
import dev.babysitter.agent.run.RunRecord;
import dev.babysitter.agent.run.RunStore;
import dev.babysitter.agent.watch.Alert;
import dev.babysitter.agent.watch.AlertKind;
import dev.babysitter.agent.watch.Assessment;
import dev.babysitter.tools.probe.Probe;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a check's alerts into the run's detections: recorded once per attempt, saved first. */
final class NewAlerts {
  private static final Pattern EVENT_TS = Pattern.compile("\"ts\":(\\d+)");
  private final RunRecord record;
  private final RunStore store;
  private final RunJournal journal;

  NewAlerts(RunRecord record, RunStore store, RunJournal journal) {
    this.record = record;
    this.store = store;
    this.journal = journal;
  }

  /**
   * The assessment's alerts not yet recorded for this attempt: each saved as a detection (with
   * when it happened on the instance, for detection latency) and written to the logbook once;
   * alerts no longer raised are closed, so a later recurrence counts again.
   */
  List<Alert> recordNew(Assessment assessment, Probe probe, Instant now)
      throws IOException {
    List<Alert> fresh = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (Alert raw : assessment.alerts()) {
      Alert alert = raw;
      boolean ourKill = false;
      if (raw.kind() == AlertKind.CRASH && Playbook.exitIsOurKill(record, assessment)) {
        // We killed this trainer ourselves: its exit carries the cause we killed it for.
        alert = new Alert(raw.kind(), "killed by the babysitter (" + record.killSignature
            + "); " + raw.evidence(), record.killSignature);
        ourKill = true;
      } else if (raw.kind() == AlertKind.CRASH && record.killSignature != null
          && record.killAttempt == assessment.memory().attempt()) {
        // Our kill found no live trainer (the supervisor says so): it had crashed on its own.
        alert = new Alert(raw.kind(), "exited on its own before the babysitter's kill reached it; "
            + raw.evidence(), raw.signature(), raw.atStep());
      }
      if ("nan_loss".equals(alert.signature()) && alert.atStep() != null
          && (record.nanOnsetStep == null || alert.atStep() < record.nanOnsetStep)) {
        record.nanOnsetStep = alert.atStep();
      }
      String key = alert.kind().label() + "#" + assessment.memory().attempt();
      current.add(key);
      if (record.openAlerts.contains(key)) {
        continue;
      }
      record.openAlerts.add(key);
      if (alert.kind() != AlertKind.MONITOR_STALE) {
        record.phase = record.phase.equals("escalated") ? "escalated" : "alert";
      }
      Instant happened = happenedAt(alert, probe, now);
      RunRecord.Detection detection = new RunRecord.Detection(alert.kind().label(),
          alert.signature(), happened, now);
      record.detections.add(detection);
      store.save(record);
      journal.alert(record, alert, assessment, detection, ourKill);
      fresh.add(alert);
    }
    record.openAlerts.retainAll(current);
    return fresh;
  }

  /** When the failure happened on the instance, for detection latency. */
  private static Instant happenedAt(Alert alert, Probe probe, Instant now) {
    if (alert.kind() == AlertKind.CRASH || alert.kind() == AlertKind.EARLY_EXIT) {
      for (int i = probe.newEvents().size() - 1; i >= 0; i--) {
        String event = probe.newEvents().get(i);
        if (event.contains("\"event\":\"exit\"")) {
          Matcher m = EVENT_TS.matcher(event);
          if (m.find()) {
            return Instant.ofEpochSecond(Long.parseLong(m.group(1)));
          }
        }
      }
      return null;
    }
    if (alert.kind() == AlertKind.STALL && probe.logAgeS() != null) {
      return now.minusSeconds(probe.logAgeS());
    }
    return null;
  }
}
