package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen47-logs.jsonl: 7 HPC job outputs committed to repositories (Slurm .out and
 * .err files of GPT pretraining and evaluation, a VAE, a TF decode job on Python 2.7 failing on GLIBC, a job
 * cancelled at its time limit, nohup.out of multi-GPU segmentation runs), collected by a helper who did not read
 * the rules. Measured once, with the code of 14c982d: 7/7, 0 false alarms, 0 failures called healthy.
 */
class FailureClassifierUnseen47Test {

    @Test
    void unseenSet47() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen47", 7, 7, 0, 0);
    }
}
