package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.babysitter.tools.checkpoint.CheckpointLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The supervisor reads completeness through the run's {@link CheckpointLayout}: single files
 * saved by write-then-rename, Lightning's {@code epoch={e}-step={n}.ckpt}, and Hugging Face's
 * {@code checkpoint-{n}/trainer_state.json}.
 */
final class SupervisorCheckpointLayoutTest extends SupervisorScriptBase {

    /** A trainer that saves ckpt files atomically (temporary name, then rename), as nanoGPT does. */
    private String fileSaver(boolean renameFinal) throws Exception {
        Path dir = out.resolve("checkpoints");
        Path script = script("save.sh", String.join("\n",
                "mkdir -p '" + dir + "'",
                "for n in 5 10 20; do",
                "  echo \"step $n loss 1.0\"",
                "  printf data > '" + dir + "'/ckpt_$n.pt.tmp",
                "  [ $n = 20 ] && [ " + (renameFinal ? "1" : "0") + " = 0 ] && break",
                "  mv '" + dir + "'/ckpt_$n.pt.tmp '" + dir + "'/ckpt_$n.pt",
                "done",
                "exit 0"));
        return "sh '" + script + "'";
    }

    @Test
    void aRenamedSingleFileFinalCheckpointIsDone() throws Exception {
        Path durable = Files.createDirectories(tmp.resolve("durable"));
        CheckpointLayout layout = CheckpointLayout.of(out.resolve("checkpoints").toString(),
                "ckpt_{n}.pt", null, null);
        start(config(fileSaver(true), 20).withCheckpointLayout(layout)
                .withSync("cp {checkpoint} " + durable + "/"));

        assertThat(waitForExit()).isZero();

        assertThat(state().get("state").asText()).isEqualTo("done");
        assertThat(home.resolve("DONE")).exists();
        assertThat(eventsOf("done").get(0).get("detail").asText())
                .contains(out.resolve("checkpoints/ckpt_20.pt").toString());
        JsonNode synced = JSON.readTree(home.resolve("synced.json").toFile());
        assertThat(synced.get("step").asLong()).isEqualTo(20);
        assertThat(durable.resolve("ckpt_20.pt")).exists();
    }

    @Test
    void aTemporaryFileIsNeverTheFinalCheckpoint() throws Exception {
        CheckpointLayout layout = CheckpointLayout.of(out.resolve("checkpoints").toString(),
                "ckpt_{n}.pt", null, null);
        start(config(fileSaver(false), 20).withCheckpointLayout(layout));

        JsonNode state = waitForState(s -> "decision".equals(s.get("awaiting").asText()));

        assertThat(state.get("state").asText()).isEqualTo("failed");
        assertThat(state.get("reason").asText())
                .contains("no checkpoint file for step 20").contains("stopped early?");
        assertThat(home.resolve("DONE")).doesNotExist();
    }

    @Test
    void lightningNamesWithAnEpochAndEqualsSignsAreRead() throws Exception {
        Path dir = out.resolve("checkpoints");
        Path script = script("lightning.sh", String.join("\n",
                "mkdir -p '" + dir + "'",
                "printf x > '" + dir + "/epoch=0-step=10.ckpt'",
                "printf x > '" + dir + "/epoch=1-step=20.ckpt.tmp'",
                "mv '" + dir + "/epoch=1-step=20.ckpt.tmp' '" + dir + "/epoch=1-step=20.ckpt'",
                "printf x > '" + dir + "/last.ckpt'",
                "exit 0"));
        CheckpointLayout layout = CheckpointLayout.of(dir.toString(), "epoch={e}-step={n}.ckpt",
                null, null);
        start(config("sh '" + script + "'", 20).withCheckpointLayout(layout));

        assertThat(waitForExit()).isZero();
        assertThat(eventsOf("done").get(0).get("detail").asText()).contains("epoch=1-step=20.ckpt");
    }

    @Test
    void huggingFaceDirectoriesAreCompleteWithTrainerState() throws Exception {
        Path dir = out.resolve("checkpoints");
        Path script = script("hf.sh", String.join("\n",
                "mkdir -p '" + dir + "/checkpoint-20'",
                "printf '{}' > '" + dir + "/checkpoint-20/model.safetensors'",
                "exit 0"));
        CheckpointLayout layout = CheckpointLayout.of(dir.toString(), "checkpoint-{n}", null, null);
        assertThat(layout.marker()).isEqualTo("trainer_state.json");
        start(config("sh '" + script + "'", 20).withCheckpointLayout(layout));

        JsonNode state = waitForState(s -> "decision".equals(s.get("awaiting").asText()));
        assertThat(state.get("reason").asText()).contains("checkpoint-20 has no trainer_state.json");

        // The same directory with the marker written last is the final checkpoint.
        Files.writeString(dir.resolve("checkpoint-20/trainer_state.json"), "{}");
        controlTaken("relaunch", "");
        assertThat(waitForExit()).isZero();
        assertThat(home.resolve("DONE")).exists();
    }
}
