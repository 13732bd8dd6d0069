package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen19-logs.jsonl: 10 verbatim excerpts (7 failures of five classes, 3 healthy logs)
 * from committed train logs, Slurm .err files, wandb logs and a notebook in repositories already on this machine (the
 * helper's search budget was spent, so no issue threads and little of the LLM emphasis it was asked for), each from a
 * repository cited nowhere else. Measured once, with the code of 8d9367d: 8/10, one "healthy" log alerted, no failure
 * called healthy; no change after. The two: a GAN log its collector labelled healthy whose last line is Slurm's
 * "*** JOB 5270 ON gpu02 CANCELLED AT .." (read, deliberately, as a stop from outside), and a device-side assert in
 * nerfstudio the collector traced to an indexing bug (the log alone reads as the GPU's).
 */
class FailureClassifierUnseen19Test {

    @Test
    void nineteenthUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen19", 10, 8, 1, 0);
    }
}
