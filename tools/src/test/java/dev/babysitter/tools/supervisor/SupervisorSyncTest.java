package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** checkpoints.sync against the real supervisor.sh and the real fake trainer. */
final class SupervisorSyncTest extends SupervisorScriptBase {

    @Test
    void syncsNewCompleteCheckpointsAndTheFinalOneBeforeDone() throws Exception {
        // A space and a "$" in the path: the sync gets it as one quoted argument, unexpanded.
        out = tmp.resolve("out dir $HOME");
        Path durable = Files.createDirectories(tmp.resolve("durable"));
        start(config(trainCmd(20, ""), 20).withSync("cp -r {checkpoint} " + durable + "/"));

        assertThat(waitForExit()).isZero();

        JsonNode synced = JSON.readTree(home.resolve("synced.json").toFile());
        assertThat(synced.get("step").asLong()).isEqualTo(20);
        assertThat(synced.get("path").asText()).isEqualTo(out.resolve("checkpoints/step-20").toString());
        assertThat(synced.get("at").asLong()).isPositive();
        assertThat(durable.resolve("step-20/metadata.json")).exists();
        List<Long> steps = eventsOf("synced").stream()
                .map(e -> Long.parseLong(e.get("detail").asText().replaceAll("^step (\\d+): .*", "$1"))).toList();
        assertThat(steps).isSorted().doesNotHaveDuplicates().endsWith(20L);
        // DONE waits for the final checkpoint's sync, and says so. The sync of step 20 may start before the exit
        // is seen (a loaded machine: the save lands a tick before the trainer's exit), never after DONE.
        List<String> kinds = kinds();
        int finalSync = kinds.lastIndexOf("synced"); // step 20's: the synced steps are sorted and end in 20
        assertThat(kinds).containsSubsequence("exit", "done");
        assertThat(finalSync).isNotNegative().isLessThan(kinds.lastIndexOf("done"));
        assertThat(eventsOf("done").get(0).get("detail").asText()).endsWith("complete; synced");
        assertThat(Files.readString(home.resolve("sync.log"))).contains("sync step 20: " + out);
        assertThat(home.resolve("sync.pid")).doesNotExist();
    }

    @Test
    void syncedStepAdvancesWhileTheTrainerKeepsRunning() throws Exception {
        Path durable = Files.createDirectories(tmp.resolve("durable"));
        // Each sync takes a while; training must not wait for it.
        start(config(trainCmd(1000, ""), 1000)
                .withSync("sleep 0.5; cp -r {checkpoint} " + durable + "/step-{step}.copy"));

        long first = waitForSyncedStep(0);
        long later = waitForSyncedStep(first);

        assertThat(later).isGreaterThan(first);
        assertThat(durable.resolve("step-" + later + ".copy/metadata.json")).exists();
        assertThat(state().get("state").asText()).isEqualTo("running");
        assertThat(kinds()).doesNotContain("sync_failed");
    }

    @Test
    void aFailedSyncIsRecordedAndNeverCountsAsSynced() throws Exception {
        start(config(trainCmd(10, ""), 10).withSync("ls {checkpoint} >/dev/null && echo 'bucket gone' >&2 && exit 9"));

        assertThat(waitForExit()).isZero();

        assertThat(home.resolve("synced.json")).doesNotExist();
        List<JsonNode> failed = eventsOf("sync_failed");
        assertThat(failed).isNotEmpty().allSatisfy(e -> assertThat(e.get("exit_code").asInt()).isEqualTo(9));
        assertThat(failed.get(failed.size() - 1).get("detail").asText()).startsWith("step 10: ");
        assertThat(eventsOf("done").get(0).get("detail").asText()).endsWith("sync of step 10 failed (status 9)");
        assertThat(Files.readString(home.resolve("sync.log"))).contains("bucket gone");
    }

    @Test
    void withoutSyncNothingIsSynced() throws Exception {
        start(config(trainCmd(10, ""), 10));

        assertThat(waitForExit()).isZero();

        assertThat(home.resolve("synced.json")).doesNotExist();
        assertThat(home.resolve("sync.log")).doesNotExist();
        assertThat(kinds()).containsExactly("start", "exit", "done");
    }

    private long waitForSyncedStep(long above) throws Exception {
        Path file = home.resolve("synced.json");
        long[] step = {-1};
        waitForState(s -> {
            try {
                step[0] = Files.exists(file) ? JSON.readTree(file.toFile()).get("step").asLong() : -1;
                return step[0] > above;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return step[0];
    }
}
