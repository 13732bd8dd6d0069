package dev.babysitter.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.babysitter.agent.guard.Action;
import dev.babysitter.agent.guard.Decision;
import dev.babysitter.agent.guard.GuardStates;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every decision on a non-read action lands in the logbook with verdict, rule and reason. */
class DecisionAuditTest {

  @Test
  void allowDenyAndEscalateAreAllWrittenReadsAreCounted(@TempDir Path dir) throws Exception {
    RecorderFixture f = new RecorderFixture(dir, GuardStates.CLOCK);

    f.journal.decision(f.record, new Action.Relaunch("/c/step-10", "nccl", Map.of()),
        new Decision.Allow("retry-budget", "nccl 1/3"), "trainer exited");
    f.journal.decision(f.record, new Action.KillTrainer("stall: x"),
        new Decision.Deny("destructive-rate", "last destructive action was 3s ago"), "stall");
    f.journal.decision(f.record, new Action.DeleteCheckpoint("/c/step-9"),
        new Decision.Escalate("delete-checkpoint", "needs the DRI", "A-abc123"), "disk");
    f.journal.decision(f.record, new Action.TailLog(200),
        new Decision.Allow("all-checks", "no rule objects"), "look");
    f.journal.decision(f.record, new Action.GpuStatus(),
        new Decision.Deny("token-budget", "too many rounds"), "look");

    String log = f.logbook();
    assertThat(log).contains("decision: relaunch allow", "rule retry-budget", "nccl 1/3")
        .contains("decision: kill_trainer deny", "rule destructive-rate", "3s ago")
        .contains("decision: delete_checkpoint escalate", "A-abc123")
        .contains("decision: gpu_status deny", "token-budget")
        .doesNotContain("tail_log");
    assertThat(f.record.readsAllowed).isEqualTo(1);
  }
}
