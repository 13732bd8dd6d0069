package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen41-logs.jsonl: 2 healthy excerpts of cluster jobs (Stable-Baselines3 PPO in a
 * Slurm output file, a semi-supervised domain adaptation run's .out file), collected by a helper who did not read the
 * rules (it found no fresh failure in its time). Measured once, with the code of 7480a38: 2/2, 0 false alarms.
 */
class FailureClassifierUnseen41Test {

    @Test
    void unseenSet41() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen41", 2, 2, 0, 0);
    }
}
