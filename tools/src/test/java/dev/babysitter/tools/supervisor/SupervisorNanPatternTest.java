package dev.babysitter.tools.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's NaN wake-up pattern, taken from the installed supervisor.sh and run through the real
 * {@code grep -E} under {@code sh}, as scan_nan runs it, on the ways real trainers print a NaN or inf loss.
 */
final class SupervisorNanPatternTest {

    @TempDir
    Path tmp;

    @Test
    void nanAndInfLossesInRealNotationsWakeTheWatcher() throws Exception {
        String assignment = assignment();
        for (String line : List.of(
                "{'loss': nan, 'grad_norm': nan, 'learning_rate': 1e-05, 'epoch': 0.5}",
                "Epoch 3/10: 100%|##########| 500/500 [01:02<00:00, loss=nan, v_num=0]",
                "iter 40: loss=-inf lr=3e-4",
                "{\"step\": 12, \"loss\": NaN}",
                "{\"step\": 12, \"train_loss\": Infinity}",
                "Epoch 3, step 120, loss: tensor(nan, device='cuda:0', grad_fn=<NllLossBackward0>)",
                "[1/200][300/938] Loss_D: 0.41 Loss_G: nan D(x): 0.5",
                "step 900 | loss_total: nan | loss_ce: nan",
                "train/loss NaN at step 88",
                "Loss is nan, stopping training",
                "losses: [nan, nan, 0.2]",
                "Epoch 2: 40%| 40/100 [00:10<00:15, train_loss_step=nan]")) {
            assertThat(wakes(assignment, line)).as(line).isTrue();
        }
    }

    @Test
    void healthyLinesAndNanCountersDoNotWakeIt() throws Exception {
        String assignment = assignment();
        for (String line : List.of(
                "{'loss': 0.6931, 'grad_norm': 1.2, 'learning_rate': 1e-05, 'epoch': 0.5}",
                "step 100 loss_nan_count: 0 loss: 2.31",
                "INFO loss: 2.31 info: ok",
                "Validation loss decreased (inf --> 0.693147).  Saving model ...",
                "loss 2.3 grad_norm nan (skipped)",
                "loss_scale: 65536 nan_steps: 0",
                "lossnan")) {
            assertThat(wakes(assignment, line)).as(line).isFalse();
        }
    }

    private String assignment() throws IOException {
        Path script = SupervisorScript.installInto(tmp.resolve("bin"));
        return Files.readAllLines(script, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("NAN_LOSS_RE=")).findFirst().orElseThrow();
    }

    private boolean wakes(String assignment, String line) throws Exception {
        Process p = new ProcessBuilder("sh", "-c",
                assignment + "\nprintf '%s\\n' \"$1\" | grep -a -q -i -E \"$NAN_LOSS_RE\"", "sh", line)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertThat(rc).as("grep failed for %s: %s", line, out).isIn(0, 1);
        return rc == 0;
    }
}
