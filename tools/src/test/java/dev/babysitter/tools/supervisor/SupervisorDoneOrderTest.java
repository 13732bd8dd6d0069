package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * DONE is the positive signal the watcher tears down on, so it is written last: a probe that
 * sees it must also see state.json, the done event and synced.json finished (issue 15: a check
 * right after DONE appeared read "running" and an empty synced step).
 */
final class SupervisorDoneOrderTest extends SupervisorScriptBase {

    @Test
    void whoeverSeesDoneSeesTheWholeFinish() throws Exception {
        Path durable = Files.createDirectories(tmp.resolve("durable"));
        Path script = script("final.sh", String.join("\n",
                "mkdir -p '" + out + "/checkpoints/step-3'",
                "echo '{}' > '" + out + "/checkpoints/step-3/metadata.json'",
                "exit 0"));
        start(config("sh '" + script + "'", 3).withSync("cp -r {checkpoint} " + durable + "/"));

        Path done = home.resolve("DONE");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(done)) {
            assertThat(System.nanoTime()).as("DONE appears").isLessThan(deadline);
            Thread.onSpinWait();
        }
        // Read at once, as a probe would in the same instant.
        JsonNode state = JSON.readTree(home.resolve("state.json").toFile());
        JsonNode synced = JSON.readTree(home.resolve("synced.json").toFile());
        assertThat(state.get("state").asText()).isEqualTo("done");
        assertThat(synced.get("step").asLong()).isEqualTo(3);
        assertThat(kinds()).contains("done");
        assertThat(waitForExit()).isZero();
    }
}
