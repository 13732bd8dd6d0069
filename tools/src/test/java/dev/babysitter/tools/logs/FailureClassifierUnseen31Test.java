package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen31-logs.jsonl: 4 verbatim excerpts of 2025 post-training jobs, all committed (a verl
 * PPO run with vLLM rollouts under a dstack Ray job, finished; a verl run whose reward scorer raises
 * NotImplementedError inside a Ray task under Hydra's "Error executing job"; a QLoRA fine-tune logging in Portuguese; a
 * LoRA fine-tune of a speech model), collected by a helper who did not read the rules (it stopped at 4). Measured once,
 * with the code of 187ae76: 4/4, 0 false alarms, 0 failures called healthy.
 */
class FailureClassifierUnseen31Test {

    @Test
    void thirtyFirstUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen31", 4, 4, 0, 0);
    }
}
