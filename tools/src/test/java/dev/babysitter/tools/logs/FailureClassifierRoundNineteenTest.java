package dev.babysitter.tools.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nineteenth round's class (unseen46's two false alarms) as variants no corpus row holds, with its guards: an
 * error a trainer logged at its logger's error level ("][E][", "] ERROR ", " - ERROR - ") and trained on past is not
 * what ended the log; the same line with no training after it, or a crash of its own after the training, still is.
 */
class FailureClassifierRoundNineteenTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private static List<String> trainingLines(int from, int n) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add("[2025-02-03 09:2" + (i % 10) + ":14][I][train:458] step=" + (i * 10) + " global_avg_loss="
                    + (9.0 - i * 0.01));
        }
        return out;
    }

    @Test
    void anErrorLoggedAndTrainedPastIsNoCause() {
        List<String> log = new ArrayList<>(List.of(
                "[2025-02-03 09:19:51][E][train:241:__main__] Error getting memory stats: name 'x' is not defined"));
        log.addAll(trainingLines(1, 1));
        log.add("2024-05-01 10:00:00,123 - metrics - ERROR - could not log to wandb: offline");
        log.addAll(trainingLines(2, 3));
        log.add("[2024-05-01 10:00:00] ERROR [callbacks] Failed to push checkpoint to the hub, will retry");
        log.add("Epoch 3: 40%|####      | 40/100 [00:10<00:15, loss=0.41]");
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.HEALTHY);
    }

    @Test
    void anErrorLoggedLastIsStillTheCause() {
        List<String> log = new ArrayList<>(trainingLines(1, 20));
        log.add("[2025-02-03 09:19:51][E][train:241:__main__] Error in data loader worker 3, stopping");
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.OTHER_ERROR);
        // training after an earlier error does not excuse a later one with nothing after it
        List<String> twice = new ArrayList<>(List.of("2024-05-01 10:00:00,123 - train - ERROR - retrying shard 7"));
        twice.addAll(trainingLines(1, 10));
        twice.add("2024-05-01 10:09:00,123 - train - ERROR - shard 9 unreadable, giving up");
        twice.add("Saving state before exit");
        assertThat(classifier.classify(twice).failureClass()).isEqualTo(FailureClass.OTHER_ERROR);
    }

    @Test
    void aCrashOfItsOwnAfterTheTrainingIsStillRead() {
        List<String> log = new ArrayList<>(List.of("[2025-02-03 09:19:51][E][train:241:__main__] memory stats failed"));
        log.addAll(trainingLines(1, 5));
        log.add("torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB");
        assertThat(classifier.classify(log).failureClass()).isEqualTo(FailureClass.CUDA_OOM);
    }
}
