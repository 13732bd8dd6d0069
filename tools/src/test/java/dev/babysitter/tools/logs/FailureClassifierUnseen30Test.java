package dev.babysitter.tools.logs;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The classifier on failures/unseen30-logs.jsonl: 14 verbatim excerpts of jobs whose output was committed or pasted
 * whole (7 healthy, among them eval tables with ndcg nan, class_error and weight warnings; a full disk, a Caffe cuBLAS
 * CHECK, a missing module, a Keras "Invalid loss, terminating training" over inf, a network failure, a CUDA OOM, a
 * bare Killed after "Summoning checkpoint."), from repositories and issue threads cited nowhere else, collected by a
 * helper who did not read the rules. Measured once, with the code of 765a39b: 14/14, 0 false alarms, 0 failures called
 * healthy.
 */
class FailureClassifierUnseen30Test {

    @Test
    void thirtiethUnseenSet() throws IOException {
        FailureClassifierPublicCorpusTest.assertUnseenSet("unseen30", 14, 14, 0, 0);
    }
}
